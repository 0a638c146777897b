package io.sluice.detect.analytics;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.detect.DetectorContext;
import io.sluice.detect.Severity;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.protocol.wol.MagicPacket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds Wake-on-LAN magic packets: six bytes of FF followed by sixteen repetitions of a hardware
 * address, anywhere in a UDP payload, which wake (signal) a host that is asleep or, in a backdoor
 * that listens for such a pattern, open it.
 *
 * <p>ATT&CK: T1205 Traffic Signaling. DS0029: Network Traffic Content, as its guidance asks:
 * "packet inspection for Wake-on-LAN magic packet consists of 6 bytes of FF followed by sixteen
 * repetitions of the target system's IEEE address. Seeing this string anywhere in a packet's
 * payload may be indicative of a Wake-on-LAN attempt".
 *
 * <p>Evidence: magic_packet.log rows (the {@code wol} dissector, which finds the pattern within the
 * first 256 bytes of any UDP payload on any port), per sender over a tumbling {@code window} (1 h):
 * the hardware addresses woken, the destinations and ports.
 *
 * <p>Thresholds: none; the pattern is the fact. Severity HIGH when the sender is outside the
 * network (waking inside hosts from the Internet is signalling, not administration); MEDIUM when
 * the pattern is embedded after other bytes (no Wake-on-LAN tool does that; a signal hidden in
 * another protocol) or sent to a port other than 0, 7 and 9; LOW for an inside host's ordinary
 * wake-up (management suites wake machines for patching: list them in {@code ignore_senders}).
 *
 * <p>Known false positives: patch and power management (SCCM, Intel AMT tools) waking machines
 * at night; remote-wake services of NAS devices.
 */
public final class MagicPacketDetector implements Detector<String, MagicPacketDetector.State> {
    public static final String ID = "signal.magic_packet";
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(MagicPacket.class);
    private static final List<Technique> TECHNIQUES = List.of(Technique.of("T1205"));
    private static final PortSet WOL_PORTS = PortSet.of(0, 7, 9);

    /**
     * @param windowNanos   how long one sender's magic packets make one incident
     * @param ignoreSenders power-management hosts
     */
    public record Config(long windowNanos, List<String> ignoreSenders) {
        public static final Config DEFAULTS = new Config(3_600_000_000_000L, List.of());

        public Config {
            if (windowNanos <= 0) throw new IllegalArgumentException(ID + ".window must be positive");
            ignoreSenders = List.copyOf(ignoreSenders);
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.DEFAULTS;
        return new Config(s.durationNanos("window", d.windowNanos()), s.listValue("ignore_senders", d.ignoreSenders()));
    }

    /** One sender in one window. */
    public record State(long windowStart, long last, long packets, Set<String> targets, Set<String> destinations,
            boolean embedded, boolean oddPort, List<String> evidence) {}

    private final Config config;

    public MagicPacketDetector(Config config) {
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
        return Set.of(Ds0029Component.NETWORK_TRAFFIC_CONTENT);
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    @Override
    public String key(Event event) {
        if (!(event instanceof MagicPacket m) || m.id() == null || config.ignoreSenders().contains(m.id().origH())) return null;
        return m.id().origH();
    }

    @Override
    public State onEvent(String sender, State state, Event event, DetectorContext ctx) {
        var m = (MagicPacket) event;
        long ts = m.tsNanos();
        if (state != null && ts >= state.windowStart() + config.windowNanos()) state = null;
        if (state == null) {
            state = new State(ts, ts, 0, new TreeSet<>(), new TreeSet<>(), false, false, new ArrayList<>());
            ctx.timer(ts + config.windowNanos());
        }
        if (state.targets().size() < 64) state.targets().add(m.targetMac());
        if (state.destinations().size() < 64) state.destinations().add(m.id().respH() + ":" + m.id().respP());
        if (state.evidence().size() < Alert.MAX_EVIDENCE) state.evidence().add(m.uid());
        var s = new State(state.windowStart(), Math.max(state.last(), ts), state.packets() + 1, state.targets(),
                state.destinations(), state.embedded() || m.payloadOffset() > 0,
                state.oddPort() || !WOL_PORTS.contains(m.id().respP()), state.evidence());
        boolean outside = !AddressClasses.isPrivate(sender);
        Severity severity = outside ? Severity.HIGH : s.embedded() || s.oddPort() ? Severity.MEDIUM : Severity.LOW;
        var why = new StringBuilder(String.format(Locale.ROOT, "%s sent %s waking %s (%s) to %s", sender,
                Explanations.count(s.packets(), "Wake-on-LAN magic packet", "Wake-on-LAN magic packets"),
                Explanations.count(s.targets().size(), "hardware address", "hardware addresses"),
                Explanations.list(s.targets(), 4), Explanations.list(s.destinations(), 4)));
        if (outside) why.append("; the sender is outside the network");
        if (s.embedded()) why.append("; the pattern sat after other payload bytes");
        if (s.oddPort()) why.append("; not on a Wake-on-LAN port (0, 7, 9)");
        var alert = Alert.builder(ID)
                .technique("T1205")
                .component(Ds0029Component.NETWORK_TRAFFIC_CONTENT)
                .severity(severity)
                .confidence(outside || s.embedded() ? 0.7 : 0.5)
                .time(s.windowStart(), s.last())
                .srcHost(sender)
                .dstHost(m.id().respH())
                .dstPort(m.id().respP())
                .explanation(why.toString())
                .incident(sender + "|" + s.windowStart());
        for (String uid : s.evidence()) alert.evidence(uid, null);
        alert.evidenceCount(s.evidence().size());
        s.evidence().clear();
        ctx.alert(alert.build());
        return s;
    }

    @Override
    public State onTimer(String sender, State state, long timerNanos, DetectorContext ctx) {
        return state == null || timerNanos >= state.windowStart() + config.windowNanos() ? null : state;
    }
}
