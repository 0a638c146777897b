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
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds long connections: a host pair whose connections add up to hours within a day, the
 * footprint of tunnels, proxies and interactive remote access that stay up.
 *
 * <p>ATT&CK: T1572 Protocol Tunneling and T1090 Proxy (T1090.002 External Proxy when the
 * responder is outside the network). DS0029: Network Traffic Flow (Zeek's {@code duration}).
 *
 * <p>Evidence: the connections of the pair, summed as RITA v5 does: its unique-connection table
 * adds up the {@code duration} of every connection between a source and a destination
 * ({@code total_duration}) over the last 24 h, and the pair is a long connection when the total
 * reaches its base threshold (analysis/uconns.sql and the long-connection check in RITA's analysis
 * code).
 *
 * <p>Thresholds, RITA v5's defaults ({@code default_config.hjson},
 * {@code long_connection_score_thresholds}): base 3,600 s (1 h), low 14,400 s (4 h), medium
 * 28,800 s (8 h), high 43,200 s (12 h), over a tumbling 24 h window. RITA interpolates its score
 * between the thresholds and reaches its high category at 12 h; Sluice maps below 4 h to LOW,
 * 4 h to 12 h to MEDIUM and from 12 h to HIGH, and the same interpolation (0.3 at 1 h to 0.9 at
 * 12 h) to the confidence. As RITA does by default ({@code filter_external_to_internal} and its
 * internal-subnet filter), pairs inside the network and connections from outside in are skipped
 * ({@code skip_internal}, {@code skip_inbound}); where the source says nothing about locality the
 * pair is kept.
 *
 * <p>Known false positives: persistent sessions by design (VPN concentrators, chat and push
 * services, remote-desktop and SSH administrators, streaming); many parallel connections to one
 * CDN address also add up. Connections still open are counted only when they end (or the flow
 * table times them out), unlike RITA's open-connection table.
 */
public final class LongConnectionDetector implements Detector<JoinedKey, LongConnectionDetector.State> {

    public static final String ID = "conn.long";
    /** The events {@link #key} accepts: the engine offers this analytic no others. */
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(FlowRecord.class);
    private static final long HOUR = 3_600_000_000_000L;

    /**
     * @param baseNanos total duration that makes a long connection (RITA's base)
     * @param lowNanos RITA's low threshold
     * @param mediumNanos RITA's medium threshold
     * @param highNanos RITA's high threshold
     * @param windowNanos how long durations are summed before the sum starts over
     * @param skipInternal leave out pairs where both hosts are local
     * @param skipInbound leave out connections from an outside host to a local one
     */
    public record Config(long baseNanos, long lowNanos, long mediumNanos, long highNanos, long windowNanos,
            boolean skipInternal, boolean skipInbound) {
        public static final Config DEFAULTS = new Config(HOUR, 4 * HOUR, 8 * HOUR, 12 * HOUR, 24 * HOUR, true, true);

        public Config {
            if (!(0 < baseNanos && baseNanos < lowNanos && lowNanos < mediumNanos && mediumNanos < highNanos)) {
                throw new IllegalArgumentException(ID + ": thresholds must rise: 0 < base < low < medium < high");
            }
            if (windowNanos < baseNanos) throw new IllegalArgumentException(ID + ".window must be at least the base threshold");
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.DEFAULTS;
        return new Config(s.durationNanos("base", d.baseNanos()), s.durationNanos("low", d.lowNanos()),
                s.durationNanos("medium", d.mediumNanos()), s.durationNanos("high", d.highNanos()),
                s.durationNanos("window", d.windowNanos()), s.boolValue("skip_internal", d.skipInternal()),
                s.boolValue("skip_inbound", d.skipInbound()));
    }

    /** Per host pair: the durations of the current window. */
    public static final class State implements Serializable {
        private static final long serialVersionUID = 1L;
        long windowStart;
        long totalNanos;
        long connections;
        long longestNanos;
        long first = Long.MAX_VALUE;
        long lastEnd = Long.MIN_VALUE;
        final TreeSet<String> services = new TreeSet<>();
        final TreeSet<Integer> ports = new TreeSet<>();
        boolean responderExternal;
        boolean alerted;
        long changes;
        long reportedChanges;
        /** Every pair of the day has one: keep a few connections, the alert names the pair anyway. */
        final EvidenceLog evidence = new EvidenceLog(10);
    }

    private static final List<Technique> TECHNIQUES = List.of(Technique.of("T1090"), Technique.of("T1090.002"),
            Technique.of("T1572"));

    private final Config config;

    public LongConnectionDetector(Config config) {
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
    public JoinedKey key(Event event) {
        if (!(event instanceof FlowRecord f) || f.durationNanos() == null || f.durationNanos() <= 0) return null;
        Boolean lo = f.localOrig(), lr = f.localResp();
        if (config.skipInternal() && Boolean.TRUE.equals(lo) && Boolean.TRUE.equals(lr)) return null;
        if (config.skipInbound() && Boolean.FALSE.equals(lo) && Boolean.TRUE.equals(lr)) return null;
        return new JoinedKey(f.id().origH(), " > ", f.id().respH());
    }

    @Override
    public State onEvent(JoinedKey pair, State state, Event event, DetectorContext ctx) {
        var f = (FlowRecord) event;
        long ts = f.tsNanos();
        long duration = f.durationNanos();
        if (state != null && ts >= state.windowStart + config.windowNanos()) {
            // A connection of the next day: close this day's sum before starting the next.
            if (state.alerted && state.changes != state.reportedChanges) report(pair, state, ctx);
            state = null;
        }
        if (state == null) {
            state = new State();
            state.windowStart = ts;
            ctx.timer(ts + config.windowNanos());
        }
        state.totalNanos += duration;
        state.connections++;
        state.longestNanos = Math.max(state.longestNanos, duration);
        state.first = Math.min(state.first, ts);
        state.lastEnd = Math.max(state.lastEnd, ts + duration);
        state.responderExternal |= Boolean.FALSE.equals(f.localResp());
        if (state.services.size() < 5) {
            state.services.add(f.proto() + "/" + f.id().respP()
                    + (f.service() == null || f.service().isEmpty() ? "" : " " + f.service()));
            state.ports.add(f.id().respP());
        }
        state.evidence.add(f.uid(), f.communityId());
        state.changes++;
        if (level(state.totalNanos) > 0) {
            // Every connection of a long pair updates the incident, so it stays one alert for the day.
            state.alerted = true;
            report(pair, state, ctx);
        }
        return state;
    }

    @Override
    public State onTimer(JoinedKey pair, State state, long timerNanos, DetectorContext ctx) {
        if (state == null) return null;
        if (timerNanos < state.windowStart + config.windowNanos()) return state; // set for an earlier window
        if (state.alerted && state.changes != state.reportedChanges) report(pair, state, ctx);
        return null; // the window is over: the next connection starts a new sum
    }

    /** 0 below base, 1 from base, 2 from low, 3 from medium, 4 from high. */
    private int level(long total) {
        if (total >= config.highNanos()) return 4;
        if (total >= config.mediumNanos()) return 3;
        if (total >= config.lowNanos()) return 2;
        if (total >= config.baseNanos()) return 1;
        return 0;
    }

    /** RITA's interpolation between its thresholds, onto 0.3 (base) .. 0.9 (high). */
    private double score(long total) {
        double[] at = {config.baseNanos(), config.lowNanos(), config.mediumNanos(), config.highNanos()};
        double[] value = {0.3, 0.5, 0.7, 0.9};
        if (total >= at[3]) return value[3];
        for (int i = 0; i < 3; i++) {
            if (total < at[i + 1]) return value[i] + (total - at[i]) / (at[i + 1] - at[i]) * (value[i + 1] - value[i]);
        }
        return value[3];
    }

    private void report(JoinedKey pair, State s, DetectorContext ctx) {
        String src = pair.first(), dst = pair.second();
        int level = level(s.totalNanos);
        String bucket = switch (level) {
            case 4 -> "at or above RITA's high threshold (" + Explanations.duration(config.highNanos()) + ")";
            case 3 -> "at or above RITA's medium threshold (" + Explanations.duration(config.mediumNanos()) + ")";
            case 2 -> "at or above RITA's low threshold (" + Explanations.duration(config.lowNanos()) + ")";
            default -> "at or above RITA's base threshold (" + Explanations.duration(config.baseNanos()) + ")";
        };
        String why = src + " was connected to " + dst + " for " + Explanations.duration(s.totalNanos) + " in total over "
                + Explanations.count(s.connections, "connection", "connections") + " within "
                + Explanations.duration(Math.max(0, s.lastEnd - s.first)) + " (longest "
                + Explanations.duration(s.longestNanos) + "; " + String.join(", ", s.services) + "), " + bucket;
        var alert = Alert.builder(ID)
                .technique("T1572")
                .technique("T1090")
                .component(Ds0029Component.NETWORK_TRAFFIC_FLOW)
                .severity(level >= 4 ? Severity.HIGH : level >= 2 ? Severity.MEDIUM : Severity.LOW)
                .confidence(score(s.totalNanos))
                .time(s.first, s.lastEnd)
                .srcHost(src)
                .dstHost(dst)
                .explanation(why)
                .incident(pair + " long connection");
        if (s.responderExternal) alert.technique("T1090.002");
        for (int p : s.ports) alert.dstPort(p);
        s.evidence.drainInto(alert);
        s.reportedChanges = s.changes;
        ctx.alert(alert.build());
    }
}
