package io.sluice.detect.analytics;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.detect.DetectorContext;
import io.sluice.detect.Severity;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import io.sluice.event.UnidentifiedPayload;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds an internal host that keeps exchanging payload with an outside host over a protocol that no
 * dissector recognises and whose bytes are near-random from the first one: custom C2 that encrypts
 * with a symmetric cipher and sends no plaintext header, no TLS record, no SSH banner, no VPN framing.
 *
 * <p>ATT&CK: T1573.001 Encrypted Channel: Symmetric Cryptography, with its parent T1573. DS0029:
 * Network Traffic Content: the content layer's measure of the first payload bytes of connections it
 * could not identify ({@link UnidentifiedPayload}, conn.log's {@code *_payload_*}), the guidance's
 * traffic "that does not follow the expected protocol standards" and its "anomalous syntax, or
 * structure": none at all.
 *
 * <p>Evidence: conn records (TCP or UDP) from a private address to a non-private one, no service
 * confirmed, whose first payload bytes are near-random in every direction that carried at least 64
 * of them, and at least {@code min_bytes} (128) in one direction. Near-random is length-aware: the
 * Shannon entropy of {@code n} uniformly random bytes is not 8 but 5.77 bits per byte for 64
 * bytes, 6.55 for 128, 7.17 for 256 (a sample cannot hold all 256 values; {@link RandomEntropy}
 * computes the exact expectation from the binomial law), with a standard deviation of 0.08, 0.07
 * and 0.05 bits (20,000 samples each); a direction counts when it is within {@code tolerance} (0.35
 * bits, 4.5 standard deviations or more) of that expectation. Text stays below 5 bits per byte; the
 * base64 of random bytes reached at most 5.81 at 128 bytes and 5.91 at 256 (bars 6.20 and 6.82),
 * hex 4; framed binary protocols (length fields, zeros, type codes) fall lower still.
 *
 * <p>Repeated or sustained, so one odd flow is not an incident: {@code min_flows} (3) such
 * connections between the same two hosts within {@code window} (24 h), or one lasting at least
 * {@code min_duration} (10 min). Chosen by judgement (RITA asks four connections of a beacon).
 *
 * <p>Left out, as random-looking but recognisable by port and shape (the first four bytes the
 * measure keeps): WireGuard on UDP 51820 (message types 1-4 and three zero bytes), OpenVPN on 1194
 * (an opcode of 1-11 in the first byte over UDP, after the two-byte length over TCP), IPsec NAT-T on
 * UDP 4500 (a non-ESP marker of four zero bytes, or an ESP SPI of 256 and above), QUIC on UDP 443 and
 * 853 (its fixed bit); UDP that starts with a DTLS record header, or, between two ports from 1024
 * up, with an RTP or RTCP version-2 header in every direction (SRTP media of a call, whose 12-byte
 * header is the only clear part; random first bytes have this shape about one time in seven per
 * direction, so a two-way random channel escapes this way about once in fifty connections); TCP
 * whose first bytes in either direction are a TLS record header (TLS whose hello was not seen:
 * Apple's push service on 5223 picked up midstream, in the corpus); and
 * TCP connections picked up midstream (no SYN and SYN-ACK in the history) on ports of encrypted
 * services (22, 443, 465, 563, 636, 853, 989-995, 5061, 5223, 8443), where the handshake the
 * dissector would have recognised was simply not seen.
 *
 * <p>Known false positives: BitTorrent's message stream encryption (MSE/PE), genuinely opaque from
 * its first byte (a Diffie-Hellman key and random padding) on any port; Skype's and some games'
 * obfuscated UDP; encrypted protocols Sluice does not dissect on ports of their own (Tor's obfs4
 * bridges are meant to look exactly like this); compressed data sent with no header. False
 * negatives: a channel that prefixes a plaintext length or magic, encodes its ciphertext as text
 * (base64 stays under 6 bits per byte), or hides inside a protocol a dissector recognises.
 */
public final class OpaqueChannelDetector implements Detector<HostPair, OpaqueChannelDetector.PairState> {
    public static final String ID = "channel.opaque";
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(FlowRecord.class);

    /**
     * @param minBytes first payload bytes measured in at least one direction
     * @param tolerance how far below the expected entropy of random bytes of that length a
     *     direction may be, bits per byte
     * @param minFlows such connections between two hosts within the window
     * @param windowNanos the window
     * @param minDurationNanos one connection this long is enough
     */
    public record Config(int minBytes, double tolerance, int minFlows, long windowNanos, long minDurationNanos) {
        public static final Config DEFAULTS = new Config(128, 0.35, 3, 86_400_000_000_000L, 600_000_000_000L);

        public Config {
            if (minBytes < 64) throw new IllegalArgumentException(ID + ".min_bytes must be at least 64 (the measure's minimum)");
            if (!(tolerance >= 0 && tolerance <= 8)) throw new IllegalArgumentException(ID + ".tolerance must be in [0, 8]");
            if (minFlows < 1) throw new IllegalArgumentException(ID + ".min_flows must be at least 1");
            if (windowNanos <= 0 || minDurationNanos <= 0) {
                throw new IllegalArgumentException(ID + ".window and min_duration must be positive");
            }
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.DEFAULTS;
        return new Config(s.intValue("min_bytes", d.minBytes()), s.doubleValue("tolerance", d.tolerance()),
                s.intValue("min_flows", d.minFlows()), s.durationNanos("window", d.windowNanos()),
                s.durationNanos("min_duration", d.minDurationNanos()));
    }

    /** One pair's opaque connections in the current window. */
    public static final class PairState implements Serializable {
        private static final long serialVersionUID = 1L;
        long windowStart;
        long first;
        long last;
        int flows;
        long bytes;
        long longest;
        int port;
        String proto;
        int origSampled, respSampled;
        double origEntropy = Double.NaN, respEntropy = Double.NaN;
        final EvidenceLog evidence = new EvidenceLog();
    }

    private static final PortSet ENCRYPTED_TCP_PORTS = PortSet.of(22, 443, 465, 563, 636, 853, 989, 990, 992, 993, 994,
            995, 5061, 5223, 8443);

    private final Config config;

    public OpaqueChannelDetector(Config config) {
        this.config = config;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Technique> techniques() {
        return List.of(Technique.of("T1573.001"), Technique.of("T1573"));
    }

    @Override
    public Set<Ds0029Component> components() {
        return Set.of(Ds0029Component.NETWORK_TRAFFIC_CONTENT);
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    @Override
    public HostPair key(Event event) {
        if (!(event instanceof FlowRecord f) || f.payload() == null) return null;
        if (f.service() != null && !f.service().isEmpty()) return null;
        if (!AddressClasses.isPrivate(f.id().origH()) || AddressClasses.of(f.id().respH()) != 0) return null;
        if (!opaque(f.payload()) || knownFraming(f)) return null;
        return new HostPair(f.id().origH(), f.id().respH());
    }

    @Override
    public PairState onEvent(HostPair key, PairState state, Event event, DetectorContext ctx) {
        var f = (FlowRecord) event;
        var s = state;
        if (s != null && f.tsNanos() >= s.windowStart + config.windowNanos()) s = null; // a new window, a new count
        if (s == null) {
            s = new PairState();
            s.windowStart = f.tsNanos();
            s.first = f.tsNanos();
            ctx.timer(f.tsNanos() + config.windowNanos());
        }
        long duration = f.durationNanos() == null ? 0 : f.durationNanos();
        s.flows++;
        s.first = Math.min(s.first, f.tsNanos());
        s.last = Math.max(s.last, f.tsNanos() + duration);
        s.longest = Math.max(s.longest, duration);
        s.bytes += (f.origBytes() == null ? 0 : f.origBytes()) + (f.respBytes() == null ? 0 : f.respBytes());
        s.port = f.id().respP();
        s.proto = f.proto();
        var p = f.payload();
        s.origSampled = p.origSampled();
        s.respSampled = p.respSampled();
        s.origEntropy = p.origEntropy() == null ? Double.NaN : p.origEntropy();
        s.respEntropy = p.respEntropy() == null ? Double.NaN : p.respEntropy();
        s.evidence.add(f.uid(), f.communityId());
        if (s.flows >= config.minFlows() || duration >= config.minDurationNanos()) report(key, s, ctx);
        return s;
    }

    @Override
    public PairState onTimer(HostPair key, PairState state, long timerNanos, DetectorContext ctx) {
        if (state == null || timerNanos >= state.windowStart + config.windowNanos()) return null;
        return state;
    }

    private void report(HostPair key, PairState s, DetectorContext ctx) {
        var b = Alert.builder(ID)
                .technique("T1573.001")
                .technique("T1573")
                .component(Ds0029Component.NETWORK_TRAFFIC_CONTENT)
                .severity(Severity.MEDIUM)
                .confidence(0.5)
                .time(s.first, s.last)
                .srcHost(key.src())
                .dstHost(key.dst())
                .dstPort(s.port)
                .incident(key.src() + " → " + key.dst() + " opaque channel")
                .explanation(String.format(Locale.ROOT,
                        "%s exchanged %s with %s:%d/%s over %s (longest %s), %s of payload in all, that no dissector recognised"
                                + " and whose first bytes are near-random (%s; %s): an encrypted channel with no"
                                + " standard framing",
                        key.src(), Explanations.count(s.flows, "connection", "connections"), key.dst(), s.port, s.proto,
                        Explanations.duration(s.last - s.first), Explanations.duration(s.longest),
                        Explanations.bytes(s.bytes), side("client", s.origSampled, s.origEntropy),
                        side("server", s.respSampled, s.respEntropy)));
        s.evidence.drainInto(b);
        ctx.alert(b.build());
    }

    private static String side(String who, int sampled, double entropy) {
        if (sampled == 0) return who + " sent nothing";
        if (Double.isNaN(entropy)) return String.format(Locale.ROOT, "%s %d bytes, too few to measure", who, sampled);
        return String.format(Locale.ROOT, "%s %d bytes at %.2f bits/byte where random bytes average %.2f", who, sampled,
                entropy, RandomEntropy.expected(sampled));
    }

    /** Every measured direction near-random, and one of them long enough to say so. */
    private boolean opaque(UnidentifiedPayload p) {
        boolean enough = false;
        for (int i = 0; i < 2; i++) {
            var side = p.side(i == 0);
            if (side.entropy() == null) continue;
            if (side.entropy() < RandomEntropy.expected(side.sampled()) - config.tolerance()) return false;
            if (side.sampled() >= config.minBytes()) enough = true;
        }
        return enough;
    }

    /** Encrypted protocols Sluice does not dissect, recognised by port and first bytes, and midstream pickups. */
    static boolean knownFraming(FlowRecord f) {
        int port = f.id().respP(), other = f.id().origP();
        var p = f.payload();
        long o = p.origHead(), r = p.respHead();
        if ("udp".equals(f.proto())) {
            if (port == 51820 || other == 51820) return wireGuard(o) || wireGuard(r);
            if (port == 1194 || other == 1194) return openVpnUdp(o) || openVpnUdp(r);
            if (port == 4500 || other == 4500) return natT(o) || natT(r);
            if (port == 443 || port == 853) return quic(o) || quic(r);
            if (dtlsRecord(o) || dtlsRecord(r)) return true;
            return port >= 1024 && other >= 1024 && rtp(o) && (p.respSampled() < 4 || rtp(r));
        }
        if (port == 1194 && (openVpnTcp(o) || openVpnTcp(r))) return true;
        if (tlsRecord(o) || tlsRecord(r)) return true;
        String h = f.history() == null ? "" : f.history();
        boolean handshake = h.indexOf('S') >= 0 && h.indexOf('h') >= 0;
        return !handshake && ENCRYPTED_TCP_PORTS.contains(port);
    }

    /**
     * A TLS record header (content type 20-23, version 3.0-3.4): TLS whose handshake was not seen, so
     * that the signature, which looks for a hello, did not know it (APNs on 5223 picked up midstream).
     */
    private static boolean tlsRecord(long head) {
        if (head < 0) return false;
        long type = head >>> 24, major = (head >>> 16) & 0xff, minor = (head >>> 8) & 0xff;
        return type >= 20 && type <= 23 && major == 3 && minor <= 4;
    }

    /** A DTLS record header (content type 20-23, version 1.0, 1.2 or 1.3's 0xfefc). */
    private static boolean dtlsRecord(long head) {
        if (head < 0) return false;
        long type = head >>> 24, version = (head >>> 8) & 0xffff;
        return type >= 20 && type <= 23 && (version == 0xfeff || version == 0xfefd || version == 0xfefc);
    }

    /**
     * RTP or RTCP version 2 (SRTP media of a call: only the 12-byte header is in clear): the version
     * bits, then an RTP payload type (0-34 static, 96-127 dynamic) or an RTCP packet type (200-204).
     */
    private static boolean rtp(long head) {
        if (head < 0 || (head >>> 30) != 2) return false;
        long second = (head >>> 16) & 0xff, type = second & 0x7f;
        return type <= 34 || type >= 96 || (second >= 200 && second <= 204);
    }

    /** WireGuard: a message type of 1-4, then three reserved zero bytes. */
    private static boolean wireGuard(long head) {
        return head >= 0 && (head & 0x00ffffffL) == 0 && (head >>> 24) >= 1 && (head >>> 24) <= 4;
    }

    /** OpenVPN over UDP: the opcode in the first byte's top five bits (1-11). */
    private static boolean openVpnUdp(long head) {
        long op = head >>> 27;
        return head >= 0 && op >= 1 && op <= 11;
    }

    /** OpenVPN over TCP: a two-byte packet length, then the opcode byte. */
    private static boolean openVpnTcp(long head) {
        if (head < 0) return false;
        long length = head >>> 16, op = (head >>> 11) & 0x1f;
        return length >= 14 && length <= 2048 && op >= 1 && op <= 11;
    }

    /** UDP 4500: IKE behind a non-ESP marker (four zero bytes) or ESP with an SPI outside 1-255. */
    private static boolean natT(long head) {
        return head == 0 || head > 255;
    }

    /** QUIC: the fixed bit (0x40) of the first byte. */
    private static boolean quic(long head) {
        return head >= 0 && ((head >>> 24) & 0x40) != 0;
    }
}
