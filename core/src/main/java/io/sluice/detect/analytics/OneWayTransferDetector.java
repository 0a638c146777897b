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
import java.util.TreeSet;

/**
 * Data flowing one way out of the network: an internal host sends an outside address far more than
 * it receives from it over a window.
 *
 * <p>ATT&CK: T1048 (+ .003 when every service seen is a cleartext protocol), and T1567 with T1041
 * when the transfer went over web protocols (HTTP, TLS), which carry both web-service and C2
 * exfiltration; DS0029 Network Traffic Flow.
 *
 * <p>Evidence: {@link FlowRecord} originator and responder bytes, summed per source → destination
 * address over a 24-hour window from the pair's first flow, outbound only ({@link OutboundFlows});
 * judged when the watermark passes the window's end or at the end of input.
 *
 * <p>Thresholds (Sluice's choice, above anything the office scenario and the protocol corpus
 * show): at least 8 MiB sent and at least ten times what was received. Volume against the host's
 * own history is the baseline analytics' job. MEDIUM.
 *
 * <p>Known false positives: backups, cloud sync, video and photo uploads, log shipping.
 */
public final class OneWayTransferDetector implements Detector<HostPair, OneWayTransferDetector.Totals> {

    public static final String ID = "exfil.ratio";
    /** The events {@link #key} accepts: the engine offers this analytic no others. */
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(FlowRecord.class);

    public record Config(long windowNanos, long minBytes, double ratio) {
        public static Config defaults() {
            return new Config(24 * 3_600_000_000_000L, 8L << 20, 10);
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.defaults();
        return new Config(s.durationNanos("window", d.windowNanos()), s.longValue("min_bytes", d.minBytes()),
                s.doubleValue("ratio", d.ratio()));
    }

    /** Bytes each way and the services they went over. */
    public static final class Totals extends PairWindow {
        private static final long serialVersionUID = 1L;
        long outBytes, inBytes;
        final TreeSet<String> services = new TreeSet<>();

        Totals(long start, long window) {
            super(start, window);
        }
    }

    private final Config config;

    public OneWayTransferDetector(Config config) {
        this.config = config;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Technique> techniques() {
        return List.of(Technique.of("T1048"), Technique.of("T1048.003"), Technique.of("T1567"), Technique.of("T1041"));
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
        return event instanceof FlowRecord f && OutboundFlows.outbound(f) ? new HostPair(f.id().origH(), f.id().respH()) : null;
    }

    @Override
    public Totals onEvent(HostPair key, Totals state, Event event, DetectorContext ctx) {
        var f = (FlowRecord) event;
        if (state != null && f.tsNanos() >= state.windowEndNanos) {
            judge(key, state, ctx); // the window ended before its timer fired
            state = null;
        }
        if (state == null) {
            state = new Totals(f.tsNanos(), config.windowNanos());
            ctx.timer(state.windowEndNanos);
        }
        state.note(f);
        state.outBytes += PairWindow.out(f);
        state.inBytes += PairWindow.in(f);
        if (f.service() != null && !f.service().isEmpty() && state.services.size() < 8) state.services.add(f.service());
        return state;
    }

    @Override
    public Totals onTimer(HostPair key, Totals state, long timerNanos, DetectorContext ctx) {
        if (state == null || timerNanos < state.windowEndNanos) return state;
        judge(key, state, ctx);
        return null;
    }

    private void judge(HostPair key, Totals s, DetectorContext ctx) {
        if (s.outBytes < config.minBytes() || s.outBytes < config.ratio() * Math.max(1, s.inBytes)) return;
        boolean web = false, cleartext = !s.services.isEmpty();
        for (String svc : s.services) {
            if (BeaconDetector.hasService(svc, "http") || BeaconDetector.hasService(svc, "ssl")) web = true;
            if (BeaconDetector.hasService(svc, "ssl") || BeaconDetector.hasService(svc, "ssh")) cleartext = false;
        }
        var b = s.alert(ID, key, Severity.MEDIUM, 0.6).technique("T1048");
        if (cleartext) b.technique("T1048.003");
        if (web) b.technique("T1567").technique("T1041");
        ctx.alert(b.explanation(String.format(Locale.ROOT, "%s → %s: sent %s and received %s (%,.0f to 1) in %,d connections over %s",
                key.src(), key.dst(), Explanations.bytes(s.outBytes), Explanations.bytes(s.inBytes),
                s.outBytes / (double) Math.max(1, s.inBytes), s.flows, s.span())).build());
    }
}
