package io.sluice.detect.analytics;

import io.sluice.attack.Technique;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.detect.DetectorContext;
import io.sluice.detect.Severity;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds a host mining for someone: hours of thin, two-way traffic to an outside address on a port
 * mining pools serve Stratum on.
 *
 * <p>ATT&CK: T1496 Resource Hijacking; DS0029 Network Traffic Flow ("uncommon data flows").
 *
 * <p>Evidence: outbound {@link FlowRecord}s (OutboundFlows' filter) to the pool ports, per source
 * → destination pair over a 24-hour window: summed duration, bytes each way. A Stratum miner keeps
 * one TCP connection open, receives a job notification every few seconds to a minute and submits
 * shares at a rate set by the pool's difficulty: a few hundred bytes a minute each way, for as long
 * as the machine runs. Pool ports: 3333, 3334, 4444, 5555, 7777, 14433, 14444, 45560 and 45700, the
 * Stratum (and Stratum-over-TLS) ports that the large Monero and Bitcoin pools document for their
 * miners. Names of pools and Tor relays on connections are intel.match's job.
 *
 * <p>Thresholds (Sluice's choice): at least {@code min_duration} = 30 min of connection time,
 * bytes both ways, and at most {@code max_rate} = 4 KiB/s each way on average (a miner's
 * measured traffic is well under 1 KiB/s; file transfers and streams on these ports are far
 * above). MEDIUM.
 *
 * <p>Known false positives: other long-lived protocols that use these ports (some game servers,
 * development servers on 3333/5555, Android debugging on 5555).
 */
public final class MiningPoolDetector implements Detector<HostPair, MiningPoolDetector.Time> {
    public static final String ID = "miner.pool";
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(FlowRecord.class);

    static final PortSet POOL_PORTS = PortSet.of(3333, 3334, 4444, 5555, 7777, 14433, 14444, 45560, 45700);

    public record Config(long windowNanos, long minDurationNanos, double maxRate) {
        public static Config defaults() {
            return new Config(24 * 3_600_000_000_000L, 30 * 60_000_000_000L, 4096);
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.defaults();
        return new Config(s.durationNanos("window", d.windowNanos()), s.durationNanos("min_duration", d.minDurationNanos()),
                s.doubleValue("max_rate", d.maxRate()));
    }

    /** Connection time and bytes to one pool address in one window. */
    public static final class Time extends PairWindow {
        private static final long serialVersionUID = 1L;
        long durationNanos, outBytes, inBytes;

        Time(long start, long window) {
            super(start, window);
        }
    }

    private final Config config;

    public MiningPoolDetector(Config config) {
        this.config = config;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Technique> techniques() {
        return List.of(Technique.of("T1496"));
    }

    @Override
    public Set<Ds0029Component> components() {
        return Set.of(Ds0029Component.NETWORK_TRAFFIC_FLOW);
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    @Override
    public HostPair key(Event event) {
        return event instanceof FlowRecord f && "tcp".equals(f.proto()) && POOL_PORTS.contains(f.id().respP())
                && OutboundFlows.outbound(f) && f.durationNanos() != null ? new HostPair(f.id().origH(), f.id().respH()) : null;
    }

    @Override
    public Time onEvent(HostPair key, Time state, Event event, DetectorContext ctx) {
        var f = (FlowRecord) event;
        if (state != null && f.tsNanos() >= state.windowEndNanos) {
            judge(key, state, ctx);
            state = null;
        }
        if (state == null) {
            state = new Time(f.tsNanos(), config.windowNanos());
            ctx.timer(state.windowEndNanos);
        }
        state.note(f);
        state.durationNanos += f.durationNanos();
        state.outBytes += PairWindow.out(f);
        state.inBytes += PairWindow.in(f);
        return state;
    }

    @Override
    public Time onTimer(HostPair key, Time state, long timerNanos, DetectorContext ctx) {
        if (state == null || timerNanos < state.windowEndNanos) return state;
        judge(key, state, ctx);
        return null;
    }

    private void judge(HostPair key, Time s, DetectorContext ctx) {
        if (s.durationNanos < config.minDurationNanos() || s.outBytes <= 0 || s.inBytes <= 0) return;
        double seconds = s.durationNanos / 1e9;
        double outRate = s.outBytes / seconds, inRate = s.inBytes / seconds;
        if (outRate > config.maxRate() || inRate > config.maxRate()) return;
        ctx.alert(s.alert(ID, key, Severity.MEDIUM, 0.6).technique("T1496")
                .explanation(String.format(Locale.ROOT,
                        "%s → %s: %s connected to mining-pool port tcp/%d in %s, sending %s and receiving %s "
                                + "(%.0f and %.0f bytes/s: a miner's trickle of jobs and shares)",
                        key.src(), key.dst(), Explanations.duration(s.durationNanos), s.lastDstPort,
                        Explanations.count(s.flows, "connection", "connections"), Explanations.bytes(s.outBytes),
                        Explanations.bytes(s.inBytes), outRate, inRate))
                .build());
    }
}
