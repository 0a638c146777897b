package io.sluice.detect.analytics;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.detect.DetectorContext;
import io.sluice.detect.Evidence;
import io.sluice.detect.Severity;
import io.sluice.detect.dns.DnsLookups;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.protocol.http.HttpTransaction;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds a client talking to one web host through URIs that carry a different long base64 or hex
 * blob each time: data or commands encoded into the request line, the HTTP form of a C2 or
 * exfiltration channel; and through request bodies that are nothing but one such blob of sealed
 * (encrypted or compressed) data, the way CryptoWall 4 posts {@code o=6b7876...} to its proxies.
 *
 * <p>ATT&CK: T1132 Data Encoding, T1132.001 Standard Encoding (base64, hex); T1132.002 Non-Standard
 * Encoding when the blobs are in the NetBIOS nibble encoding (RFC 1001's first-level encoding, each
 * byte as two letters {@code 'a' + nibble}, or {@code 'A' + nibble}), which C2 frameworks offer for
 * hiding data in HTTP (Cobalt Strike's malleable profiles' {@code netbios} and {@code netbiosu}
 * transforms) and which no web application uses. DS0029: Network Traffic Content
 * (the URI and the request body's first 1,024 bytes, which the transaction carries unlogged).
 * Cookies are not read: load balancers rotate theirs on every response (AWS's {@code AWSALB} is a
 * new base64 blob each time), which would look like a channel.
 *
 * <p>Evidence: {@link HttpTransaction} URIs; every path segment and query value (URL-decoded) of
 * at least {@code min_length} = 24 characters that is all base64 (standard or URL-safe, padding
 * allowed, with lower case, upper case and digits and a length base64 can have) with Shannon entropy at
 * least {@code min_entropy} = 3.5 bits per character, or all hex of even length at least 32 with
 * entropy at least 3.0 (hex's ceiling is 4), or NetBIOS-encoded: letters {@code a}-{@code p} only
 * (or {@code A}-{@code P} only), at least one of them past {@code f} (else it is hex), even length
 * at least 32, entropy at least 3.0 (16 letters: the same ceiling as hex). English words and paths
 * stay far below: a 24-character random base64 string has about 4.2 bits per character, a long
 * lower-case word about 3, and words of 32 letters or more without any of {@code q}-{@code z}
 * are not found in URIs.
 *
 * <p>A body counts when it is whole in those 1,024 bytes and is one blob of at least
 * {@value #MIN_BODY_BLOB} characters, bare or as the value of a single form field (hex of any
 * length here: CryptoWall's often has an odd digit over), and the bytes
 * the blob decodes to are not text (at least a fifth outside printable ASCII): the body of a form
 * has several fields (a CSRF token is one blob among them), and analytics SDKs that post
 * {@code data=<base64>} encode readable JSON.
 *
 * <p>A URI blob that agrees with one already counted for the pair at a quarter or more of its first
 * {@value #SIGNATURE} positions is a variant of it, not new data: server-issued tokens built from
 * fixed fields (Google's search suggestions send a new {@code gs_rfai=C...AAAAqgQFT9...} with every
 * keystroke) share whole runs, while random or encrypted blobs agree at one position in 64 (base64)
 * or 16 (hex, NetBIOS). The price: a channel whose URI blobs all start with the same encoded header
 * (a quarter of the first 48 characters or more) counts as one blob. Bodies, which must be sealed
 * data already, are not held to it.
 *
 * <p>Thresholds: {@code min_blobs} = 8 distinct blobs from one client to one host within
 * {@code window} = 10 min (a session token repeats the same value and counts once; a channel
 * sends new data every time), or {@code min_body_blobs} = 3 distinct sealed bodies (a check-in, a
 * key fetch and a report is CryptoWall's whole conversation). MEDIUM, HIGH from 4 ×
 * {@code min_blobs}.
 *
 * <p>Known false positives: avatar and image services addressed by content hash (a page of a
 * forum fetching 20 gravatars), ad and tracking redirects carrying encoded click ids, object
 * stores with random keys; for bodies, APIs that post one encrypted token per call. All are to
 * well-known hosts an allowlist can take out.
 */
public final class EncodedUriChannelDetector implements Detector<String, EncodedUriChannelDetector.State> {

    public static final String ID = "http.encoded_channel";
    /** The events {@link #key} accepts: the engine offers this analytic no others. */
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(HttpTransaction.class);
    private static final int MAX_DISTINCT = 256;
    private static final int MAX_EVIDENCE = 20;
    /** Shortest blob a body may be: shorter single-field bodies are ids and tokens. */
    static final int MIN_BODY_BLOB = 64;
    /** Characters of a counted blob kept to tell variants by, and how many blobs are kept. */
    static final int SIGNATURE = 48, MAX_SIGNATURES = 16;

    /**
     * @param minLength   shortest token that counts as a blob
     * @param minEntropy  bits per character a base64 blob needs
     * @param minBlobs    distinct blobs to one host that make a channel
     * @param windowNanos how long a pair's blobs are counted together
     * @param minBodyBlobs distinct sealed-blob bodies to one host that make a channel
     */
    public record Config(int minLength, double minEntropy, int minBlobs, long windowNanos, int minBodyBlobs) {
        public static final Config DEFAULTS = new Config(24, 3.5, 8, 600_000_000_000L, 3);

        public Config {
            if (minLength < 8) throw new IllegalArgumentException(ID + ".min_length must be at least 8");
            if (minBlobs < 2) throw new IllegalArgumentException(ID + ".min_blobs must be at least 2");
            if (minBodyBlobs < 2) throw new IllegalArgumentException(ID + ".min_body_blobs must be at least 2");
            if (windowNanos <= 0) throw new IllegalArgumentException(ID + ".window must be positive");
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.DEFAULTS;
        return new Config(s.intValue("min_length", d.minLength()), s.doubleValue("min_entropy", d.minEntropy()),
                s.intValue("min_blobs", d.minBlobs()), s.durationNanos("window", d.windowNanos()),
                s.intValue("min_body_blobs", d.minBodyBlobs()));
    }

    /**
     * Per client and host, one window.
     *
     * @param blobHashes distinct blobs seen (their hash codes; first {@value #MAX_DISTINCT})
     * @param encodings  "base64", "hex" and/or "netbios"
     * @param bodyBlobs  how many of the distinct blobs were whole bodies of sealed data
     * @param signatures the first {@value #SIGNATURE} characters of the first {@value #MAX_SIGNATURES}
     *                   blobs counted, to tell variants by
     */
    public record State(long windowStart, long first, long last, long requests, long blobChars,
            List<Integer> blobHashes, List<String> encodings, String example, List<Evidence> evidence, int bodyBlobs,
            List<String> signatures) {}

    private final Config config;

    public EncodedUriChannelDetector(Config config) {
        this.config = config;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Technique> techniques() {
        return List.of(Technique.of("T1132"), Technique.of("T1132.001"), Technique.of("T1132.002"));
    }

    @Override
    public Set<Ds0029Component> components() {
        return EnumSet.of(Ds0029Component.NETWORK_TRAFFIC_CONTENT);
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    @Override
    public String key(Event event) {
        if (!(event instanceof HttpTransaction h) || h.uri() == null) return null;
        if (h.uri().length() < config.minLength() && h.requestBodyHead() == null) return null;
        String host = h.host() == null || h.host().isEmpty() ? h.id().respH() : DnsLookups.hostWithoutPort(h.host());
        return h.id().origH() + "|" + host.toLowerCase(Locale.ROOT);
    }

    /** A blob found in a URI: the token and its encoding. */
    record Blob(String token, String encoding) {}

    /**
     * The blob a request body is, when it is whole, one blob of at least {@value #MIN_BODY_BLOB}
     * characters (bare or the value of a single form field), and decodes to sealed data; else null.
     */
    Blob bodyBlob(HttpTransaction h) {
        String body = h.requestBodyHead();
        if (body == null || body.length() != h.requestBodyLen() || body.length() < MIN_BODY_BLOB) return null;
        String value = body.strip();
        int eq = value.indexOf('=');
        // a form field's name is a word; base64 padding is an '=' at the end, not a name
        if (eq > 0 && eq < 64 && eq < value.length() - 2 && value.indexOf('&') < 0 && isFieldName(value, eq)) {
            value = value.substring(eq + 1);
        }
        if (value.length() < MIN_BODY_BLOB) return null;
        Blob b;
        if (isHex(value)) {
            // any length: CryptoWall 4's bodies are hex with one digit more than whole bytes as often as not
            if (entropy(value) < 3.0) return null;
            b = new Blob(value, "hex");
        } else {
            var found = new ArrayList<Blob>(1);
            add(found, value);
            if (found.isEmpty()) return null;
            b = found.get(0);
        }
        byte[] bytes = decoded(b);
        return bytes != null && nonText(bytes) * 5 >= bytes.length ? b : null;
    }

    private static boolean isFieldName(String s, int end) {
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            boolean word = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
            if (!word && c != '_' && c != '-' && c != '.') return false;
        }
        return true;
    }

    /** The bytes a hex (its whole bytes) or base64 blob stands for; null for other encodings or undecodable text. */
    private static byte[] decoded(Blob b) {
        try {
            return switch (b.encoding()) {
                case "hex" -> java.util.HexFormat.of().parseHex(b.token(), 0, b.token().length() & ~1);
                case "base64" -> java.util.Base64.getMimeDecoder().decode(b.token().replace('-', '+').replace('_', '/'));
                default -> null;
            };
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Bytes outside printable ASCII, tab, CR and LF. */
    private static int nonText(byte[] bytes) {
        int n = 0;
        for (byte x : bytes) {
            int c = x & 0xff;
            if (!(c >= 0x20 && c < 0x7f || c == '\t' || c == '\r' || c == '\n')) n++;
        }
        return n;
    }

    /** Whether {@code token} agrees with a kept signature at a quarter or more of their common positions. */
    static boolean isVariant(String token, List<String> signatures) {
        for (String sig : signatures) {
            int n = Math.min(sig.length(), token.length());
            int same = 0;
            for (int i = 0; i < n; i++) if (sig.charAt(i) == token.charAt(i)) same++;
            if (same * 4 >= n) return true;
        }
        return false;
    }

    /** The blobs a URI carries. */
    List<Blob> blobs(String uri) {
        var out = new ArrayList<Blob>();
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        for (String seg : path.split("/")) add(out, seg);
        if (q >= 0) {
            for (String pair : uri.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                add(out, eq < 0 ? pair : pair.substring(eq + 1));
            }
        }
        return out;
    }

    private void add(List<Blob> out, String raw) {
        if (raw.length() < config.minLength()) return;
        String t;
        try {
            t = URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            t = raw;
        }
        if (t.length() < config.minLength()) return;
        if (isNetbios(t)) {
            if (t.length() >= Math.max(32, config.minLength()) && entropy(t) >= 3.0) out.add(new Blob(t, "netbios"));
        } else if (isHex(t)) {
            if (t.length() >= Math.max(32, config.minLength()) && t.length() % 2 == 0 && entropy(t) >= 3.0) {
                out.add(new Blob(t, "hex"));
            }
        } else if (isBase64(t) && entropy(t) >= config.minEntropy()) {
            out.add(new Blob(t, "base64"));
        }
    }

    /**
     * NetBIOS nibble encoding: even length, every character within {@code a}-{@code p} or every one
     * within {@code A}-{@code P}, and at least one past {@code f}/{@code F} (hex letters alone are hex).
     */
    static boolean isNetbios(String t) {
        if (t.isEmpty() || t.length() % 2 != 0) return false;
        char base = t.charAt(0) >= 'a' ? 'a' : 'A';
        boolean pastF = false;
        for (int i = 0; i < t.length(); i++) {
            int v = t.charAt(i) - base;
            if (v < 0 || v > 15) return false;
            if (v > 5) pastF = true;
        }
        return pastF;
    }

    static boolean isHex(String t) {
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) return false;
        }
        return true;
    }

    /**
     * Standard or URL-safe base64, padding only at the end, of a length base64 can have, with lower
     * case, upper case and digits: random bytes give all three within 24 characters, slugs
     * ("how-to-part-10") and lower-case ids do not.
     */
    static boolean isBase64(String t) {
        int end = t.length();
        while (end > 0 && t.charAt(end - 1) == '=') end--;
        if (t.length() - end > 2 || end % 4 == 1) return false;
        boolean lower = false, upper = false, digit = false;
        for (int i = 0; i < end; i++) {
            char c = t.charAt(i);
            if (c >= '0' && c <= '9') digit = true;
            else if (c >= 'a' && c <= 'z') lower = true;
            else if (c >= 'A' && c <= 'Z') upper = true;
            else if (c != '+' && c != '/' && c != '-' && c != '_') return false;
        }
        return lower && upper && digit;
    }

    /** Shannon entropy in bits per character. */
    static double entropy(String t) {
        var counts = new int[128];
        int n = 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c < 128) {
                counts[c]++;
                n++;
            }
        }
        double h = 0;
        for (int k : counts) {
            if (k > 0) {
                double p = (double) k / n;
                h -= p * Math.log(p) / Math.log(2);
            }
        }
        return h;
    }

    @Override
    public State onEvent(String pair, State state, Event event, DetectorContext ctx) {
        var h = (HttpTransaction) event;
        var found = blobs(h.uri());
        Blob body = bodyBlob(h);
        if (body != null) found.add(body);
        if (found.isEmpty()) return state;
        long ts = h.tsNanos();
        State s = state;
        if (s == null || ts >= s.windowStart() + config.windowNanos()) {
            s = new State(ts, ts, ts, 0, 0, List.of(), List.of(), null, List.of(), 0, List.of());
            ctx.timer(ts + config.windowNanos());
        }
        var hashes = new ArrayList<>(s.blobHashes());
        var encodings = new ArrayList<>(s.encodings());
        long chars = s.blobChars();
        String example = s.example();
        int bodyBlobs = s.bodyBlobs();
        List<String> signatures = s.signatures();
        for (Blob b : found) {
            int hash = b.token().hashCode();
            if (hashes.contains(hash) || hashes.size() >= MAX_DISTINCT) continue;
            if (b != body && isVariant(b.token(), signatures)) continue;
            hashes.add(hash);
            if (signatures.size() < MAX_SIGNATURES) {
                var more = new ArrayList<>(signatures);
                more.add(b.token().substring(0, Math.min(SIGNATURE, b.token().length())));
                signatures = List.copyOf(more);
            }
            if (b == body) bodyBlobs++;
            chars += b.token().length();
            if (!encodings.contains(b.encoding())) encodings.add(b.encoding());
            if (example == null) example = b.token();
        }
        var evidence = s.evidence();
        if (evidence.size() < MAX_EVIDENCE) {
            var e = new ArrayList<>(evidence);
            e.add(new Evidence(h.uid(), null));
            evidence = List.copyOf(e);
        }
        s = new State(s.windowStart(), Math.min(s.first(), ts), Math.max(s.last(), ts), s.requests() + 1, chars,
                List.copyOf(hashes), List.copyOf(encodings), example, evidence, bodyBlobs, signatures);
        if (hashes.size() >= config.minBlobs() || bodyBlobs >= config.minBodyBlobs()) ctx.alert(alert(pair, h, s));
        return s;
    }

    private Alert alert(String pair, HttpTransaction h, State s) {
        int bar = pair.indexOf('|');
        String client = pair.substring(0, bar), host = pair.substring(bar + 1);
        int blobs = s.blobHashes().size();
        var b = Alert.builder(ID)
                .component(Ds0029Component.NETWORK_TRAFFIC_CONTENT);
        if (s.encodings().contains("base64") || s.encodings().contains("hex")) b.technique("T1132.001");
        if (s.encodings().contains("netbios")) b.technique("T1132.002");
        b.technique("T1132")
                .severity(blobs >= 4L * config.minBlobs() ? Severity.HIGH : Severity.MEDIUM)
                .confidence(Math.min(0.85, 0.5 + 0.02 * (blobs - config.minBlobs())))
                .time(s.first(), s.last())
                .srcHost(client)
                .dstHost(h.id().respH())
                .dstPort(h.id().respP())
                .incident(pair + "@" + s.windowStart());
        if (!DnsLookups.isAddressLiteral(host)) b.domain(host);
        for (Evidence e : s.evidence()) b.evidence(e.uid(), e.communityId());
        b.evidenceCount(s.requests());
        String ex = s.example().length() > 48 ? s.example().substring(0, 48) + "..." : s.example();
        String where = s.bodyBlobs() == 0 ? "in their URIs"
                : s.bodyBlobs() == blobs ? "as their whole bodies" : "in their URIs and as their whole bodies";
        String threshold = s.bodyBlobs() >= config.minBodyBlobs() && blobs < config.minBlobs()
                ? String.format(Locale.ROOT, "%d bodies of sealed data or more make a channel", config.minBodyBlobs())
                : String.format(Locale.ROOT, "%d or more make a channel", config.minBlobs());
        b.explanation(String.format(Locale.ROOT,
                "%s sent %,d requests to %s in %s carrying %,d distinct %s blobs %s (%,d characters, %s), e.g. %s",
                client, s.requests(), host, Explanations.elapsed(s.first(), s.last()), blobs,
                String.join("/", s.encodings()), where, s.blobChars(), threshold, ex)
                + (s.encodings().contains("netbios")
                        ? "; the NetBIOS nibble encoding (two letters a-p per byte) is a C2 framework's, no web application's"
                        : ""));
        return b.build();
    }

    @Override
    public State onTimer(String pair, State state, long timerNanos, DetectorContext ctx) {
        return state != null && timerNanos >= state.windowStart() + config.windowNanos() ? null : state;
    }
}
