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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds a host that starts sending data out of the network through a next hop it never used: a
 * cellular router, hotspot or second uplink plugged into the LAN, where the wired network's own
 * gateway used to carry all its outside traffic.
 *
 * <p>ATT&CK: T1011 Exfiltration Over Other Network Medium; DS0029 Network Traffic Flow ("usage of
 * abnormal/unexpected protocols" and uncommon flows). Only the part of T1011 that crosses the
 * watched segment is visible: data a host sends over its own Wi-Fi, cellular or Bluetooth link
 * never reaches the sensor, but a host that sends to the outside world through a new device on the
 * LAN does, as a new destination MAC address on its outbound flows.
 *
 * <p>Evidence: outbound {@link FlowRecord}s (OutboundFlows' filter) that carry the responder's
 * link-layer address (Zeek's {@code resp_l2_addr}: for traffic leaving the segment, the next hop's
 * MAC), per source host. For {@code learning} (1 d) from the host's first outbound flow, its next
 * hops are learned; afterwards a next hop it never used, through which it sends at least
 * {@code min_bytes} (1 MiB), is reported. At most 16 next hops are kept per host.
 *
 * <p>Thresholds: the learning period matches the host baselines'; 1 MiB keeps a few stray
 * packets (a DHCP change, a probe) out. MEDIUM.
 *
 * <p>Known false positives: a router replaced or failed over without a virtual MAC (every host
 * changes at once: the alerts name the same MAC), first-hop load balancing with several virtual
 * MACs (GLBP) that the learning period did not see, a laptop moved to another segment. Sources
 * without link-layer addresses (most flow exports) are not judged.
 */
public final class NewEgressGatewayDetector implements Detector<String, NewEgressGatewayDetector.Hops> {
    public static final String ID = "exfil.new_gateway";
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(FlowRecord.class);
    private static final int MAX_HOPS = 16;

    public record Config(long learningNanos, long minBytes) {
        public static Config defaults() {
            return new Config(86_400_000_000_000L, 1L << 20);
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.defaults();
        return new Config(s.durationNanos("learning", d.learningNanos()), s.longValue("min_bytes", d.minBytes()));
    }

    /** One host's next hops: when it was first seen and, per MAC, the bytes sent through it. */
    public static final class Hops implements Serializable {
        private static final long serialVersionUID = 1L;
        long firstNanos = Long.MAX_VALUE;
        /** MAC → {first use, bytes out, flows, reported (0/1)}. */
        final LinkedHashMap<String, long[]> hops = new LinkedHashMap<>();
        /** Evidence uids and destinations per new MAC, the first few. */
        final LinkedHashMap<String, List<String>> evidence = new LinkedHashMap<>();
    }

    private final Config config;

    public NewEgressGatewayDetector(Config config) {
        this.config = config;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Technique> techniques() {
        return List.of(Technique.of("T1011"));
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
    public String key(Event event) {
        return event instanceof FlowRecord f && f.respL2Addr() != null && !f.respL2Addr().isEmpty()
                && OutboundFlows.outbound(f) && !AddressClasses.isPrivate(f.id().respH()) ? f.id().origH() : null;
    }

    @Override
    public Hops onEvent(String host, Hops state, Event event, DetectorContext ctx) {
        var f = (FlowRecord) event;
        if (state == null) state = new Hops();
        long ts = f.tsNanos();
        state.firstNanos = Math.min(state.firstNanos, ts);
        String mac = f.respL2Addr().toLowerCase(Locale.ROOT);
        boolean learning = ts < state.firstNanos + config.learningNanos();
        long[] hop = state.hops.get(mac);
        if (hop == null) {
            if (state.hops.size() >= MAX_HOPS) return state; // a host with this many next hops is not judged by MAC
            hop = new long[] {ts, 0, 0, learning ? 1 : 0};
            state.hops.put(mac, hop);
        }
        if (hop[3] != 0) return state; // learned, or already reported
        hop[1] += PairWindow.out(f);
        hop[2]++;
        var ev = state.evidence.computeIfAbsent(mac, k -> new ArrayList<>());
        if (ev.size() < 20) ev.add(f.uid() + " " + (f.communityId() == null ? "" : f.communityId()) + " " + f.id().respH());
        if (hop[1] < config.minBytes()) return state;
        report(host, state, mac, hop, ev, ts, ctx);
        return state;
    }

    /** The first crossing of the byte threshold through a new hop; out of {@link #onEvent} so that compiles small. */
    private void report(String host, Hops state, String mac, long[] hop, List<String> ev, long ts, DetectorContext ctx) {
        hop[3] = 1;
        state.evidence.remove(mac);
        var usual = new ArrayList<String>();
        for (var e : state.hops.entrySet()) {
            if (e.getValue()[0] < state.firstNanos + config.learningNanos()) usual.add(e.getKey());
        }
        var b = Alert.builder(ID)
                .technique("T1011")
                .component(Ds0029Component.NETWORK_TRAFFIC_FLOW)
                .severity(Severity.MEDIUM)
                .confidence(0.4)
                .time(hop[0], ts)
                .srcHost(host)
                .incident(host + " via " + mac)
                .explanation(String.format(Locale.ROOT,
                        "%s sent %s to outside addresses in %s through next hop %s, which it never used in the %s before "
                                + "(its usual next hops: %s)",
                        host, Explanations.bytes(hop[1]), Explanations.count(hop[2], "connection", "connections"), mac,
                        Explanations.duration(config.learningNanos()), usual.isEmpty() ? "none" : String.join(", ", usual)));
        for (String e : ev) {
            String[] p = e.split(" ", -1);
            b.evidence(p[0], p[1].isEmpty() ? null : p[1]);
            b.dstHost(p[2]);
        }
        ctx.alert(b.evidenceCount(hop[2]).build());
    }

    @Override
    public Hops onTimer(String host, Hops state, long timerNanos, DetectorContext ctx) {
        return state;
    }
}
