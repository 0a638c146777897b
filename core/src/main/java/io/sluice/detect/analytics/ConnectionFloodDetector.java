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
import io.sluice.event.ConnectionCreation.Outcome;
import java.io.Serializable;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds connection floods: completed TCP connections to one service (address and port) at a rate
 * far above its own recent level, which exhaust its worker threads, connection table or licences
 * even when every handshake succeeds (unlike a SYN flood), whatever the application protocol and
 * whether or not its content can be read (TLS).
 *
 * <p>ATT&CK: T1499.002 Endpoint Denial of Service: Service Exhaustion Flood. DS0029: Network
 * Traffic Flow (conn records, for flow sources) and Network Connection Creation (established
 * handshakes, for packet sources).
 *
 * <p>Evidence: per service, the established connections of each {@code window} = 10 s and their
 * sources; the baseline is an exponentially weighted mean of the service's earlier windows
 * (weight {@code alpha} = 0.1), empty windows counting as zero; a flood window does not raise it.
 *
 * <p>Thresholds: {@code min_connections} = 500 in a window (50 new connections a second) and at
 * least {@code factor} = 10 times the baseline; with no baseline yet, the absolute number alone.
 * Judgement, as for the HTTP flood analytic (dos.app_flood): flood tools open hundreds to thousands
 * of connections a second, far above an office's rate to any one server. Severity MEDIUM from 10
 * sources, LOW otherwise.
 *
 * <p>Known false positives: load tests; a reverse proxy or NAT gateway that is every client at
 * once; clients retrying in a loop after the service failed (the flood is then a symptom); busy
 * services seen for the first time in a capture (no baseline): raise {@code min_connections} for
 * large sites.
 */
public final class ConnectionFloodDetector implements Detector<HostPortKey, ConnectionFloodDetector.State> {

    public static final String ID = "dos.connection_flood";
    /** The events {@link #key} accepts: the engine offers this analytic no others. */
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(ConnectionCreation.class, FlowRecord.class);

    /**
     * @param minConnections established connections in one window that make a flood
     * @param factor how far above the baseline the window must be
     * @param windowNanos the window connections are counted in
     * @param alpha weight of the newest window in the baseline
     */
    public record Config(int minConnections, double factor, long windowNanos, double alpha) {
        public static final Config DEFAULTS = new Config(500, 10.0, 10_000_000_000L, 0.1);

        public Config {
            if (minConnections < 2) throw new IllegalArgumentException(ID + ".min_connections must be at least 2");
            if (!(factor >= 1)) throw new IllegalArgumentException(ID + ".factor must be at least 1");
            if (windowNanos <= 0) throw new IllegalArgumentException(ID + ".window must be positive");
            if (!(alpha > 0 && alpha <= 1)) throw new IllegalArgumentException(ID + ".alpha must be in (0, 1]");
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.DEFAULTS;
        return new Config(s.intValue("min_connections", d.minConnections()), s.doubleValue("factor", d.factor()),
                s.durationNanos("window", d.windowNanos()), s.doubleValue("alpha", d.alpha()));
    }

    /** Per service "address port": the current window, the baseline, the flood. */
    public static final class State implements Serializable {
        private static final long serialVersionUID = 1L;
        long windowStart;
        long connections;
        double baseline;
        final Set<String> sources = new HashSet<>();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        boolean fromCreations;
        boolean fromFlows;
        boolean flooding;
        double baselineAtStart;
        final EvidenceLog evidence = new EvidenceLog();
    }

    private static final List<Technique> TECHNIQUES = List.of(Technique.of("T1499.002"));

    private final Config config;

    public ConnectionFloodDetector(Config config) {
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
        return EnumSet.of(Ds0029Component.NETWORK_TRAFFIC_FLOW, Ds0029Component.NETWORK_CONNECTION_CREATION);
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    @Override
    public HostPortKey key(Event event) {
        return switch (event) {
            case ConnectionCreation c when c.proto().equals("tcp") && c.outcome() == Outcome.ESTABLISHED ->
                    new HostPortKey(c.id().respH(), c.id().respP());
            case FlowRecord f when f.proto().equals("tcp") && f.history() != null && f.history().startsWith("Sh") ->
                    new HostPortKey(f.id().respH(), f.id().respP());
            default -> null;
        };
    }

    @Override
    public State onEvent(HostPortKey service, State state, Event event, DetectorContext ctx) {
        long ts = event.tsNanos();
        if (state == null) {
            state = new State();
            state.windowStart = ts;
        }
        if (event instanceof FlowRecord) {
            if (state.fromCreations) return state; // packet sources: the creation already counted it
            state.fromFlows = true;
        } else {
            state.fromCreations = true;
        }
        roll(state, ts);
        ctx.timer(state.windowStart + config.windowNanos());
        state.connections++;
        if (state.sources.size() < 10_000) {
            state.sources.add(event instanceof FlowRecord f ? f.id().origH() : ((ConnectionCreation) event).id().origH());
        }
        state.first = Math.min(state.first, ts);
        state.last = Math.max(state.last, ts);
        if (event instanceof FlowRecord f) state.evidence.add(f.uid(), f.communityId());
        else state.evidence.add(((ConnectionCreation) event).uid(), ((ConnectionCreation) event).communityId());
        if (!state.flooding && state.connections >= config.minConnections()
                && state.connections >= config.factor() * state.baseline) {
            state.flooding = true;
            state.baselineAtStart = state.baseline;
            report(service, state, ctx);
        } else if (state.flooding && state.connections % config.minConnections() == 0) {
            report(service, state, ctx); // the count so far, every min_connections more
        }
        return state;
    }

    @Override
    public State onTimer(HostPortKey service, State state, long timerNanos, DetectorContext ctx) {
        if (state == null) return null;
        if (state.flooding && state.evidence.hasNew()) report(service, state, ctx); // the window's final count
        roll(state, timerNanos);
        if (!state.flooding && state.connections == 0 && state.baseline < 1) return null; // quiet: forget it
        ctx.timer(state.windowStart + config.windowNanos());
        return state;
    }

    /** Closes the windows that ended before {@code ts}: into the baseline unless they were a flood. */
    private void roll(State state, long ts) {
        if (ts < state.windowStart + config.windowNanos()) return;
        long gap = (ts - state.windowStart) / config.windowNanos();
        if (state.flooding && state.connections < config.minConnections()) state.flooding = false;
        if (!state.flooding) {
            state.baseline = state.baseline * (1 - config.alpha()) + config.alpha() * state.connections;
            for (long i = 1; i < gap && i < 1_000; i++) state.baseline *= 1 - config.alpha(); // empty windows
            state.evidence.clear();
            state.first = Long.MAX_VALUE;
            state.last = Long.MIN_VALUE;
        }
        state.windowStart += gap * config.windowNanos();
        state.connections = 0;
        state.sources.clear();
    }

    private void report(HostPortKey service, State s, DetectorContext ctx) {
        String host = service.host();
        int port = service.port();
        long sources = s.sources.size();
        String why = String.format(Locale.ROOT,
                "%s port %d accepted %s in %s from %s; its baseline is %.1f a window",
                host, port, Explanations.count(s.connections, "TCP connection", "TCP connections"),
                Explanations.duration(config.windowNanos()), Explanations.count(sources, "source", "sources"),
                s.baselineAtStart);
        var alert = Alert.builder(ID)
                .technique("T1499.002")
                .severity(sources >= 10 ? Severity.MEDIUM : Severity.LOW)
                .confidence(sources >= 10 ? 0.7 : 0.5)
                .time(s.first, s.last)
                .dstHost(host)
                .dstPort(port)
                .explanation(why)
                .incident(service + " connection flood");
        if (s.fromCreations) alert.component(Ds0029Component.NETWORK_CONNECTION_CREATION);
        if (s.fromFlows) alert.component(Ds0029Component.NETWORK_TRAFFIC_FLOW);
        if (sources == 1) alert.srcHost(s.sources.iterator().next());
        s.evidence.drainInto(alert);
        ctx.alert(alert.build());
    }
}
