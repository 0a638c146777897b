package io.sluice.detect.analytics;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.detect.DetectorContext;
import io.sluice.detect.Severity;
import io.sluice.event.ConnId;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.ContentEvent;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import io.sluice.event.WireText;
import io.sluice.protocol.dns.DnsTransaction;
import io.sluice.protocol.files.FileInfo;
import io.sluice.protocol.http.HttpTransaction;
import io.sluice.protocol.quic.QuicConnection;
import io.sluice.protocol.ssh.SshHandshake;
import io.sluice.protocol.tls.TlsHandshake;
import io.sluice.rules.intel.Indicator;
import io.sluice.rules.intel.IntelSet;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds traffic with hosts, names, URLs and client or server fingerprints on threat-intel lists
 * ({@code --intel FILE}, {@link IntelSet}).
 *
 * <p>ATT&CK: from the list's own label for the indicator ("malware_download" and "payload" →
 * T1105, "botnet_cc"/"c2" → T1071 (and T1041 Exfiltration Over C2 Channel when it is the address a
 * connection goes to: DS0029's guidance for T1041 on Network Connection Creation is new connections
 * with untrusted hosts, and whatever the host sends there leaves over the C2 channel),
 * "exploit"/"landing"/"ek" → T1189, "rat" → T1219,
 * "phishing" → T1566 and T1204.001 (reaching the listed destination is the click on a malicious
 * link), "miner" → T1496, "proxy" → T1090, "tor" → T1090 and T1090.003); an unlabelled indicator is
 * reported as T1071 Application Layer Protocol (T1071.004 when found in DNS, T1071.001 in HTTP or
 * TLS), the usual reason a host is listed; a listed file hash is T1105 Ingress Tool Transfer (the
 * file came in), T1570 Lateral Tool Transfer when SMB carried it. DS0029: Network Connection
 * Creation and Network Traffic Flow (either address), Network Traffic Content (DNS query and
 * answers, HTTP host and URL, TLS/QUIC SNI and JA3/JA3S/JA4/JA4S, SSH HASSH/HASSH-server, HTTP
 * JA4H, the SHA-256, SHA-1 or MD5 of a file in files.log).
 *
 * <p>Evidence: the matched value, the list and its label. Thresholds: none, a listed value
 * matches or not; {@code severity} is MEDIUM by default because list quality varies.
 *
 * <p>Known false positives: stale entries (a shared-hosting or CDN address once used by malware),
 * sinkholes, lists that include popular domains; the alert names the list so its owner can judge.
 */
public final class IntelMatchDetector implements Detector<String, IntelMatchDetector.State> {

    public static final String ID = "intel.match";
    private static final String[] C2_WORDS = {"c2", "cc", "cnc", "botnet", "command", "beacon"};
    /** The events {@link #key} accepts: the engine offers this analytic no others. */
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(ConnectionCreation.class, FlowRecord.class,
            DnsTransaction.class, HttpTransaction.class, TlsHandshake.class, SshHandshake.class, QuicConnection.class,
            FileInfo.class);

    /** @param severity how bad a match is taken to be */
    public record Config(Severity severity) {
        public static final Config DEFAULTS = new Config(Severity.MEDIUM);
    }

    public static Config config(DetectConfig c) {
        return new Config(c.detector(ID).severityValue("severity", Config.DEFAULTS.severity()));
    }

    /** Stateless: every match is reported and the engine merges repeats of one incident. */
    public record State() {}

    private final Config config;
    private final IntelSet intel;

    public IntelMatchDetector(Config config, IntelSet intel) {
        this.config = config;
        this.intel = intel;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Technique> techniques() {
        return List.of(Technique.of("T1071"), Technique.of("T1071.001"), Technique.of("T1071.004"),
                Technique.of("T1105"), Technique.of("T1189"), Technique.of("T1219"), Technique.of("T1566"),
                Technique.of("T1496"), Technique.of("T1090"), Technique.of("T1090.003"), Technique.of("T1204.001"),
                Technique.of("T1041"), Technique.of("T1570"));
    }

    @Override
    public Set<Ds0029Component> components() {
        return EnumSet.allOf(Ds0029Component.class);
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    @Override
    public String key(Event event) {
        if (intel.isEmpty()) return null;
        return switch (event) {
            case ConnectionCreation c -> c.id().origH();
            case FlowRecord f -> f.id().origH();
            case DnsTransaction d -> d.id().origH();
            case HttpTransaction h -> h.id().origH();
            case TlsHandshake t -> t.id().origH();
            case SshHandshake s -> s.id().origH();
            case QuicConnection q -> q.id().origH();
            case FileInfo f -> f.id().origH();
            default -> null;
        };
    }

    /** Where in the event a value matched: "destination address", "DNS query", "TLS JA3". */
    private record Hit(Indicator indicator, String where, String protocolDefault, boolean destination) {
        Hit(Indicator indicator, String where, String protocolDefault) {
            this(indicator, where, protocolDefault, false);
        }
    }

    @Override
    public State onEvent(String host, State state, Event event, DetectorContext ctx) {
        var hits = new ArrayList<Hit>();
        ConnId id;
        String uid, communityId = null;
        switch (event) {
            case ConnectionCreation c -> {
                id = c.id();
                uid = c.uid();
                communityId = c.communityId();
                addresses(id, hits);
            }
            case FlowRecord f -> {
                id = f.id();
                uid = f.uid();
                communityId = f.communityId();
                addresses(id, hits);
            }
            case DnsTransaction d -> {
                id = d.id();
                uid = d.uid();
                add(hits, intel.matchDomain(d.query()), "DNS query " + d.query(), "T1071.004");
                if (d.answers() != null) {
                    for (String a : d.answers()) {
                        Indicator i = a.indexOf(':') >= 0 || looksLikeV4(a) ? intel.matchAddress(a) : intel.matchDomain(a);
                        add(hits, i, "DNS answer " + a + " for " + d.query(), "T1071.004");
                    }
                }
            }
            case HttpTransaction h -> {
                id = h.id();
                uid = h.uid();
                Indicator url = intel.matchUrl(h.host(), h.uri());
                add(hits, url, "HTTP request " + h.host() + h.uri(), "T1071.001");
                if (url == null) add(hits, intel.matchDomain(hostOnly(h.host())), "HTTP host " + h.host(), "T1071.001");
                add(hits, intel.matchFingerprint(h.ja4h()), "HTTP JA4H " + h.ja4h(), "T1071.001");
            }
            case TlsHandshake t -> {
                id = t.id();
                uid = t.uid();
                add(hits, intel.matchDomain(t.serverName()), "TLS SNI " + t.serverName(), "T1071.001");
                add(hits, intel.matchFingerprint(t.ja3()), "TLS client JA3 " + t.ja3(), "T1071.001");
                add(hits, intel.matchFingerprint(t.ja3s()), "TLS server JA3S " + t.ja3s(), "T1071.001");
                add(hits, intel.matchFingerprint(t.ja4()), "TLS client JA4 " + t.ja4(), "T1071.001");
                add(hits, intel.matchFingerprint(t.ja4s()), "TLS server JA4S " + t.ja4s(), "T1071.001");
            }
            case QuicConnection q -> {
                id = q.id();
                uid = q.uid();
                add(hits, intel.matchDomain(q.serverName()), "QUIC SNI " + q.serverName(), "T1071.001");
                add(hits, intel.matchFingerprint(q.ja4()), "QUIC client JA4 " + q.ja4(), "T1071.001");
                add(hits, intel.matchFingerprint(q.ja4s()), "QUIC server JA4S " + q.ja4s(), "T1071.001");
            }
            case SshHandshake s -> {
                id = s.id();
                uid = s.uid();
                add(hits, intel.matchFingerprint(s.hassh()), "SSH client HASSH " + s.hassh(), "T1071");
                add(hits, intel.matchFingerprint(s.hasshServer()), "SSH server HASSH " + s.hasshServer(), "T1071");
            }
            case FileInfo f -> {
                id = f.id();
                uid = f.uid();
                String dflt = "SMB".equals(f.source()) ? "T1570" : "T1105";
                add(hits, intel.matchFileHash(f.sha256()), file(f, "SHA-256", f.sha256()), dflt);
                add(hits, intel.matchFileHash(f.sha1()), file(f, "SHA-1", f.sha1()), dflt);
                add(hits, intel.matchFileHash(f.md5()), file(f, "MD5", f.md5()), dflt);
            }
            default -> {
                return state;
            }
        }
        for (Hit hit : hits) {
            Indicator i = hit.indicator();
            var b = Alert.builder(ID)
                    .component(event.component())
                    .severity(config.severity())
                    .confidence(0.7)
                    .time(event.tsNanos(), event.tsNanos())
                    .srcHost(id.origH())
                    .dstHost(id.respH())
                    .dstPort(id.respP())
                    .evidence(uid, communityId)
                    .incident(id.origH() + "|" + i.type() + "|" + i.value())
                    .explanation(String.format(Locale.ROOT, "%s -> %s:%d: %s is listed: %s", id.origH(), id.respH(),
                            id.respP(), hit.where(), i.describe()));
            if (i.type() == io.sluice.rules.intel.IndicatorType.DOMAIN) b.domain(i.value());
            for (String t : techniquesFor(i, hit.protocolDefault())) b.technique(t);
            if (hit.destination() && commandAndControl(i)) b.technique("T1041");
            ctx.alert(b.build());
        }
        return state;
    }

    /** "file SHA-256 ab12... (setup.exe, application/x-dosexec, 3,000 bytes over HTTP from 192.0.2.9)". */
    private static String file(FileInfo f, String kind, String hash) {
        String sender = f.isOrig() ? f.id().origH() : f.id().respH();
        return String.format(Locale.ROOT, "file %s %s (%s%s, %,d bytes over %s from %s)", kind, hash,
                f.filename() == null ? "" : WireText.toText(f.filename()) + ", ", f.mimeType() == null ? "type unknown" : f.mimeType(),
                f.seenBytes(), f.source(), sender);
    }

    private void addresses(ConnId id, List<Hit> hits) {
        Indicator dst = intel.matchAddress(id.respH());
        if (dst != null) hits.add(new Hit(dst, "destination address " + id.respH(), "T1071", true));
        add(hits, intel.matchAddress(id.origH()), "source address " + id.origH(), "T1071");
    }

    private static void add(List<Hit> hits, Indicator i, String where, String dflt) {
        if (i == null) return;
        for (Hit h : hits) if (h.indicator().equals(i)) return;
        hits.add(new Hit(i, where, dflt));
    }

    /** The techniques an indicator's label names, or the protocol's default. */
    static List<String> techniquesFor(Indicator i, String protocolDefault) {
        var out = new ArrayList<String>();
        if (i.label() != null) {
            var words = Set.of(i.label().toLowerCase(Locale.ROOT).split("[^a-z0-9]+"));
            if (containsAny(words, "download", "payload", "dropper", "loader", "malware_download")) out.add("T1105");
            if (containsAny(words, C2_WORDS)) out.add("T1071");
            if (containsAny(words, "exploit", "landing", "ek", "driveby")
                    || i.label().toLowerCase(Locale.ROOT).contains("drive-by")) out.add("T1189");
            if (containsAny(words, "rat", "remote")) out.add("T1219");
            if (containsAny(words, "phishing", "phish")) out.add("T1566");
            // reaching a phishing destination is the click on the malicious link (User Execution)
            if (containsAny(words, "phishing", "phish")) out.add("T1204.001");
            if (containsAny(words, "miner", "mining", "cryptominer", "coinminer")) out.add("T1496");
            if (containsAny(words, "proxy", "tor", "anonymizer", "vpn")) out.add("T1090");
            if (containsAny(words, "tor")) out.add("T1090.003"); // Tor relays are a multi-hop proxy
        }
        if (out.isEmpty()) out.add(protocolDefault);
        return out;
    }

    /** A label that names a command-and-control server. */
    static boolean commandAndControl(Indicator i) {
        return i.label() != null && containsAny(Set.of(i.label().toLowerCase(Locale.ROOT).split("[^a-z0-9]+")), C2_WORDS);
    }

    private static boolean containsAny(Set<String> words, String... wanted) {
        for (String w : wanted) if (words.contains(w)) return true;
        return false;
    }

    private static boolean looksLikeV4(String s) {
        return !s.isEmpty() && Character.isDigit(s.charAt(0)) && s.chars().allMatch(ch -> ch == '.' || Character.isDigit(ch));
    }

    private static String hostOnly(String host) {
        if (host == null) return null;
        if (host.startsWith("[")) return null;
        int colon = host.indexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    @Override
    public State onTimer(String host, State state, long timerNanos, DetectorContext ctx) {
        return state;
    }
}
