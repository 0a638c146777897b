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
import io.sluice.protocol.arp.ArpMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds ARP cache poisoning on a segment: an IPv4 address claimed by two hardware addresses, or a
 * host whose traffic to other networks moves to a new next hop that claims, in ARP, more than one
 * address.
 *
 * <p>ATT&CK: T1557.002 (and its parent T1557). DS0029: Network Traffic Content (ARP bodies, as the
 * guidance asks: "if multiple IP addresses map to a single MAC address ... the ARP cache has been
 * poisoned") and Network Traffic Flow (the Ethernet addresses of conn.log).
 *
 * <p>Evidence, per VLAN over a tumbling window ({@code window}, 1 h): the sender IP/MAC pairs of
 * every ARP packet (probes with sender 0.0.0.0 left out), and, from conn.log, the next-hop MAC of
 * each private host's traffic to public addresses ({@code resp_l2_addr}, or {@code orig_l2_addr}
 * when the public address opened the connection). It alerts HIGH when
 * <ul>
 *   <li>one IP is claimed by {@code min_macs_per_ip} (2) MACs and its claims change hands
 *       {@code min_flips} (2) times, A then B then A again (arpwatch's "flip flop": a poisoner and
 *       the real owner both answering; MEDIUM for a single change, arpwatch's "changed ethernet
 *       address", which a new machine on a reused address also causes), or
 *   <li>a private host's off-link traffic used {@code min_next_hops} (2) next-hop MACs, and one of
 *       them claimed in ARP {@code min_ips_per_mac} (2) addresses or claimed an address another MAC
 *       also claims: the gateway it impersonates plus its own. This is the chrissanders arppoison
 *       capture, where the gateway's real MAC never speaks ARP and shows only as the first next hop.
 * </ul>
 * Thresholds are the smallest counts that show the conflict; the capture above is the measurement.
 *
 * <p>Known false positives: a failover pair without a shared virtual MAC (a new gateway MAC after
 * failover) and hosts that moved between NICs (docking stations, Wi-Fi and wire) within the window
 * claim one IP from two MACs; proxy ARP routers answer for many addresses.
 */
public final class ArpSpoofDetector implements Detector<String, ArpSpoofDetector.State> {

    public static final String ID = "lan.arp_spoof";
    /** The events {@link #key} accepts: the engine offers this analytic no others. */
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(ArpMessage.class, FlowRecord.class);
    private static final List<Technique> TECHNIQUES = List.of(Technique.of("T1557.002"), Technique.of("T1557"));
    private static final int MAX_ENTRIES = 4096;
    private static final int MAX_PER_ENTRY = 16;

    public record Config(long windowNanos, int minMacsPerIp, int minFlips, int minNextHops, int minIpsPerMac) {
        public static Config defaults() {
            return new Config(3_600_000_000_000L, 2, 2, 2, 2);
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.defaults();
        return new Config(s.durationNanos("window", d.windowNanos()), s.intValue("min_macs_per_ip", d.minMacsPerIp()),
                s.intValue("min_flips", d.minFlips()), s.intValue("min_next_hops", d.minNextHops()), s.intValue("min_ips_per_mac", d.minIpsPerMac()));
    }

    /**
     * One window of one VLAN: IP to the MACs that claimed it, MAC to the IPs it claimed, private host
     * to its next-hop MACs, each IP's last claiming MAC and how often that changed, the conn.log
     * evidence ("host|uid|community id"), and what was alerted.
     */
    public record State(long windowStart, Map<String, Set<String>> macsByIp, Map<String, Set<String>> ipsByMac,
            Map<String, Set<String>> nextHopsByHost, Map<String, String> lastMacByIp, Map<String, Integer> changesByIp,
            List<String> evidence, Set<String> alerted) {}

    private final Config config;

    public ArpSpoofDetector(Config config) {
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
        return Set.of(Ds0029Component.NETWORK_TRAFFIC_CONTENT, Ds0029Component.NETWORK_TRAFFIC_FLOW);
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    /** The keys "vlan-1" (untagged) to "vlan4095". */
    private static final VlanKeys VLAN_KEYS = new VlanKeys("vlan");

    @Override
    public String key(Event event) {
        if (event instanceof ArpMessage a) {
            if (a.probe() || a.srcMac() == null || a.srcIp() == null || a.srcIp().equals("0.0.0.0")
                    || a.srcMac().equals("00:00:00:00:00:00")) {
                return null;
            }
            return VLAN_KEYS.of(a.vlan() == null ? 0 : a.vlan());
        }
        if (event instanceof FlowRecord f && f.origL2Addr() != null && f.respL2Addr() != null && f.id() != null
                && f.tunnelParents().isEmpty() && hopSide(f) != NO_HOP) {
            return VLAN_KEYS.of(Math.max(0, f.vlan())); // -1: untagged, as ARP's null
        }
        return null;
    }

    private static final int NO_HOP = 0, ORIG_HOST = 1, RESP_HOST = 2;

    /**
     * Which side is the private host whose public peer's packets came through a next hop: the
     * originator (the hop is the responder's MAC), the responder, or neither. Called for every flow,
     * so it allocates nothing.
     */
    private static int hopSide(FlowRecord f) {
        long o = ipv4(f.id().origH()), r = ipv4(f.id().respH());
        if (isPrivateV4(o) && isPublicV4(r)) return ORIG_HOST;
        if (isPrivateV4(r) && isPublicV4(o)) return RESP_HOST;
        return NO_HOP;
    }

    @Override
    public State onEvent(String vlan, State state, Event event, DetectorContext ctx) {
        long ts = event instanceof ArpMessage a ? a.tsNanos() : ((FlowRecord) event).tsNanos();
        if (state != null && ts >= state.windowStart() + config.windowNanos()) state = null; // its timer is due
        if (state == null) {
            state = new State(ts, new HashMap<>(), new HashMap<>(), new HashMap<>(), new HashMap<>(), new HashMap<>(),
                    new ArrayList<>(), new HashSet<>());
            ctx.timer(ts + config.windowNanos());
        }
        if (event instanceof ArpMessage a) {
            String mac = a.srcMac().toLowerCase(Locale.ROOT);
            add(state.macsByIp(), a.srcIp(), mac);
            add(state.ipsByMac(), mac, a.srcIp());
            String before = state.lastMacByIp().get(a.srcIp());
            if (before == null && state.lastMacByIp().size() < MAX_ENTRIES || before != null && !before.equals(mac)) {
                state.lastMacByIp().put(a.srcIp(), mac);
                if (before != null) state.changesByIp().merge(a.srcIp(), 1, Integer::sum);
            }
        } else {
            var f = (FlowRecord) event;
            boolean origHost = hopSide(f) == ORIG_HOST;
            String host = origHost ? f.id().origH() : f.id().respH();
            String hop = origHost ? f.respL2Addr() : f.origL2Addr();
            add(state.nextHopsByHost(), host, hop.toLowerCase(Locale.ROOT));
            if (state.evidence().size() < 4 * Alert.MAX_EVIDENCE) {
                state.evidence().add(host + "|" + f.uid() + "|" + f.communityId());
            }
            // A flow changes only its host's next hops, so only that host's hops can newly qualify;
            // every other pair was judged when the ARP message or flow that changed it came.
            var hops = state.nextHopsByHost().get(host);
            if (hops != null) evaluateHops(vlan, state, ts, ctx, host, hops);
            return state;
        }
        evaluate(vlan, state, ts, ctx);
        return state;
    }

    @Override
    public State onTimer(String vlan, State state, long timerNanos, DetectorContext ctx) {
        return null;
    }

    private void evaluate(String vlan, State s, long ts, DetectorContext ctx) {
        for (var e : s.macsByIp().entrySet()) {
            if (e.getValue().size() < config.minMacsPerIp()) continue;
            String ip = e.getKey();
            int changes = s.changesByIp().getOrDefault(ip, 0);
            // one change is a new station (arpwatch's "changed ethernet address"), back and forth a flip flop
            boolean flipFlop = changes >= config.minFlips();
            if (!s.alerted().add((flipFlop ? "flip|" : "ip|") + ip)) continue;
            var macs = new TreeSet<>(e.getValue());
            var alert = base(s, ts)
                    .severity(flipFlop ? Severity.HIGH : Severity.MEDIUM)
                    .confidence(flipFlop ? 0.8 : 0.5)
                    .component(Ds0029Component.NETWORK_TRAFFIC_CONTENT)
                    .srcHost(ip)
                    .explanation(String.format(Locale.ROOT,
                            "%s was claimed in ARP by %d hardware addresses on %s, changing hands %d time%s: %s; %s", ip,
                            macs.size(), vlan, changes, changes == 1 ? "" : "s", String.join(", ", macs),
                            claims(s, macs)))
                    .incident(vlan + "|" + ip + "|" + s.windowStart());
            ctx.alert(alert.build());
        }
        for (var e : s.nextHopsByHost().entrySet()) evaluateHops(vlan, s, ts, ctx, e.getKey(), e.getValue());
    }

    /** Alerts on the next hops of {@code host} that claimed many addresses or contested ones, once each. */
    private void evaluateHops(String vlan, State s, long ts, DetectorContext ctx, String host, Set<String> hopMacs) {
        if (hopMacs.size() < config.minNextHops()) return;
        for (String mac : hopMacs) {
            var ips = s.ipsByMac().get(mac);
            if (ips == null) continue;
            boolean many = ips.size() >= config.minIpsPerMac();
            boolean contested = false;
            for (String ip : ips) contested |= s.macsByIp().get(ip).size() >= config.minMacsPerIp();
            if (!(many || contested) || !s.alerted().add("hop|" + host + "|" + mac)) continue;
            reportHop(vlan, s, ts, ctx, host, hopMacs, mac, ips);
        }
    }

    /** Out of {@link #evaluateHops}, which runs for every routed flow: the JIT compiles that loop alone, quickly. */
    private void reportHop(String vlan, State s, long ts, DetectorContext ctx, String host, Set<String> hopMacs, String mac,
            Set<String> ips) {
        var others = new TreeSet<>(hopMacs);
        others.remove(mac);
        var alert = base(s, ts)
                .component(Ds0029Component.NETWORK_TRAFFIC_FLOW)
                .component(Ds0029Component.NETWORK_TRAFFIC_CONTENT)
                .dstHost(host);
        alert.srcHost(ownAddress(s, ips));
        alert.explanation(String.format(Locale.ROOT,
                        "%s's traffic to other networks went through %d next hops on %s: %s and %s, which claimed"
                                + " %d address%s in ARP (%s)",
                        host, hopMacs.size(), vlan, String.join(", ", others), mac, ips.size(),
                        ips.size() == 1 ? "" : "es", String.join(", ", new TreeSet<>(ips))))
                .incident(vlan + "|" + mac + "|" + s.windowStart());
        for (String ev : s.evidence()) {
            var parts = ev.split("\\|", 3);
            if (!parts[0].equals(host)) continue;
            alert.evidence(parts[1], parts[2].equals("null") ? null : parts[2]);
        }
        ctx.alert(alert.build());
    }

    private Alert.Builder base(State s, long ts) {
        return Alert.builder(ID)
                .technique("T1557.002")
                .severity(Severity.HIGH)
                .confidence(0.8)
                .time(Math.min(s.windowStart(), ts), ts);
    }

    /**
     * An address this MAC claimed that no other MAC claimed, else the first. Which of its addresses is
     * its own cannot be told from ARP alone when the impersonated host never answers (arppoison).
     */
    private static String ownAddress(State s, Set<String> ips) {
        var sorted = new TreeSet<>(ips);
        for (String ip : sorted) if (s.macsByIp().get(ip).size() == 1) return ip;
        return sorted.first();
    }

    private static String claims(State s, Set<String> macs) {
        var parts = new ArrayList<String>();
        for (String mac : macs) {
            parts.add(mac + " claimed " + String.join(", ", new TreeSet<>(s.ipsByMac().get(mac))));
        }
        return String.join("; ", parts);
    }

    private static void add(Map<String, Set<String>> map, String k, String v) {
        var set = map.get(k);
        if (set == null) {
            if (map.size() >= MAX_ENTRIES) return;
            set = new HashSet<>();
            map.put(k, set);
        }
        if (set.size() < MAX_PER_ENTRY) set.add(v);
    }

    static boolean isPrivateV4(String ip) {
        return isPrivateV4(ipv4(ip));
    }

    static boolean isPublicV4(String ip) {
        return isPublicV4(ipv4(ip));
    }

    private static boolean isPrivateV4(long a) {
        if (a < 0) return false;
        int o0 = (int) (a >>> 24), o1 = (int) (a >>> 16) & 0xff;
        return o0 == 10 || (o0 == 172 && o1 >= 16 && o1 <= 31) || (o0 == 192 && o1 == 168)
                || (o0 == 169 && o1 == 254);
    }

    private static boolean isPublicV4(long a) {
        if (a < 0 || isPrivateV4(a)) return false;
        int o0 = (int) (a >>> 24), o1 = (int) (a >>> 16) & 0xff;
        return o0 != 0 && o0 != 127 && o0 < 224 && !(o0 == 100 && o1 >= 64 && o1 <= 127);
    }

    /**
     * A dotted-quad address as its 32-bit value, or -1 when it is not one; called for every flow, so
     * no regex, split or array.
     */
    private static long ipv4(String ip) {
        if (ip == null) return -1;
        long a = 0;
        int part = 0, value = 0, digits = 0;
        for (int i = 0, n = ip.length(); i < n; i++) {
            char c = ip.charAt(i);
            if (c >= '0' && c <= '9') {
                value = value * 10 + (c - '0');
                if (++digits > 3 || value > 255) return -1;
            } else if (c == '.' && digits > 0 && part < 3) {
                a = (a << 8) | value;
                part++;
                value = digits = 0;
            } else {
                return -1;
            }
        }
        if (part != 3 || digits == 0) return -1;
        return (a << 8) | value;
    }
}
