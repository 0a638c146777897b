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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Beaconing between an internal host and an outside address: connections at a steady rhythm with
 * steady sizes, all day long (command and control checking in).
 *
 * <p>ATT&CK: T1071 (+ .001 for web protocols, .004 for DNS, from the flows' service) and T1573
 * when the service is encrypted (TLS, SSH, QUIC); DS0029 Network Traffic Flow.
 *
 * <p>Evidence: {@link FlowRecord}s (start time, originator IP bytes), grouped per source → destination
 * address, outbound only ({@link OutboundFlows}: RITA's pair filter). Flows whose service carries a
 * name (HTTP, TLS by default) are left to {@link DomainBeaconDetector}, as RITA scores those per
 * SNI/Host instead of per address.
 *
 * <p>Thresholds: RITA v5's beacon score ({@link BeaconScore}) over a 24-hour window that starts
 * at the pair's first connection, scored when the watermark passes its end (or at the end of
 * input). RITA bins the histogram over the whole dataset's first to last timestamp; a stream has
 * no such range, so the window stands in for it: 24 one-hour bins, and a capture shorter than a
 * day scores on the hours it covers. Like RITA: at least 4 distinct connection seconds; at most 86,400 timestamps kept per
 * window; 86,400 or more connections in the window make a strobe instead of a beacon. Alerts from
 * score 0.75 (RITA's "low" bucket boundary; MEDIUM), HIGH from 0.9 (RITA's "high" bucket).
 *
 * <p>Known false positives: software updaters, telemetry, monitoring agents, NTP and mail polling
 * keep regular schedules too; a short capture (minutes) cannot reach a high score because the
 * histogram and duration parts need hours of data.
 */
public final class BeaconDetector implements Detector<HostPair, BeaconSeries> {
    public static final String ID = "beacon.pair";

    /** Settings, read from {@code detectors.beacon.pair} (and {@code detectors.beacon.domain}). */
    public record Config(long windowNanos, double minScore, double highScore, int maxTimestamps,
            int minUniqueConnections, long strobeConnections, List<String> namedServices, BeaconScore.Params params) {
        public static Config defaults() {
            return new Config(24 * 3_600_000_000_000L, 0.75, 0.9, 86_400, 4, 86_400, List.of("http", "ssl"),
                    BeaconScore.Params.rita());
        }
    }

    public static Config config(DetectConfig c) {
        return read(c.detector(ID));
    }

    static Config read(DetectConfig.Settings s) {
        var d = Config.defaults();
        var p = d.params();
        var params = new BeaconScore.Params(
                s.doubleValue("timestamp_weight", p.tsWeight()), s.doubleValue("datasize_weight", p.dsWeight()),
                s.doubleValue("histogram_weight", p.histWeight()), s.doubleValue("duration_weight", p.durWeight()),
                p.bins(), s.intValue("duration_min_hours_seen", p.durMinHours()),
                s.intValue("duration_consistency_ideal_hours_seen", p.durIdealHours()),
                s.doubleValue("histogram_mode_sensitivity", p.histModeSensitivity()),
                s.intValue("histogram_bimodal_outlier_removal", p.bimodalOutlierRemoval()),
                s.intValue("histogram_bimodal_min_hours_seen", p.bimodalMinHours()));
        double sum = params.tsWeight() + params.dsWeight() + params.histWeight() + params.durWeight();
        if (Math.abs(sum - 1) > 1e-9) {
            throw new IllegalArgumentException("the four beacon score weights must add up to 1, they add up to " + sum);
        }
        return new Config(s.durationNanos("window", d.windowNanos()), s.doubleValue("min_score", d.minScore()),
                s.doubleValue("high_score", d.highScore()), s.intValue("max_timestamps", d.maxTimestamps()),
                Math.max(4, s.intValue("unique_connection_threshold", d.minUniqueConnections())),
                s.longValue("strobe_connections", d.strobeConnections()),
                s.listValue("named_services", d.namedServices()), params);
    }

    private final Config config;

    public BeaconDetector(Config config) {
        this.config = config;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Technique> techniques() {
        return List.of(Technique.of("T1071"), Technique.of("T1071.001"), Technique.of("T1071.004"), Technique.of("T1573"));
    }

    @Override
    public Set<Ds0029Component> components() {
        return Set.of(Ds0029Component.NETWORK_TRAFFIC_FLOW);
    }

    @Override
    public HostPair key(Event event) {
        if (!(event instanceof FlowRecord f) || !OutboundFlows.outbound(f)) return null;
        if (named(f.service(), config.namedServices())) return null;
        return new HostPair(f.id().origH(), f.id().respH());
    }

    @Override
    public BeaconSeries onEvent(HostPair key, BeaconSeries state, Event event, DetectorContext ctx) {
        var f = (FlowRecord) event;
        if (state != null && f.tsNanos() >= state.windowEndNanos) {
            // The window ended before its timer fired: score it now and start the next one.
            report(ID, key.src(), key.dst(), null, state, config, false, ctx);
            state = null;
        }
        if (state == null) {
            state = new BeaconSeries(f.tsNanos(), config.windowNanos());
            ctx.timer(state.windowEndNanos);
        }
        state.add(f.tsNanos(), f.origIpBytes(), f.uid(), f.communityId(), f.id().respP(), f.service(), config.maxTimestamps());
        return state;
    }

    @Override
    public BeaconSeries onTimer(HostPair key, BeaconSeries state, long timerNanos, DetectorContext ctx) {
        if (state == null || timerNanos < state.windowEndNanos) return state; // the timer of a window already scored
        report(ID, key.src(), key.dst(), null, state, config, false, ctx);
        return null;
    }

    static boolean named(String service, List<String> namedServices) {
        if (service == null || service.isEmpty()) return false;
        for (String s : namedServices) if (hasService(service, s)) return true;
        return false;
    }

    /** Whether Zeek's comma-joined {@code service} field lists {@code name}. */
    static boolean hasService(String service, String name) {
        if (service == null) return false;
        for (String s : service.split(",")) if (s.strip().equalsIgnoreCase(name)) return true;
        return false;
    }

    /** Scores a finished window and reports a beacon or a strobe. */
    static void report(String detectorId, String src, String dst, String domain, BeaconSeries s, Config config,
            boolean webServiceTechnique, DetectorContext ctx) {
        String target = domain != null ? domain : dst;
        String span = ExplanationNumbers.span(s.lastNanos - s.firstNanos);
        var techniques = techniquesFor(s.service, webServiceTechnique && domain != null);
        if (s.total >= config.strobeConnections()) {
            var b = alert(detectorId, src, dst, domain, s, techniques)
                    .severity(Severity.MEDIUM)
                    .confidence(0.8)
                    .explanation(String.format(Locale.ROOT,
                            "%s → %s: %,d connections over %s, at least %,d in the window: a strobe (RITA's threshold)",
                            src, target, s.total, span, config.strobeConnections()));
            ctx.alert(b.build());
            return;
        }
        if (s.uniqueSeconds() < config.minUniqueConnections()) return;
        BeaconScore score = s.score(config.params());
        if (score.score() < config.minScore()) return;
        var b = alert(detectorId, src, dst, domain, s, techniques)
                .severity(score.score() >= config.highScore() ? Severity.HIGH : Severity.MEDIUM)
                .confidence(score.score())
                .explanation(String.format(Locale.ROOT,
                        "%s → %s: %,d connections over %s, every %s ± %s, score %.2f (ts %.2f, size %.2f, hist %.2f, dur %.2f)",
                        src, target, s.total, span, ExplanationNumbers.seconds(score.medianIntervalSeconds()),
                        ExplanationNumbers.seconds(score.intervalMadSeconds()), score.score(), score.timestamp(), score.dataSize(),
                        score.histogram(), score.duration()));
        ctx.alert(b.build());
    }

    private static Alert.Builder alert(String detectorId, String src, String dst, String domain, BeaconSeries s,
            List<String> techniques) {
        var b = Alert.builder(detectorId);
        for (String t : techniques) b.technique(t);
        b.component(Ds0029Component.NETWORK_TRAFFIC_FLOW);
        // A domain came from content (Host header, SNI, DNS answer): the alert rests on both.
        if (domain != null) b.component(Ds0029Component.NETWORK_TRAFFIC_CONTENT);
        b.time(s.firstNanos, s.lastNanos)
                .srcHost(src)
                .incident(src + " → " + (domain != null ? domain : dst));
        if (dst != null) b.dstHost(dst);
        if (domain != null) b.domain(domain);
        if (s.lastDstPort >= 0) b.dstPort(s.lastDstPort);
        for (int i = 0; i < s.uids.size(); i++) b.evidence(s.uids.get(i), s.communityIds.get(i));
        b.evidenceCount(s.total);
        return b;
    }

    /** T1071 always; the sub-technique and T1573 when the flows' service says which protocol. */
    static List<String> techniquesFor(String service, boolean webService) {
        var out = new ArrayList<String>();
        out.add("T1071");
        boolean web = hasService(service, "http") || hasService(service, "ssl") || hasService(service, "quic");
        if (web) out.add("T1071.001");
        if (hasService(service, "dns")) out.add("T1071.004");
        if (hasService(service, "ssl") || hasService(service, "ssh") || hasService(service, "quic")) out.add("T1573");
        if (webService && web) out.add("T1102");
        return out;
    }
}
