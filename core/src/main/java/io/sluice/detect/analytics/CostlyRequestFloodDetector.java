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
import java.io.Serializable;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds application exhaustion floods in flow records: one service receiving, at a rate far above
 * its own level, connections that all carry the same request (the same number of bytes from the
 * client), while the service takes far longer than usual to finish each one. The same request
 * over and over is one feature of the application being asked for; the service slowing down is
 * that feature costing it more than it can give, whether or not the content can be read (TLS).
 *
 * <p>ATT&CK: T1499.003 Endpoint Denial of Service: Application Exhaustion Flood. DS0029: Network
 * Traffic Flow (conn.log or flow-export rows with durations and byte counts). The Content row is
 * judged on the requests themselves by {@code dos.app_flood}; a flood of any connections, whatever
 * they carry, is {@code dos.connection_flood}'s T1499.002.
 *
 * <p>Evidence: per service (address and port), the completed connections that carried a request
 * (handshake and client payload; in flow exports, which have neither, three client packets
 * answered by two, and the client's IP bytes for the request's size), per tumbling
 * {@code window} = 10 s by the time each ended: their number, their request sizes, their mean duration and
 * their sources. The baseline, from earlier windows that were not a flood: an exponentially
 * weighted mean (weight {@code alpha} = 0.1) of the connections per window (empty windows count
 * as zero) and of the mean duration (windows with at least {@code min_baseline} = 5 connections).
 *
 * <p>Thresholds, by judgement: {@code min_requests} = 100 connections in the window and
 * {@code factor} = 10 times the baseline; at least {@code min_same_share} = 80% of them with one
 * request size; a mean duration at least {@code slow_factor} = 3 times the baseline's, or, for a
 * service with no baseline, at least {@code min_slow} = 2 s for a request of a few hundred bytes.
 * A crawler or poller repeats a request too, but does not slow the service threefold; a flood
 * aimed at the network (dos.connection_flood) does not repeat one request. MEDIUM from 10
 * sources, LOW otherwise.
 *
 * <p>Known false positives: a load test of one endpoint; clients retrying one failing call while
 * the service is down for another reason (the flood is then a symptom); long polling endpoints
 * first seen during a burst (no baseline: raise {@code min_slow}).
 */
public final class CostlyRequestFloodDetector implements Detector<HostPortKey, CostlyRequestFloodDetector.State> {

    public static final String ID = "dos.costly_request";
    /** The events {@link #key} accepts: the engine offers this analytic no others. */
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(FlowRecord.class);
    private static final List<Technique> TECHNIQUES = List.of(Technique.of("T1499.003"));
    private static final int MAX_TRACKED = 10_000;

    /**
     * @param minRequests connections with a request in one window that make a flood
     * @param factor how far above the baseline count the window must be
     * @param minSameShare share of the window's requests of the most common size
     * @param slowFactor how many times the baseline's mean duration the window's must be
     * @param minSlowNanos the mean duration that counts as slow for a service with no baseline
     * @param windowNanos the window connections are counted in
     * @param alpha weight of the newest window in the baseline
     * @param minBaseline connections a window needs for its durations to enter the baseline
     */
    public record Config(int minRequests, double factor, double minSameShare, double slowFactor, long minSlowNanos,
            long windowNanos, double alpha, int minBaseline) {
        public static final Config DEFAULTS = new Config(100, 10.0, 0.8, 3.0, 2_000_000_000L, 10_000_000_000L, 0.1, 5);

        public Config {
            if (minRequests < 2) throw new IllegalArgumentException(ID + ".min_requests must be at least 2");
            if (!(factor >= 1)) throw new IllegalArgumentException(ID + ".factor must be at least 1");
            if (!(minSameShare > 0 && minSameShare <= 1)) throw new IllegalArgumentException(ID + ".min_same_share must be in (0, 1]");
            if (!(slowFactor >= 1)) throw new IllegalArgumentException(ID + ".slow_factor must be at least 1");
            if (minSlowNanos <= 0 || windowNanos <= 0) throw new IllegalArgumentException(ID + ": min_slow and window must be positive");
            if (!(alpha > 0 && alpha <= 1)) throw new IllegalArgumentException(ID + ".alpha must be in (0, 1]");
            if (minBaseline < 1) throw new IllegalArgumentException(ID + ".min_baseline must be positive");
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.DEFAULTS;
        return new Config(s.intValue("min_requests", d.minRequests()), s.doubleValue("factor", d.factor()),
                s.doubleValue("min_same_share", d.minSameShare()), s.doubleValue("slow_factor", d.slowFactor()),
                s.durationNanos("min_slow", d.minSlowNanos()), s.durationNanos("window", d.windowNanos()),
                s.doubleValue("alpha", d.alpha()), s.intValue("min_baseline", d.minBaseline()));
    }

    /** Per service: the current window, the baselines of earlier ones, the flood. */
    public static final class State implements Serializable {
        private static final long serialVersionUID = 1L;
        long windowStart;
        long connections;
        long durationSum;
        final Map<Long, Long> sizes = new HashMap<>();
        long topSizeCount;
        /** Sizes are IP bytes (a flow export), not payload bytes. */
        boolean ipBytes;
        final Set<String> sources = new HashSet<>();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        double baselineCount;
        double baselineDuration = -1;
        boolean flooding;
        double countAtStart;
        double durationAtStart;
        final EvidenceLog evidence = new EvidenceLog();
    }

    private final Config config;

    public CostlyRequestFloodDetector(Config config) {
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
        return EnumSet.of(Ds0029Component.NETWORK_TRAFFIC_FLOW);
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    @Override
    public HostPortKey key(Event event) {
        if (!(event instanceof FlowRecord f) || f.ipProto() != 6 || !completedWithRequest(f)) return null;
        return new HostPortKey(f.id().respH(), f.id().respP());
    }

    /**
     * A completed connection that carried a request: a handshake and client payload where the record
     * has them (packets, Zeek conn logs); in a flow export, which has neither history nor payload
     * counts, three client packets or more (handshake ACK, request, FIN) answered by two or more.
     */
    static boolean completedWithRequest(FlowRecord f) {
        if (f.history() != null) return f.history().startsWith("Sh") && f.origBytes() != null && f.origBytes() > 0;
        return f.origBytes() == null && f.durationNanos() != null && f.origPkts() >= 3 && f.respPkts() >= 2;
    }

    /** The request's size: client payload bytes, or a flow export's client IP bytes (same request, same bytes). */
    private static long requestSize(FlowRecord f) {
        return f.origBytes() != null ? f.origBytes() : f.origIpBytes();
    }

    @Override
    public State onEvent(HostPortKey service, State state, Event event, DetectorContext ctx) {
        var f = (FlowRecord) event;
        // windows by the time each connection ended, when its record is emitted: slow connections that
        // started in one window would otherwise arrive after the engine's timer had closed it
        long ts = f.tsNanos() + (f.durationNanos() == null ? 0 : f.durationNanos());
        if (state == null) {
            state = new State();
            state.windowStart = ts;
        }
        roll(state, ts);
        ctx.timer(state.windowStart + config.windowNanos());
        state.connections++;
        state.durationSum += f.durationNanos() == null ? 0 : f.durationNanos();
        long size = requestSize(f);
        if (state.sizes.size() < MAX_TRACKED || state.sizes.containsKey(size)) {
            state.topSizeCount = Math.max(state.topSizeCount, state.sizes.merge(size, 1L, Long::sum));
        }
        if (f.origBytes() == null) state.ipBytes = true;
        if (state.sources.size() < MAX_TRACKED) state.sources.add(f.id().origH());
        state.first = Math.min(state.first, ts);
        state.last = Math.max(state.last, ts);
        state.evidence.add(f.uid(), f.communityId());
        if (!state.flooding && state.connections >= config.minRequests()
                && state.connections >= config.factor() * state.baselineCount && costly(state)) {
            state.flooding = true;
            state.countAtStart = state.baselineCount;
            state.durationAtStart = state.baselineDuration;
            report(service, state, ctx);
        } else if (state.flooding && state.connections % config.minRequests() == 0) {
            report(service, state, ctx);
        }
        return state;
    }

    /** One request repeated, and the service slow to finish it. */
    private boolean costly(State s) {
        if (s.topSizeCount < config.minSameShare() * s.connections) return false;
        double mean = (double) s.durationSum / s.connections;
        return s.baselineDuration > 0 ? mean >= config.slowFactor() * s.baselineDuration : mean >= config.minSlowNanos();
    }

    @Override
    public State onTimer(HostPortKey service, State state, long timerNanos, DetectorContext ctx) {
        if (state == null) return null;
        if (state.flooding && state.evidence.hasNew()) report(service, state, ctx); // the window's final count
        roll(state, timerNanos);
        if (!state.flooding && state.connections == 0 && state.baselineCount < 0.5) return null; // quiet: forget it
        ctx.timer(state.windowStart + config.windowNanos());
        return state;
    }

    /** Closes the windows that ended before {@code ts}: into the baselines unless they were a flood. */
    private void roll(State s, long ts) {
        if (ts < s.windowStart + config.windowNanos()) return;
        long gap = (ts - s.windowStart) / config.windowNanos();
        if (s.flooding && s.connections < config.minRequests()) s.flooding = false;
        if (!s.flooding) {
            double a = config.alpha();
            s.baselineCount = s.baselineCount * (1 - a) + a * s.connections;
            for (long i = 1; i < gap && i < 1_000; i++) s.baselineCount *= 1 - a; // empty windows
            if (s.connections >= config.minBaseline()) {
                double mean = (double) s.durationSum / s.connections;
                s.baselineDuration = s.baselineDuration < 0 ? mean : s.baselineDuration * (1 - a) + a * mean;
            }
            s.evidence.clear();
            s.first = Long.MAX_VALUE;
            s.last = Long.MIN_VALUE;
        }
        s.windowStart += gap * config.windowNanos();
        s.connections = 0;
        s.durationSum = 0;
        s.sizes.clear();
        s.topSizeCount = 0;
        s.sources.clear();
    }

    private void report(HostPortKey service, State s, DetectorContext ctx) {
        long topSize = 0, top = 0;
        for (var e : s.sizes.entrySet()) {
            if (e.getValue() > top || (e.getValue() == top && e.getKey() < topSize)) {
                topSize = e.getKey();
                top = e.getValue();
            }
        }
        long sources = s.sources.size();
        double mean = s.connections == 0 ? 0 : (double) s.durationSum / s.connections / 1e9;
        String usual = s.durationAtStart > 0
                ? String.format(Locale.ROOT, "against %.2f s usually", s.durationAtStart / 1e9)
                : "with no earlier level to compare";
        String why = String.format(Locale.ROOT,
                "%s port %d accepted %s in %s from %s (baseline %.1f a window); %s carried the same %d-byte request%s"
                        + " and each took %.2f s on average, %s: one costly request repeated to exhaust the application",
                service.host(), service.port(), Explanations.count(s.connections, "connection", "connections"),
                Explanations.duration(config.windowNanos()), Explanations.count(sources, "source", "sources"),
                s.countAtStart, Explanations.percent(top, s.connections), topSize, s.ipBytes ? " (IP bytes)" : "", mean,
                usual);
        var alert = Alert.builder(ID)
                .technique("T1499.003")
                .component(Ds0029Component.NETWORK_TRAFFIC_FLOW)
                .severity(sources >= 10 ? Severity.MEDIUM : Severity.LOW)
                .confidence(sources >= 10 ? 0.65 : 0.45)
                .time(s.first, s.last)
                .dstHost(service.host())
                .dstPort(service.port())
                .explanation(why)
                .incident(service + " costly request flood");
        if (sources == 1) alert.srcHost(s.sources.iterator().next());
        s.evidence.drainInto(alert);
        ctx.alert(alert.build());
    }
}
