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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds unknown hardware placing itself in the middle of a segment's traffic: a hardware (MAC)
 * address not seen during the learning period that, afterwards, either answers name resolution
 * (LLMNR on 5355, NBT-NS on 137: a Responder-style poisoner answering for names that are not its
 * own) or becomes the next hop of inside hosts' traffic to the Internet (an inline device or a
 * rogue gateway that every packet now crosses).
 *
 * <p>ATT&CK: T1557.001 Adversary-in-the-Middle: LLMNR/NBT-NS Poisoning and SMB Relay (the new device
 * answers name queries), T1565.002 Data Manipulation: Transmitted Data Manipulation and its parent
 * T1565 (the new device carries other hosts' traffic, the position from which transmitted data is
 * changed). DS0029: Network Traffic Flow, as the guidance for all three asks: "network traffic
 * originating from unknown/unexpected hardware devices. Local network traffic metadata (such as
 * source MAC addressing)".
 *
 * <p>Evidence: conn.log rows with {@code orig_l2_addr}/{@code resp_l2_addr} (packet-metered flows
 * on Ethernet; Zeek with MAC logging), per VLAN: every MAC seen in the first {@code learning}
 * (1 d) is known. After it, a flow whose name-service end (port 5355 or 137 of a UDP flow, the side
 * that answered) has a new MAC, or a flow from an inside host to a public address whose next hop
 * ({@code resp_l2_addr}) was a learned MAC and is now a new one, is evidence against that MAC: the
 * host's route moved to unknown hardware.
 *
 * <p>Thresholds: one name answer from a new device is reported (MEDIUM: a new laptop answers
 * LLMNR for its own name too); HIGH when it answered {@code min_victims} (2) different hosts. A new
 * next hop is HIGH from {@code min_victims} (2) inside hosts routed through it (one host's new route
 * can be a VPN client's own adapter), MEDIUM for one. A plain new device is not reported: new
 * laptops and phones join every day.
 *
 * <p>Known false positives: a replaced router or firewall (new next-hop MAC for everyone: a change
 * ticket, not an attack), a failover pair without a virtual MAC; new Windows hosts answering LLMNR
 * for their own names. Captures shorter than the learning period report nothing.
 */
public final class NewDeviceDetector implements Detector<String, NewDeviceDetector.State> {
    public static final String ID = "host.new_device";
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(FlowRecord.class);
    private static final List<Technique> TECHNIQUES = List.of(Technique.of("T1557.001"), Technique.of("T1565.002"),
            Technique.of("T1565"));
    private static final int MAX_MACS = 16_384;
    private static final int MAX_VICTIMS = 64;

    /**
     * @param learningNanos how long every MAC seen counts as known
     * @param minVictims    distinct hosts answered or routed that make it HIGH
     */
    public record Config(long learningNanos, int minVictims) {
        public static final Config DEFAULTS = new Config(86_400_000_000_000L, 2);

        public Config {
            if (learningNanos < 0) throw new IllegalArgumentException(ID + ".learning must not be negative");
            if (minVictims < 1) throw new IllegalArgumentException(ID + ".min_victims must be at least 1");
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.DEFAULTS;
        return new Config(s.durationNanos("learning", d.learningNanos()), s.intValue("min_victims", d.minVictims()));
    }

    /** What one new MAC was seen doing: hosts it answered names for, hosts whose traffic it carried. */
    public record Suspect(long first, long last, Set<String> ips, Set<String> answered, Set<String> routed) {}

    /**
     * One segment (VLAN): when learning started, the MACs known, the new MACs under watch.
     *
     * @param known MAC to first-seen time
     */
    public record State(long learningStart, Map<String, Long> known, Map<String, Suspect> suspects,
            Map<String, String> nextHops) {}

    private final Config config;

    public NewDeviceDetector(Config config) {
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
        return Set.of(Ds0029Component.NETWORK_TRAFFIC_FLOW);
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    /** The keys "vlan -1" (untagged) to "vlan 4095". */
    private static final VlanKeys VLAN_KEYS = new VlanKeys("vlan ");

    @Override
    public String key(Event event) {
        if (!(event instanceof FlowRecord f) || f.origL2Addr() == null && f.respL2Addr() == null) return null;
        return VLAN_KEYS.of(f.vlan());
    }

    private static boolean nameService(int port) {
        return port == 5355 || port == 137;
    }

    @Override
    public State onEvent(String segment, State state, Event event, DetectorContext ctx) {
        var f = (FlowRecord) event;
        long ts = f.tsNanos();
        if (state == null) state = new State(ts, new HashMap<>(), new HashMap<>(), new HashMap<>());
        boolean learning = ts < state.learningStart() + config.learningNanos();
        String origMac = f.origL2Addr(), respMac = f.respL2Addr();
        String orig0 = f.id().origH(), resp0 = f.id().respH();
        boolean offLink = AddressClasses.isPrivate(orig0) && !AddressClasses.isPrivate(resp0)
                && !AddressClasses.isSpecial(resp0) && !Boolean.TRUE.equals(f.localResp());
        if (learning) {
            remember(state, origMac, ts);
            remember(state, respMac, ts);
            if (offLink && respMac != null && state.nextHops().size() < MAX_MACS) state.nextHops().put(orig0, respMac);
            return state;
        }
        remember(state, origMac, ts);
        remember(state, respMac, ts);
        String orig = f.id().origH(), resp = f.id().respH();
        // A name answer: the side on port 5355/137 of a UDP flow that sent something.
        if (f.proto().equals("udp")) {
            if (nameService(f.id().origP()) && f.origPkts() > 0 && unicast(respMac) && isNew(state, origMac)) {
                var s = suspect(state, origMac, ts, orig);
                if (s.answered().size() < MAX_VICTIMS && s.answered().add(resp)) report(segment, origMac, state, f, ctx);
            } else if (nameService(f.id().respP()) && f.respPkts() > 0 && unicast(respMac) && unicast(origMac)
                    && isNew(state, respMac)) {
                var s = suspect(state, respMac, ts, resp);
                if (s.answered().size() < MAX_VICTIMS && s.answered().add(orig)) report(segment, respMac, state, f, ctx);
            }
        }
        // A next hop: an inside host whose traffic to public addresses went through a learned gateway
        // now sends it to a new MAC (a host first seen after learning has no route to compare).
        if (offLink && respMac != null) {
            String before = state.nextHops().get(orig);
            if (isNew(state, respMac) && before != null && !before.equals(respMac) && !isNew(state, before)) {
                var s = suspect(state, respMac, ts, null);
                if (s.routed().size() < MAX_VICTIMS && s.routed().add(orig)) report(segment, respMac, state, f, ctx);
            } else if (!isNew(state, respMac) && state.nextHops().size() < MAX_MACS) {
                state.nextHops().put(orig, respMac);
            }
        }
        return state;
    }

    /** An answer goes to one host; a query to the broadcast or the LLMNR multicast group is a query. */
    private static boolean unicast(String mac) {
        if (mac == null || mac.length() < 2) return false;
        try {
            return (Integer.parseInt(mac, 0, 2, 16) & 1) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void remember(State s, String mac, long ts) {
        // asked twice for every flow, mostly about known MACs: look first, box the time only to add
        if (mac != null && s.known().size() < MAX_MACS && !s.known().containsKey(mac)) s.known().put(mac, ts);
    }

    /** First seen after the learning period (every MAC is remembered before this is asked). */
    private boolean isNew(State s, String mac) {
        if (mac == null || mac.equalsIgnoreCase("ff:ff:ff:ff:ff:ff")) return false;
        Long first = s.known().get(mac);
        return first != null && first >= s.learningStart() + config.learningNanos();
    }

    private static Suspect suspect(State s, String mac, long ts, String ip) {
        var x = s.suspects().get(mac);
        if (x == null) {
            x = new Suspect(ts, ts, new TreeSet<>(), new TreeSet<>(), new TreeSet<>());
        } else {
            x = new Suspect(x.first(), Math.max(x.last(), ts), x.ips(), x.answered(), x.routed());
        }
        if (ip != null && x.ips().size() < 8) x.ips().add(ip);
        s.suspects().put(mac, x);
        return x;
    }

    private void report(String segment, String mac, State state, FlowRecord f, DetectorContext ctx) {
        var s = state.suspects().get(mac);
        boolean answers = !s.answered().isEmpty();
        boolean routes = !s.routed().isEmpty();
        boolean high = s.answered().size() >= config.minVictims() || s.routed().size() >= config.minVictims();
        var why = new StringBuilder();
        why.append("device ").append(mac);
        if (!s.ips().isEmpty()) why.append(" (").append(String.join(", ", s.ips())).append(')');
        long learningEnd = state.learningStart() + config.learningNanos();
        long learned = 0;
        for (long first : state.known().values()) if (first < learningEnd) learned++;
        why.append(", unknown after ").append(Explanations.span(config.learningNanos())).append(" of learning ")
                .append(Explanations.count(learned, "device", "devices")).append(" on ").append(segment);
        if (answers) {
            why.append(", answered LLMNR/NBT-NS name queries of ").append(Explanations.count(s.answered().size(), "host", "hosts"))
                    .append(" (").append(Explanations.list(s.answered(), 5)).append(')');
        }
        if (routes) {
            why.append(answers ? " and" : ",").append(" became the next hop of ")
                    .append(Explanations.count(s.routed().size(), "inside host's", "inside hosts'"))
                    .append(" traffic to the Internet (").append(Explanations.list(s.routed(), 5))
                    .append("), which went through a learned gateway before");
        }
        var alert = Alert.builder(ID)
                .component(Ds0029Component.NETWORK_TRAFFIC_FLOW)
                .severity(high ? Severity.HIGH : Severity.MEDIUM)
                .confidence(high ? 0.7 : 0.45)
                .time(s.first(), s.last())
                .explanation(why.toString())
                .evidence(f.uid(), f.communityId())
                .incident(segment + "|" + mac);
        if (answers) alert.technique("T1557.001");
        if (routes) alert.technique("T1565.002").technique("T1565");
        if (!s.ips().isEmpty()) alert.srcHost(s.ips().iterator().next());
        for (String v : s.answered()) alert.dstHost(v);
        for (String v : s.routed()) alert.dstHost(v);
        ctx.alert(alert.build());
    }

    @Override
    public State onTimer(String segment, State state, long timerNanos, DetectorContext ctx) {
        return state;
    }
}
