package io.sluice.detect.baseline;

import io.sluice.attack.Technique;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.detect.DetectorContext;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import io.sluice.protocol.dcerpc.DceRpcCall;
import io.sluice.protocol.smb.SmbMapping;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Feeds every connection event (and the DCE/RPC calls and SMB share mappings that tell which
 * remote service was used) into the shared {@link HostBaselines}. It reports nothing itself and
 * keeps no keyed state: it runs as a detector so that baselines learn from exactly the events,
 * in exactly the event time, that the analytics judge.
 *
 * <p>Configuration, section {@code detectors.baseline.hosts}: {@code learning_period} (1d),
 * {@code max_hosts} (100000), {@code max_entries} (4096 per set of a profile),
 * {@code server_min_clients} (5), {@code servers} and {@code workstations} (CIDR lists).
 */
public final class BaselineLearner implements Detector<String, BaselineLearner.State> {

    public static final String ID = "baseline.hosts";
    /** The events {@link #key} accepts: the engine offers this analytic no others. */
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(ConnectionCreation.class, FlowRecord.class, DceRpcCall.class, SmbMapping.class);

    /** Never stored: the baselines are the state. */
    public record State() {}

    private final HostBaselines baselines;

    public BaselineLearner(HostBaselines baselines) {
        this.baselines = baselines;
    }

    /** The baseline settings of {@code detectors.baseline.hosts}. */
    public static BaselineConfig config(DetectConfig c) {
        var s = c.detector(ID);
        var d = BaselineConfig.defaults();
        return new BaselineConfig(s.durationNanos("learning_period", d.learningNanos()),
                s.intValue("max_hosts", d.maxHosts()), s.intValue("max_entries", d.maxEntries()),
                s.intValue("server_min_clients", d.serverMinClients()), s.listValue("servers", d.servers()),
                s.listValue("workstations", d.workstations()));
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Technique> techniques() {
        return List.of();
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
        return switch (event) {
            case ConnectionCreation c -> c.id().origH();
            case FlowRecord f -> f.id().origH();
            case DceRpcCall r -> r.id().respH();
            case SmbMapping m -> m.id().respH();
            default -> null;
        };
    }

    @Override
    public State onEvent(String key, State state, Event event, DetectorContext ctx) {
        baselines.observe(event);
        return null;
    }

    @Override
    public State onTimer(String key, State state, long timerNanos, DetectorContext ctx) {
        return null;
    }
}
