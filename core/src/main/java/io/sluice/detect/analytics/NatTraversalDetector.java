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
import io.sluice.protocol.natpmp.PortMapping;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds an internal host that asks its gateway to open a port through the NAT and is then reached
 * from the internet: NAT traversal, the boundary opened from the inside without a firewall change.
 *
 * <p>ATT&CK: T1599.001 Network Boundary Bridging: Network Address Translation Traversal, with its
 * parent T1599. DS0029: Network Traffic Content (the NAT-PMP/PCP request itself, dissected:
 * {@link PortMapping}) and Network Traffic Flow (conn.log, NetFlow, IPFIX).
 *
 * <p>Content: every request that opens a mapping (lifetime above 0) from a private address is
 * reported MEDIUM with the ports and lifetime it asked for, HIGH when it asks for a well-known
 * remote-access or server port outside (22, 23, 80, 443, 445, 3389, 5900) — the mapping itself is the
 * bridge, whether or not anyone has used it yet.
 *
 * <p>Evidence, per internal host: a port-mapping request to a private address (the gateway) — a
 * flow to UDP 5351 (NAT-PMP, RFC 6886, and PCP, RFC 6887) or a UPnP IGD control exchange (a TCP
 * flow to a device that had just answered the host's SSDP discovery (a UDP flow from its port 1900
 * to the host: the Internet Gateway Device announcing its control URL), within the same
 * {@code window}) — then, within {@code window} (10 min), an answered inbound flow from a
 * non-private address to this host on a port it had not been reached on from outside before.
 * MEDIUM; HIGH when the inbound flow carries at least {@code high_bytes} (1 MiB) either way, or when
 * inbound flows from at least 3 external addresses follow one mapping.
 *
 * <p>Thresholds: the window covers a mapping's use by the tool that asked for it (Meterpreter's
 * and many RATs' UPnP helpers, peer-to-peer clients) which typically listens at once. Known false
 * positives: games, VoIP and peer-to-peer clients that use UPnP/NAT-PMP by design (they show up
 * as many small inbound flows; list such hosts in {@code ignore_hosts}). A flow cannot show which
 * port was mapped; the content path would.
 */
public final class NatTraversalDetector implements Detector<String, NatTraversalDetector.State> {

    public static final String ID = "boundary.nat_traversal";

    private static final Set<Class<? extends Event>> CONSUMES = Set.of(FlowRecord.class, PortMapping.class);

    public record Config(long windowNanos, long highBytes, List<String> ignoreHosts) {
        public static final Config DEFAULTS = new Config(600_000_000_000L, 1 << 20, List.of());

        public Config {
            if (windowNanos <= 0) throw new IllegalArgumentException(ID + ".window must be positive");
            ignoreHosts = List.copyOf(ignoreHosts);
        }
    }

    public static Config config(DetectConfig c) {
        var s = c.detector(ID);
        var d = Config.DEFAULTS;
        return new Config(s.durationNanos("window", d.windowNanos()), s.longValue("high_bytes", d.highBytes()),
                s.listValue("ignore_hosts", d.ignoreHosts()));
    }

    /**
     * Per internal host: the last SSDP discovery and mapping request (times, -1 when none; the
     * mapping's kind, gateway and uid), the ports already reached from outside, and the external
     * peers seen since the mapping.
     */
    public record State(long ssdpNanos, long mappingNanos, String mappingKind, String gateway, String mappingUid,
            Set<Integer> servedPorts, Set<Integer> mappedPorts, Set<String> peers, Set<String> upnpDevices) {}

    private static final int NAT_PMP_PCP = 5351, SSDP = 1900;

    private final Config config;

    public NatTraversalDetector(Config config) {
        this.config = config;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Technique> techniques() {
        return List.of(Technique.of("T1599.001"), Technique.of("T1599"));
    }

    @Override
    public Set<Ds0029Component> components() {
        return Set.of(Ds0029Component.NETWORK_TRAFFIC_FLOW, Ds0029Component.NETWORK_TRAFFIC_CONTENT);
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    @Override
    public String key(Event event) {
        if (event instanceof PortMapping p) {
            String h = p.id().origH();
            return p.opensMapping() && AddressClasses.isPrivate(h) && !config.ignoreHosts().contains(h) ? h : null;
        }
        if (!(event instanceof FlowRecord f)) return null;
        String o = f.id().origH(), r = f.id().respH();
        boolean outbound = AddressClasses.isPrivate(o);
        if (outbound && f.id().origP() == SSDP && "udp".equals(f.proto()) && AddressClasses.isPrivate(r)) {
            return config.ignoreHosts().contains(r) ? null : r; // a device answering r's discovery
        }
        if (outbound && (f.id().respP() == NAT_PMP_PCP || f.id().respP() == SSDP || AddressClasses.isPrivate(r))) {
            return config.ignoreHosts().contains(o) ? null : o;
        }
        if (!outbound && AddressClasses.isPrivate(r) && !AddressClasses.isGroup(o) && f.respPkts() > 0) {
            return config.ignoreHosts().contains(r) ? null : r;
        }
        return null;
    }

    @Override
    public State onEvent(String host, State state, Event event, DetectorContext ctx) {
        if (state == null) state = new State(-1, -1, null, null, null, new HashSet<>(), new HashSet<>(), new HashSet<>(),
                new HashSet<>());
        if (event instanceof PortMapping p) return mapping(host, state, p, ctx);
        var f = (FlowRecord) event;
        long ts = f.tsNanos();
        String o = f.id().origH(), r = f.id().respH();
        if (!o.equals(host) && f.id().origP() == SSDP && AddressClasses.isPrivate(o)) {
            if (state.upnpDevices().size() < 16) state.upnpDevices().add(o);
            return new State(ts, state.mappingNanos(), state.mappingKind(), state.gateway(), state.mappingUid(),
                    state.servedPorts(), state.mappedPorts(), state.peers(), state.upnpDevices());
        }
        if (o.equals(host)) {
            if (f.id().respP() == SSDP && "udp".equals(f.proto())) {
                return new State(ts, state.mappingNanos(), state.mappingKind(), state.gateway(), state.mappingUid(),
                        state.servedPorts(), state.mappedPorts(), state.peers(), state.upnpDevices());
            }
            if (!AddressClasses.isPrivate(r) || AddressClasses.isGroup(r)) return state;
            String kind = null;
            if (f.id().respP() == NAT_PMP_PCP && "udp".equals(f.proto()) && f.respPkts() > 0) {
                kind = "a NAT-PMP/PCP mapping request";
            } else if ("tcp".equals(f.proto()) && state.upnpDevices().contains(r) && state.ssdpNanos() >= 0
                    && ts - state.ssdpNanos() <= config.windowNanos()
                    && ts >= state.ssdpNanos() && f.respPkts() > 0) {
                kind = "a UPnP IGD control exchange after SSDP discovery";
            }
            if (kind == null) return state;
            state.servedPorts().addAll(state.mappedPorts());
            state.mappedPorts().clear();
            state.peers().clear();
            return new State(state.ssdpNanos(), ts, kind, r, f.uid(), state.servedPorts(), state.mappedPorts(),
                    state.peers(), state.upnpDevices());
        }
        // inbound from outside
        // a port reached from outside before the mapping is a service the host always had, not the mapping's
        int port = f.id().respP();
        long after = ts - state.mappingNanos();
        if (state.mappingNanos() < 0 || after < 0 || after > config.windowNanos() || state.servedPorts().contains(port)) {
            if (state.servedPorts().size() < 1024 && !state.mappedPorts().contains(port)) state.servedPorts().add(port);
            return state;
        }
        if (state.mappedPorts().size() < 64) state.mappedPorts().add(port);
        if (state.peers().size() < 64) state.peers().add(o);
        long bytes = (f.origBytes() == null ? 0 : f.origBytes()) + (f.respBytes() == null ? 0 : f.respBytes());
        boolean high = bytes >= config.highBytes() || state.peers().size() >= 3;
        ctx.alert(Alert.builder(ID)
                .component(Ds0029Component.NETWORK_TRAFFIC_FLOW)
                .technique("T1599.001")
                .technique("T1599")
                .severity(high ? Severity.HIGH : Severity.MEDIUM)
                .confidence(high ? 0.7 : 0.5)
                .time(state.mappingNanos(), ts)
                .srcHost(host)
                .dstHost(o)
                .dstPort(port)
                .evidence(state.mappingUid(), null)
                .evidence(f.uid(), f.communityId())
                .incident(host + "|" + state.mappingUid())
                .explanation(String.format(Locale.ROOT,
                        "%s sent %s to %s, then %s after it %s reached it from outside on %s port %d"
                                + " (%s exchanged; %s from outside since the mapping)",
                        host, state.mappingKind(), state.gateway(), Explanations.duration(after), o, f.proto(), port,
                        Explanations.bytes(bytes), Explanations.count(state.peers().size(), "peer", "peers")))
                .build());
        return state;
    }

    private static final PortSet SERVER_PORTS = PortSet.of(22, 23, 80, 443, 445, 3389, 5900);

    private State mapping(String host, State state, PortMapping p, DetectorContext ctx) {
        int external = p.externalPort() == null ? 0 : p.externalPort();
        boolean server = SERVER_PORTS.contains(external) || SERVER_PORTS.contains(p.internalPort());
        ctx.alert(Alert.builder(ID)
                .component(Ds0029Component.NETWORK_TRAFFIC_CONTENT)
                .technique("T1599.001")
                .technique("T1599")
                .severity(server ? Severity.HIGH : Severity.MEDIUM)
                .confidence(server ? 0.7 : 0.5)
                .time(p.tsNanos(), p.tsNanos())
                .srcHost(host)
                .dstHost(p.id().respH())
                .dstPort(p.id().respP())
                .evidence(p.uid(), null)
                .incident(host + "|" + p.protocol() + "|" + p.internalPort())
                .explanation(String.format(Locale.ROOT,
                        "%s asked its gateway %s (%s %s) to forward %s %s port %s to its own port %d for %s",
                        host, p.id().respH(), p.protocol().toUpperCase(Locale.ROOT), p.opcode(), "outside",
                        p.transport() == null ? "" : p.transport(), external == 0 ? "(any)" : Integer.toString(external),
                        p.internalPort(), Explanations.duration(p.lifetime() * 1_000_000_000L)).replace("  ", " "))
                .build());
        state.servedPorts().addAll(state.mappedPorts());
        state.mappedPorts().clear();
        state.peers().clear();
        return new State(state.ssdpNanos(), p.tsNanos(), "a " + p.protocol().toUpperCase(Locale.ROOT) + " mapping request",
                p.id().respH(), p.uid(), state.servedPorts(), state.mappedPorts(), state.peers(), state.upnpDevices());
    }

    @Override
    public State onTimer(String host, State state, long timerNanos, DetectorContext ctx) {
        return state;
    }
}
