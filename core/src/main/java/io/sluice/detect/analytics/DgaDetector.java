package io.sluice.detect.analytics;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.detect.DetectorContext;
import io.sluice.detect.Severity;
import io.sluice.detect.dns.DgaScoreCache;
import io.sluice.detect.dns.DgaScorer;
import io.sluice.detect.dns.DnsLookups;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.protocol.dns.DnsTransaction;
import io.sluice.protocol.http.HttpTransaction;
import io.sluice.protocol.tls.TlsHandshake;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds a host using a domain generation algorithm: it resolves or contacts names that look
 * machine-made, or gets a burst of NXDOMAIN answers while it tries candidates that were never
 * registered.
 *
 * <p>ATT&CK: T1568.002 (and its parent T1568). DS0029: Network Traffic Content (DNS queries, HTTP
 * Host headers, TLS SNI) and Network Traffic Flow (ATT&CK v18 lists "high entropy domain queries
 * with multiple NXDOMAINs" among that component's log sources).
 *
 * <p>Evidence, per client over a tumbling window ({@code window}, 1 h): each registered domain
 * (public-suffix aware) is scored once by {@link DgaScorer} (a trigram model of English words,
 * Pinyin and romaji, plus length, digits, entropy, consonant runs, hexadecimal form and
 * alternative-root TLDs; split and score cached per name across clients); names at or above its
 * threshold count as generated, names above its lower bar as suspicious; distinct names answered
 * NXDOMAIN are counted.
 *
 * <p>HTTP Host headers and TLS SNI count as names the client resolved, and resolved successfully:
 * a client puts a name there only after it looked the name up and connected to an address the
 * answer gave (or handed the name to a proxy that did the same). So a generated name seen there is
 * the stronger evidence: the bot found its registered, live server, not just tried a candidate.
 * The DNS lookup itself is often missing from the sensor's view (a resolver cache, DNS over HTTPS,
 * a capture started after the lookup, as in the Foudre backdoor capture, whose DGA name
 * db54a845.top appears only as an HTTP Host).
 * <ul>
 *   <li>one generated name contacted over HTTP or TLS: MEDIUM (one name resolved only: LOW);
 *   <li>a suspicious name contacted over HTTP or TLS: LOW (a bot that reached its server on the
 *       first try shows one name only; {@code alert_suspicious_contacted} switches this off);
 *   <li>{@code min_generated} (3) generated names: HIGH;
 *   <li>{@code nx_min_names} (10) distinct NXDOMAIN names: MEDIUM, HIGH when at least
 *       {@code nx_min_suspicious} (3) of them are suspicious.
 * </ul>
 * The scorer's thresholds are chosen by its trainer on names it did not fit, real domain names
 * from Debian's package metadata and from ad, tracker and CDN lists among them (see
 * {@code DgaModelTrainer}); {@code DgaCorpusEvaluationTest} measures them on the corpus's labelled
 * domains (AUC, precision, recall, share of benign names flagged). Counting several names per host
 * is what keeps single unlucky names at LOW/MEDIUM. NXDOMAIN burst size after Antonakakis et al.,
 * "From Throw-Away Traffic to Bots" (USENIX Security 2012): DGA bots fail on many names within
 * minutes.
 *
 * <p>Known false positives: CDN and cloud names with hashed labels the customer registered (labels
 * a provider assigns, such as CloudFront distributions, are not scored), non-English brand names,
 * short acronyms, and hosts behind a misconfigured search domain (NXDOMAIN bursts). Known misses:
 * DGAs that join dictionary words (Suppobox, Matsnu, Nymaim2) score as ordinary names; only their
 * NXDOMAIN bursts show.
 */
public final class DgaDetector implements Detector<String, DgaDetector.State> {

    public static final String ID = "dns.dga";
    /** The events {@link #key} accepts: the engine offers this analytic no others. */
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(DnsTransaction.class, HttpTransaction.class,
            TlsHandshake.class);
    private static final List<Technique> TECHNIQUES = List.of(Technique.of("T1568.002"), Technique.of("T1568"));
    private static final int KEEP_NAMES = 10;

    public record Config(long windowNanos, int minGenerated, int nxMinNames, int nxMinSuspicious, int maxTrackedNames,
            boolean alertSuspiciousContacted, List<String> ignoreDomains) {
        public Config {
            ignoreDomains = List.copyOf(ignoreDomains);
        }

        public static Config defaults() {
            return new Config(3_600_000_000_000L, 3, 10, 3, 5_000, true, List.of());
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.defaults();
        return new Config(s.durationNanos("window", d.windowNanos()), s.intValue("min_generated", d.minGenerated()),
                s.intValue("nx_min_names", d.nxMinNames()), s.intValue("nx_min_suspicious", d.nxMinSuspicious()),
                s.intValue("max_tracked_names", d.maxTrackedNames()),
                s.boolValue("alert_suspicious_contacted", d.alertSuspiciousContacted()),
                s.listValue("ignore_domains", d.ignoreDomains()));
    }

    /**
     * One window of a client's names. {@code seen}: registered domains already scored;
     * {@code generated}: those at or above the threshold (first ones kept, all counted);
     * {@code suspicious}: those above the lower bar; {@code contactedSuspicious}: suspicious ones
     * the client then reached over HTTP or TLS; {@code nxNames}: distinct names answered NXDOMAIN,
     * with how many of them were suspicious.
     */
    public record State(long windowStart, long first, long last, Set<String> seen, List<String> generated,
            int generatedCount, boolean contacted, Set<String> suspicious, List<String> contactedSuspicious,
            Set<String> nxNames, int nxSuspicious, List<String> nxExamples, List<String> evidence, long evidenceCount,
            int alerted) {}

    /** Names whose split and score are remembered across clients (a few hundred kB at most). */
    private static final int CACHED_NAMES = 8192;

    private final Config config;
    private final DgaScorer scorer;
    private final DgaScoreCache cache;

    public DgaDetector(Config config) {
        this(config, DgaScorer.standard());
    }

    public DgaDetector(Config config, DgaScorer scorer) {
        this.config = config;
        this.scorer = scorer;
        this.cache = new DgaScoreCache(scorer, CACHED_NAMES);
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
    public String key(Event event) {
        String name = name(event);
        if (name == null || name.isEmpty() || DnsLookups.isReverse(name) || DnsLookups.isLocalName(name)
                || DnsLookups.isAddressLiteral(name)) {
            return null;
        }
        return switch (event) {
            case DnsTransaction t -> t.id().origH();
            case HttpTransaction h -> h.id().origH();
            case TlsHandshake h -> h.id().origH();
            default -> null;
        };
    }

    private static String name(Event event) {
        return switch (event) {
            case DnsTransaction t -> DnsLookups.isDnsLookup(t) ? t.query() : null;
            case HttpTransaction h -> DnsLookups.hostWithoutPort(h.host()).toLowerCase(Locale.ROOT);
            case TlsHandshake h -> h.serverName() == null ? null : h.serverName().toLowerCase(Locale.ROOT);
            default -> null;
        };
    }

    @Override
    public State onEvent(String client, State state, Event event, DetectorContext ctx) {
        long ts = switch (event) {
            case DnsTransaction t -> t.tsNanos();
            case HttpTransaction h -> h.tsNanos();
            case TlsHandshake h -> h.tsNanos();
            default -> throw new IllegalStateException("not keyed: " + event);
        };
        String uid = switch (event) {
            case DnsTransaction t -> t.uid();
            case HttpTransaction h -> h.uid();
            case TlsHandshake h -> h.uid();
            default -> null;
        };
        if (state == null) {
            state = new State(ts, ts, ts, new HashSet<>(), new ArrayList<>(), 0, false, new HashSet<>(),
                    new ArrayList<>(), new HashSet<>(), 0, new ArrayList<>(), new ArrayList<>(), 0, -1);
            ctx.timer(ts + config.windowNanos());
        }
        var scored = cache.score(name(event));
        var d = scored.domain();
        if (config.ignoreDomains().contains(d.registered())) return state;
        boolean direct = !(event instanceof DnsTransaction);
        boolean nx = event instanceof DnsTransaction t && t.rcode() != null && t.rcode() == DnsLookups.RCODE_NXDOMAIN;

        int generatedCount = state.generatedCount();
        boolean contacted = state.contacted();
        int nxSuspicious = state.nxSuspicious();
        boolean relevant = false;
        if (state.seen().size() < config.maxTrackedNames() && state.seen().add(d.registered())) {
            double score = scored.score();
            if (score >= scorer.threshold()) {
                generatedCount++;
                if (state.generated().size() < KEEP_NAMES) state.generated().add(d.registered());
                relevant = true;
            }
            if (score >= scorer.suspiciousThreshold()) state.suspicious().add(d.registered());
        }
        if (direct && state.generated().contains(d.registered()) && !contacted) {
            contacted = true;
            relevant = true;
        }
        if (direct && config.alertSuspiciousContacted() && state.suspicious().contains(d.registered())
                && !state.contactedSuspicious().contains(d.registered()) && state.contactedSuspicious().size() < KEEP_NAMES) {
            state.contactedSuspicious().add(d.registered());
            relevant = true;
        }
        if (nx && state.nxNames().size() < config.maxTrackedNames() && state.nxNames().add(d.name())) {
            if (state.suspicious().contains(d.registered())) nxSuspicious++;
            if (state.nxExamples().size() < KEEP_NAMES) state.nxExamples().add(d.name());
            relevant = true;
        }
        if (!relevant) return state;
        if (state.evidence().size() < Alert.MAX_EVIDENCE) state.evidence().add(uid);
        var next = new State(state.windowStart(), Math.min(state.first(), ts), Math.max(state.last(), ts), state.seen(),
                state.generated(), generatedCount, contacted, state.suspicious(), state.contactedSuspicious(),
                state.nxNames(), nxSuspicious, state.nxExamples(), state.evidence(), state.evidenceCount() + 1,
                state.alerted());
        return evaluate(client, next, ctx);
    }

    @Override
    public State onTimer(String client, State state, long timerNanos, DetectorContext ctx) {
        if (state == null) return null; // an earlier timer or event of this key dropped it
        // The window is over: restate an alerted incident with its final numbers (merged into the first alert).
        if (state.alerted() >= 0) evaluate(client, state, ctx, true);
        return null;
    }

    private State evaluate(String client, State s, DetectorContext ctx) {
        return evaluate(client, s, ctx, false);
    }

    private State evaluate(String client, State s, DetectorContext ctx, boolean restate) {
        Severity severity = null;
        var why = new ArrayList<String>();
        if (s.generatedCount() >= config.minGenerated()) {
            severity = Severity.HIGH;
        } else if (s.generatedCount() >= 1) {
            severity = s.contacted() ? Severity.MEDIUM : Severity.LOW;
        } else if (!s.contactedSuspicious().isEmpty()) {
            severity = Severity.LOW;
        }
        int nx = s.nxNames().size();
        if (nx >= config.nxMinNames()) {
            var nxSeverity = s.nxSuspicious() >= config.nxMinSuspicious() ? Severity.HIGH : Severity.MEDIUM;
            severity = nxSeverity.max(severity);
        }
        if (severity == null || (!restate && severity.ordinal() <= s.alerted())) return s;
        if (s.generatedCount() > 0) {
            why.add(String.format(Locale.ROOT, "%d name%s scored as generated (%s)%s", s.generatedCount(),
                    s.generatedCount() == 1 ? "" : "s", describe(s.generated()),
                    s.contacted() ? ", contacted over HTTP or TLS" : ""));
        }
        if (!s.contactedSuspicious().isEmpty() && s.generatedCount() == 0) {
            why.add(String.format(Locale.ROOT, "contacted %d suspicious name%s over HTTP or TLS (%s; generated from %.5f,"
                    + " suspicious from %.3f)", s.contactedSuspicious().size(), s.contactedSuspicious().size() == 1 ? "" : "s",
                    describe(s.contactedSuspicious()), scorer.threshold(), scorer.suspiciousThreshold()));
        }
        if (nx > 0) {
            why.add(String.format(Locale.ROOT, "%d distinct names answered NXDOMAIN, %d of them suspicious (e.g. %s)",
                    nx, s.nxSuspicious(), String.join(", ", s.nxExamples().subList(0, Math.min(3, s.nxExamples().size())))));
        }
        double confidence = Math.min(0.95, 0.4 + 0.1 * s.generatedCount() + 0.02 * nx);
        var alert = Alert.builder(ID)
                .technique("T1568.002")
                .component(Ds0029Component.NETWORK_TRAFFIC_CONTENT)
                .severity(severity).confidence(confidence)
                .time(s.first(), s.last())
                .srcHost(client)
                .domain(!s.generated().isEmpty() ? s.generated().get(0)
                        : s.contactedSuspicious().isEmpty() ? null : s.contactedSuspicious().get(0))
                .explanation(client + " in " + DnsTunnelDetector.span(s.last() - s.first()) + ": " + String.join("; ", why))
                .incident(client + "|" + s.windowStart());
        if (!restate) { // a restatement adds numbers, not evidence: the first alert already holds it
            for (String uid : s.evidence()) alert.evidence(uid, null);
            alert.evidenceCount(s.evidenceCount());
        }
        ctx.alert(alert.build());
        return new State(s.windowStart(), s.first(), s.last(), s.seen(), s.generated(), s.generatedCount(), s.contacted(),
                s.suspicious(), s.contactedSuspicious(), s.nxNames(), s.nxSuspicious(), s.nxExamples(), s.evidence(),
                s.evidenceCount(), severity.ordinal());
    }

    private String describe(List<String> names) {
        var parts = new ArrayList<String>();
        for (String n : names.subList(0, Math.min(3, names.size()))) {
            var sc = scorer.score(n);
            parts.add(String.format(Locale.ROOT, "%s scores %.4f: %.1f bits/char, entropy %.2f, %.0f%% digits", n, sc.score(),
                    sc.bitsPerChar(), sc.entropy(), sc.digitRatio() * 100));
        }
        return String.join("; ", parts);
    }
}
