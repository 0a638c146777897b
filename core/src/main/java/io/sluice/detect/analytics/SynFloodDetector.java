package io.sluice.detect.analytics;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.detect.DetectorContext;
import io.sluice.detect.Severity;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import java.io.Serializable;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds SYN floods: a burst of TCP connection attempts to one destination port that the server
 * never completes (half-open), from many sources, from spoofed sources, or from one source cycling
 * its ports, so that the server's backlog of half-open connections fills up.
 *
 * <p>ATT&CK: T1499.001 Endpoint Denial of Service: OS Exhaustion Flood (the TCP stack's state is
 * what runs out) and T1498.001 Network Denial of Service: Direct Network Flood, declared with
 * their parents T1499 and T1498, whose DS0029 guidance is the same. DS0029: Network
 * Connection Creation (each attempt with its handshake outcome) and Network Traffic Flow (Zeek's
 * {@code S0} connections, for flow sources that emit no creation event).
 *
 * <p>Evidence: per destination address and port, the attempts of a window left unanswered
 * (no SYN-ACK), the attempts answered, and the distinct sources and source ports.
 *
 * <p>Thresholds: {@code min_half_open} = 200 unanswered attempts within {@code window} = 10 s
 * (20 a second, sustained over the window) with at least {@code min_unanswered_share} = 80% of
 * the window's attempts unanswered. These are set by judgement, not measured: a Linux server's
 * default SYN backlog is 128 to 1,024 entries held for about 30 s of SYN-ACK retries, so 20
 * half-open attempts a second fill it; no ordinary client retries a dead port that fast (a
 * client retries a SYN 5 to 6 times over about a minute). Severity HIGH from ten times the
 * threshold or from {@code spoofed_sources} = 50 distinct sources (spoofing or a botnet),
 * MEDIUM otherwise.
 *
 * <p>Known false positives: a busy server going down (its many clients' retries go unanswered;
 * the sources are real and most have answered attempts before, and the rate is usually lower);
 * a load test against a closed port; a capture that sees only one direction of a busy link (every
 * attempt looks unanswered: check the capture's {@code missed_bytes} and the answered share of
 * other servers). Vertical and horizontal scans are keyed apart: they spread over ports or hosts.
 */
public final class SynFloodDetector implements Detector<HostPortKey, SynFloodDetector.State> {

    public static final String ID = "dos.syn_flood";
    /** The events {@link #key} accepts: the engine offers this analytic no others. */
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(ConnectionCreation.class, FlowRecord.class);

    /**
     * @param minHalfOpen unanswered attempts to one destination port within the window that make a flood
     * @param windowNanos the window attempts are counted in
     * @param minUnansweredShare share of the window's attempts that went unanswered
     * @param spoofedSources distinct sources that make the flood HIGH whatever its size
     * @param holdNanos how long a detected flood's state is kept after its last attempt
     * @param maxTracked sources and uids remembered per destination; beyond, only counted
     */
    public record Config(int minHalfOpen, long windowNanos, double minUnansweredShare, int spoofedSources,
            long holdNanos, int maxTracked) {
        public static final Config DEFAULTS = new Config(200, 10_000_000_000L, 0.8, 50, 600_000_000_000L, 20_000);

        public Config {
            if (minHalfOpen < 2) throw new IllegalArgumentException(ID + ".min_half_open must be at least 2");
            if (windowNanos <= 0 || holdNanos <= 0) throw new IllegalArgumentException(ID + ": window and hold must be positive");
            if (!(minUnansweredShare > 0 && minUnansweredShare <= 1))
                throw new IllegalArgumentException(ID + ".min_unanswered_share must be in (0, 1]");
            if (spoofedSources < 2) throw new IllegalArgumentException(ID + ".spoofed_sources must be at least 2");
            if (maxTracked < 1) throw new IllegalArgumentException(ID + ".max_tracked must be positive");
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.DEFAULTS;
        return new Config(s.intValue("min_half_open", d.minHalfOpen()), s.durationNanos("window", d.windowNanos()),
                s.doubleValue("min_unanswered_share", d.minUnansweredShare()),
                s.intValue("spoofed_sources", d.spoofedSources()), s.durationNanos("hold", d.holdNanos()),
                s.intValue("max_tracked", d.maxTracked()));
    }

    /** Per destination "address port": the window's attempts, or the flood's once detected. */
    public static final class State implements Serializable {
        private static final long serialVersionUID = 1L;
        long windowStart;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long halfOpen;
        long answered;
        final Set<String> sources = new HashSet<>();
        long untrackedSources;
        final Set<Integer> sourcePorts = new HashSet<>();
        /** Uids counted, so that a connection's creation and its flow record count once. */
        final Set<String> uids = new HashSet<>();
        boolean fromCreations;
        boolean fromFlows;
        boolean alerted;
        long reportedHalfOpen;
        final EvidenceLog evidence = new EvidenceLog();

        void startOver(long ts) {
            windowStart = ts;
            first = Long.MAX_VALUE;
            last = Long.MIN_VALUE;
            halfOpen = 0;
            answered = 0;
            sources.clear();
            untrackedSources = 0;
            sourcePorts.clear();
            uids.clear();
            evidence.clear();
        }
    }

    private static final List<Technique> TECHNIQUES = List.of(Technique.of("T1499.001"), Technique.of("T1498.001"),
            Technique.of("T1499"), Technique.of("T1498"));

    private final Config config;

    public SynFloodDetector(Config config) {
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
        return EnumSet.of(Ds0029Component.NETWORK_CONNECTION_CREATION, Ds0029Component.NETWORK_TRAFFIC_FLOW);
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    @Override
    public HostPortKey key(Event event) {
        return switch (event) {
            case ConnectionCreation c when c.proto().equals("tcp") && counts(c.outcome()) ->
                    new HostPortKey(c.id().respH(), c.id().respP());
            case FlowRecord f when f.proto().equals("tcp") && f.connState() != null && counts(f.connState()) ->
                    new HostPortKey(f.id().respH(), f.id().respP());
            default -> null;
        };
    }

    private static boolean counts(ConnectionCreation.Outcome o) {
        return o == ConnectionCreation.Outcome.UNANSWERED || o == ConnectionCreation.Outcome.ESTABLISHED;
    }

    /** S0: a SYN and nothing back; SF/S1/RSTO...: answered attempts that started with a SYN. */
    private static boolean counts(String connState) {
        return switch (connState) {
            case "S0", "S1", "S2", "S3", "SF", "RSTO", "RSTR" -> true;
            default -> false;
        };
    }

    @Override
    public State onEvent(HostPortKey dst, State state, Event event, DetectorContext ctx) {
        long ts = event.tsNanos();
        if (state == null) {
            state = new State();
            state.startOver(ts);
            ctx.timer(ts + config.windowNanos());
        } else if (!state.alerted && ts >= state.windowStart + config.windowNanos()) {
            state.startOver(ts);
            ctx.timer(ts + config.windowNanos());
        }
        String uid, communityId, src;
        int srcPort;
        boolean halfOpen;
        if (event instanceof ConnectionCreation c) {
            uid = c.uid();
            communityId = c.communityId();
            src = c.id().origH();
            srcPort = c.id().origP();
            halfOpen = c.outcome() == ConnectionCreation.Outcome.UNANSWERED;
            state.fromCreations = true;
        } else {
            var f = (FlowRecord) event;
            // Packet sources emit a creation for every TCP connection first; a flow export only the record.
            if (state.fromCreations) return state;
            uid = f.uid();
            communityId = f.communityId();
            src = f.id().origH();
            srcPort = f.id().origP();
            halfOpen = f.connState().equals("S0");
            state.fromFlows = true;
        }
        if (state.uids.size() < config.maxTracked()) {
            if (!state.uids.add(uid)) return state;
        }
        if (!halfOpen) {
            state.answered++;
            return state;
        }
        state.halfOpen++;
        state.first = Math.min(state.first, ts);
        state.last = Math.max(state.last, ts);
        if (state.sources.size() < config.maxTracked()) state.sources.add(src);
        else if (!state.sources.contains(src)) state.untrackedSources++;
        if (state.sourcePorts.size() < 65_536) state.sourcePorts.add(srcPort);
        state.evidence.add(uid, communityId);
        if (!state.alerted && isFlood(state)) {
            state.alerted = true;
            report(dst, state, ctx);
            ctx.timer(ts + config.windowNanos());
        }
        return state;
    }

    private boolean isFlood(State s) {
        if (s.halfOpen < config.minHalfOpen()) return false;
        return s.halfOpen >= config.minUnansweredShare() * (s.halfOpen + s.answered);
    }

    @Override
    public State onTimer(HostPortKey dst, State state, long timerNanos, DetectorContext ctx) {
        if (state == null) return null;
        if (state.alerted) {
            if (state.halfOpen != state.reportedHalfOpen) report(dst, state, ctx);
            if (timerNanos >= state.last + config.holdNanos()) return null;
            ctx.timer(Math.min(state.last + config.holdNanos(), timerNanos + config.windowNanos()));
            return state;
        }
        long windowEnd = state.windowStart + config.windowNanos();
        if (timerNanos >= windowEnd) return null; // too few in the window: forget it
        ctx.timer(windowEnd);
        return state;
    }

    private void report(HostPortKey dst, State s, DetectorContext ctx) {
        String host = dst.host();
        int port = dst.port();
        long sources = s.sources.size() + s.untrackedSources;
        long span = Math.max(s.last - s.first, 1);
        double perSecond = s.halfOpen * 1e9 / Math.max(span, 1_000_000_000L);
        boolean high = s.halfOpen >= 10L * config.minHalfOpen() || sources >= config.spoofedSources();
        var why = new StringBuilder();
        why.append(Explanations.count(s.halfOpen)).append(" TCP connection attempts to ").append(host).append(" port ")
                .append(port).append(" went unanswered (half-open) in ").append(Explanations.duration(s.last - s.first))
                .append(String.format(java.util.Locale.ROOT, " (%.0f a second)", perSecond))
                .append(", from ").append(Explanations.count(sources, "source", "sources"))
                .append(" using ").append(Explanations.count(s.sourcePorts.size(), "source port", "source ports"))
                .append("; ").append(Explanations.count(s.answered)).append(" attempts were answered (")
                .append(Explanations.percent(s.halfOpen, s.halfOpen + s.answered)).append(" unanswered)");
        if (sources >= config.spoofedSources()) why.append("; that many sources point to spoofed addresses or a botnet");
        var alert = Alert.builder(ID)
                .technique("T1499.001")
                .technique("T1498.001")
                .severity(high ? Severity.HIGH : Severity.MEDIUM)
                .confidence(Math.min(0.9, 0.6 + 0.3 * Math.min(1.0, s.halfOpen / (10.0 * config.minHalfOpen()))))
                .time(s.first, s.last)
                .dstHost(host)
                .dstPort(port)
                .explanation(why.toString())
                .incident(dst + " syn flood");
        if (s.fromCreations) alert.component(Ds0029Component.NETWORK_CONNECTION_CREATION);
        if (s.fromFlows) alert.component(Ds0029Component.NETWORK_TRAFFIC_FLOW);
        if (sources == 1) alert.srcHost(s.sources.iterator().next());
        s.evidence.drainInto(alert);
        s.reportedHalfOpen = s.halfOpen;
        ctx.alert(alert.build());
    }
}
