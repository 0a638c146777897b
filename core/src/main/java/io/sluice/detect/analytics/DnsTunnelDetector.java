package io.sluice.detect.analytics;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.detect.DetectorContext;
import io.sluice.detect.Severity;
import io.sluice.detect.dns.DnsLookups;
import io.sluice.detect.dns.NameStats;
import io.sluice.detect.dns.RegisteredDomain;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.protocol.dns.DnsTransaction;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds data carried inside DNS: a client that asks one registered domain for many different names
 * (a DNS tunnel such as iodine or dnscat2, or a TXT-record command channel).
 *
 * <p>ATT&CK: T1071.004 (DNS as the C2 protocol), T1572 (protocol tunnelling) and T1048.003
 * (exfiltration over an unencrypted non-C2 protocol). DS0029: Network Traffic Content (the DNS
 * rows) and Network Traffic Flow (ATT&CK v18 lists DNS query summaries, "high entropy domain
 * queries", among that component's log sources).
 *
 * <p>Evidence, per client and registered domain (public-suffix aware) over a tumbling window
 * ({@code window}, 1 h): the number of distinct names asked, their subdomain length and Shannon
 * entropy, the share of TXT, NULL and CNAME queries, and the bytes in names and in answers. Three
 * shapes raise it:
 * <ul>
 *   <li>encoded names: at least {@code encoded_min_names} (30) distinct names whose subdomains
 *       average {@code encoded_min_length} (24) characters and {@code encoded_min_entropy} (3.5)
 *       bits per character: HIGH. Base32/hex-encoded payloads run 4-5 bits/char and fill labels
 *       toward 63 characters; ordinary subdomains ("www", "mail", "eu-west-1.api") are short.
 *   <li>record channel: at least {@code record_min_names} (10) distinct names, at least
 *       {@code record_min_share} (50%) of them TXT/NULL/CNAME queries, and at least
 *       {@code record_min_answer_bytes} (1,000) bytes of answers: HIGH. Mail servers ask TXT for
 *       SPF/DKIM/DMARC, but a handful of names per domain, not ten with kilobytes of answers.
 *   <li>volume: at least {@code volume_min_names} (300) distinct names and
 *       {@code volume_min_name_bytes} (10,000) bytes of subdomains: MEDIUM.
 * </ul>
 * The thresholds are the shapes above, set from the tools' published behaviour (dnscat2 and iodine
 * fill labels with encoded data; TXT channels pull kilobytes), not fitted to a corpus.
 *
 * <p>Known false positives: DNS-based reputation and blocklist services (anti-virus cloud lookups,
 * DNSBLs such as {@code zen.spamhaus.org}) encode hashes or addresses in names by design, and some
 * CDN and telemetry services use hashed names; list them in {@code ignore_domains}.
 */
public final class DnsTunnelDetector implements Detector<DnsTunnelDetector.Key, DnsTunnelDetector.State> {

    public static final String ID = "dns.tunnel";
    /** The events {@link #key} accepts: the engine offers this analytic no others. */
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(DnsTransaction.class);
    private static final List<Technique> TECHNIQUES = List.of(Technique.of("T1071.004"), Technique.of("T1572"),
            Technique.of("T1048.003"));

    public record Config(long windowNanos, int encodedMinNames, double encodedMinLength, double encodedMinEntropy,
            int recordMinNames, double recordMinShare, long recordMinAnswerBytes, int volumeMinNames,
            long volumeMinNameBytes, int maxTrackedNames, List<String> ignoreDomains) {
        public Config {
            ignoreDomains = List.copyOf(ignoreDomains);
        }

        public static Config defaults() {
            return new Config(3_600_000_000_000L, 30, 24, 3.5, 10, 0.5, 1_000, 300, 10_000, 5_000, List.of());
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.defaults();
        return new Config(s.durationNanos("window", d.windowNanos()), s.intValue("encoded_min_names", d.encodedMinNames()),
                s.doubleValue("encoded_min_length", d.encodedMinLength()),
                s.doubleValue("encoded_min_entropy", d.encodedMinEntropy()),
                s.intValue("record_min_names", d.recordMinNames()), s.doubleValue("record_min_share", d.recordMinShare()),
                s.longValue("record_min_answer_bytes", d.recordMinAnswerBytes()),
                s.intValue("volume_min_names", d.volumeMinNames()),
                s.longValue("volume_min_name_bytes", d.volumeMinNameBytes()),
                s.intValue("max_tracked_names", d.maxTrackedNames()), s.listValue("ignore_domains", d.ignoreDomains()));
    }

    /** One client talking to one registered domain. */
    public record Key(String client, String domain) {
        // written out for the engine's key lookups; same values as the record's own (HostPair says why)
        @Override
        public int hashCode() {
            return 31 * java.util.Objects.hashCode(client) + java.util.Objects.hashCode(domain);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && java.util.Objects.equals(client, k.client)
                    && java.util.Objects.equals(domain, k.domain);
        }
    }

    /**
     * One window of a client's queries under one domain. {@code names} holds the distinct names
     * asked (up to {@code max_tracked_names}; beyond that new names are no longer told apart);
     * {@code nameBytes}, {@code entropySum} and {@code lengthSum} are over the distinct subdomains.
     */
    public record State(long windowStart, long first, long last, long queries, long recordQueries, Set<String> names,
            long nameBytes, double entropySum, long answerBytes, List<String> evidence, long evidenceCount,
            int alerted) {}

    private final Config config;

    public DnsTunnelDetector(Config config) {
        this.config = config;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Technique> techniques() {
        return TECHNIQUES;
    }

    @Override
    public Set<Ds0029Component> components() {
        return Set.of(Ds0029Component.NETWORK_TRAFFIC_CONTENT, Ds0029Component.NETWORK_TRAFFIC_FLOW);
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    @Override
    public Key key(Event event) {
        if (!(event instanceof DnsTransaction t) || !DnsLookups.isDnsLookup(t)) return null;
        String q = t.query();
        if (DnsLookups.isReverse(q) || DnsLookups.isLocalName(q)) return null;
        var d = RegisteredDomain.of(q);
        if (d.subdomain().isEmpty() || config.ignoreDomains().contains(d.registered())) return null;
        return new Key(t.id().origH(), d.registered());
    }

    @Override
    public State onEvent(Key key, State state, Event event, DetectorContext ctx) {
        var t = (DnsTransaction) event;
        long ts = t.tsNanos();
        if (state == null) {
            state = new State(ts, ts, ts, 0, 0, new HashSet<>(), 0, 0, 0, new ArrayList<>(), 0, -1);
            ctx.timer(ts + config.windowNanos());
        }
        String name = t.query().toLowerCase(Locale.ROOT);
        long nameBytes = state.nameBytes();
        double entropySum = state.entropySum();
        if (state.names().size() < config.maxTrackedNames() && state.names().add(name)) {
            // key() split this name at key.domain(); what stands left of it is the subdomain
            int cut = Math.max(0, name.length() - key.domain().length() - 1);
            String sub = name.substring(0, cut).replace(".", "");
            nameBytes += sub.length();
            entropySum += NameStats.entropy(sub);
        }
        Integer qtype = t.qtype();
        boolean record = qtype != null && (qtype == DnsLookups.TYPE_TXT || qtype == DnsLookups.TYPE_NULL
                || qtype == DnsLookups.TYPE_CNAME);
        long answerBytes = state.answerBytes();
        if (t.answers() != null) for (String a : t.answers()) answerBytes += a.length();
        if (state.evidence().size() < Alert.MAX_EVIDENCE) state.evidence().add(t.uid());
        var next = new State(state.windowStart(), Math.min(state.first(), ts), Math.max(state.last(), ts),
                state.queries() + 1, state.recordQueries() + (record ? 1 : 0), state.names(), nameBytes, entropySum,
                answerBytes, state.evidence(), state.evidenceCount() + 1, state.alerted());
        return evaluate(key, next, ctx);
    }

    @Override
    public State onTimer(Key key, State state, long timerNanos, DetectorContext ctx) {
        if (state == null) return null; // an earlier timer or event of this key dropped it
        // The window is over: restate an alerted incident with its final numbers (the engine merges
        // it into the first alert), then forget the window; the next query starts a new one.
        if (state.alerted() >= 0) evaluate(key, state, ctx, true);
        return null;
    }

    private State evaluate(Key key, State s, DetectorContext ctx) {
        return evaluate(key, s, ctx, false);
    }

    private State evaluate(Key key, State s, DetectorContext ctx, boolean restate) {
        int names = s.names().size();
        double meanLength = names == 0 ? 0 : (double) s.nameBytes() / names;
        double meanEntropy = names == 0 ? 0 : s.entropySum() / names;
        double recordShare = (double) s.recordQueries() / s.queries();
        var reasons = new ArrayList<String>();
        Severity severity = null;
        if (names >= config.encodedMinNames() && meanLength >= config.encodedMinLength()
                && meanEntropy >= config.encodedMinEntropy()) {
            severity = Severity.HIGH;
            reasons.add("names look encoded");
        }
        if (names >= config.recordMinNames() && recordShare >= config.recordMinShare()
                && s.answerBytes() >= config.recordMinAnswerBytes()) {
            severity = Severity.HIGH;
            reasons.add("answers carry data in TXT/NULL/CNAME records");
        }
        if (names >= config.volumeMinNames() && s.nameBytes() >= config.volumeMinNameBytes()) {
            if (severity == null) severity = Severity.MEDIUM;
            reasons.add("the volume of distinct names is high");
        }
        if (severity == null || (!restate && severity.ordinal() <= s.alerted())) return s;
        double confidence = Math.min(0.95, 0.5 + 0.1 * reasons.size() + Math.min(0.25, names / 400.0));
        var alert = Alert.builder(ID)
                .technique("T1071.004").technique("T1572").technique("T1048.003")
                .component(Ds0029Component.NETWORK_TRAFFIC_CONTENT)
                .severity(severity).confidence(confidence)
                .time(s.first(), s.last())
                .srcHost(key.client()).domain(key.domain())
                .explanation(String.format(Locale.ROOT,
                        "%s asked %,d distinct names under %s in %d queries over %s: subdomains average %.1f chars"
                                + " and %.2f bits/char of entropy, %.0f%% of queries TXT/NULL/CNAME, %,d bytes of names"
                                + " and %,d bytes of answers; %s",
                        key.client(), names, key.domain(), s.queries(), span(s.last() - s.first()), meanLength,
                        meanEntropy, recordShare * 100, s.nameBytes(), s.answerBytes(), String.join(", ", reasons)))
                .incident(key.client() + "|" + key.domain() + "|" + s.windowStart());
        if (!restate) { // a restatement adds numbers, not evidence: the first alert already holds it
            for (String uid : s.evidence()) alert.evidence(uid, null);
            alert.evidenceCount(s.evidenceCount());
        }
        ctx.alert(alert.build());
        return new State(s.windowStart(), s.first(), s.last(), s.queries(), s.recordQueries(), s.names(), s.nameBytes(),
                s.entropySum(), s.answerBytes(), s.evidence(), s.evidenceCount(), severity.ordinal());
    }

    static String span(long nanos) {
        long seconds = nanos / 1_000_000_000L;
        if (seconds < 120) return seconds + " s";
        if (seconds < 7_200) return (seconds / 60) + " min";
        return String.format(Locale.ROOT, "%.1f h", seconds / 3600.0);
    }
}
