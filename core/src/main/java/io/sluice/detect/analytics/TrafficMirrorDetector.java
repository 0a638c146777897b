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
import io.sluice.event.TunnelEvent;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds copies of traffic leaving the network: a local host sending an encapsulation stream that
 * mirroring uses (GRE, which carries ERSPAN; VXLAN; Geneve; TZSP) to an outside address.
 *
 * <p>ATT&CK: T1020.001 Automated Exfiltration: Traffic Duplication (an adversary who controls a
 * router or switch configures port mirroring, ERSPAN or a packet sniffer to send a copy of the
 * traffic it forwards to an address of theirs). DS0029: Network Connection Creation (the first
 * packet of a VXLAN, Geneve or TZSP stream to an outside address: an abnormal new connection, as
 * the row guidance asks) and Network Traffic Flow (the flow record of that stream, and tunnel.log's
 * discovery of a GRE tunnel, which has no connection of its own).
 *
 * <p>Evidence: the outer addresses and port (udp/4789 VXLAN, udp/6081 Geneve, udp/37008 TZSP),
 * {@link TunnelEvent}s of type GRE, VXLAN or Geneve whose first packet went from a local to an
 * outside address, and for UDP streams the flow's packets each way: a mirror's receiver never
 * answers, while an overlay's far end does.
 *
 * <p>Thresholds: a one-way stream of at least {@code min_bytes} (64 KiB, a few dozen copied
 * packets) is MEDIUM, as is TZSP, which exists only to stream captured packets; a new VXLAN or
 * Geneve stream or a GRE tunnel to an outside address is LOW until its flow shows it one-way.
 * Teredo, AYIYA and IP-in-IP are IPv6 transition and VPN encapsulations, not mirroring, and are
 * left out.
 *
 * <p>Known false positives: overlay networks stretched to a cloud provider (bidirectional, so LOW);
 * GRE site-to-site tunnels without IPsec; a vendor's remote packet capture during a support case.
 */
public final class TrafficMirrorDetector implements Detector<HostPair, TrafficMirrorDetector.State> {
    public static final String ID = "exfil.mirror";
    private static final Set<Class<? extends Event>> CONSUMES = Set.of(ConnectionCreation.class, FlowRecord.class,
            TunnelEvent.class);

    public record Config(long minBytes) {
        public static Config defaults() {
            return new Config(64 << 10);
        }
    }

    public static Config config(DetectConfig c) {
        return new Config(c.detector(ID).longValue("min_bytes", Config.defaults().minBytes()));
    }

    /** Stateless: each event is judged alone and the engine merges one pair's alerts into one incident. */
    public record State() {}

    private final Config config;

    public TrafficMirrorDetector(Config config) {
        this.config = config;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Technique> techniques() {
        return List.of(Technique.of("T1020.001"));
    }

    @Override
    public Set<Ds0029Component> components() {
        return EnumSet.of(Ds0029Component.NETWORK_CONNECTION_CREATION, Ds0029Component.NETWORK_TRAFFIC_FLOW);
    }

    /** The encapsulation a UDP port stands for, or null. */
    static String udpEncapsulation(String proto, int port) {
        if (!"udp".equals(proto)) return null;
        return switch (port) {
            case 4789 -> "VXLAN";
            case 6081 -> "Geneve";
            case 37008 -> "TZSP";
            default -> null;
        };
    }

    /** GRE (and the ERSPAN it carries), VXLAN and Geneve from tunnel.log; null for the others. */
    static String tunnelEncapsulation(String zeekType) {
        return switch (zeekType) {
            case "Tunnel::GRE" -> "GRE";
            case "Tunnel::VXLAN" -> "VXLAN";
            case "Tunnel::GENEVE" -> "Geneve";
            default -> null;
        };
    }

    @Override
    public Set<Class<? extends Event>> consumes() {
        return CONSUMES;
    }

    @Override
    public HostPair key(Event event) {
        return switch (event) {
            case ConnectionCreation c -> c.localOrig() && !c.localResp() && udpEncapsulation(c.proto(), c.id().respP()) != null
                    && !AddressClasses.isSpecial(c.id().respH()) ? new HostPair(c.id().origH(), c.id().respH()) : null;
            case FlowRecord f -> OutboundFlows.outbound(f) && udpEncapsulation(f.proto(), f.id().respP()) != null
                    ? new HostPair(f.id().origH(), f.id().respH()) : null;
            case TunnelEvent t -> "Tunnel::DISCOVER".equals(t.action()) && tunnelEncapsulation(t.tunnelType()) != null
                    && AddressClasses.isPrivate(t.id().origH()) && !AddressClasses.isPrivate(t.id().respH())
                    && !AddressClasses.isSpecial(t.id().respH()) ? new HostPair(t.id().origH(), t.id().respH()) : null;
            default -> null;
        };
    }

    @Override
    public State onEvent(HostPair pair, State state, Event event, DetectorContext ctx) {
        var b = Alert.builder(ID)
                .technique("T1020.001")
                .component(event.component())
                .srcHost(pair.src())
                .dstHost(pair.dst())
                .time(event.tsNanos(), event.tsNanos())
                .incident(pair.src() + " → " + pair.dst());
        switch (event) {
            case ConnectionCreation c -> {
                String kind = udpEncapsulation(c.proto(), c.id().respP());
                boolean tzsp = kind.equals("TZSP");
                b.dstPort(c.id().respP()).evidence(c.uid(), c.communityId())
                        .severity(tzsp ? Severity.MEDIUM : Severity.LOW).confidence(tzsp ? 0.6 : 0.3)
                        .explanation(String.format(Locale.ROOT, "%s started a %s stream to outside address %s (udp/%d)%s",
                                pair.src(), kind, pair.dst(), c.id().respP(),
                                tzsp ? "; TZSP carries only captured packets" : "; mirroring and overlays use it"));
            }
            case FlowRecord f -> {
                String kind = udpEncapsulation(f.proto(), f.id().respP());
                long sent = f.origIpBytes();
                boolean oneWay = f.respPkts() == 0 && sent >= config.minBytes();
                boolean strong = oneWay || kind.equals("TZSP");
                b.dstPort(f.id().respP()).evidence(f.uid(), f.communityId())
                        .severity(strong ? Severity.MEDIUM : Severity.LOW).confidence(strong ? 0.6 : 0.3)
                        .explanation(String.format(Locale.ROOT,
                                "%s sent %s in %,d %s packets to outside address %s (udp/%d) and received %,d packets%s",
                                pair.src(), Explanations.bytes(sent), f.origPkts(), kind, pair.dst(), f.id().respP(),
                                f.respPkts(), oneWay ? "; a one-way copy stream" : ""));
            }
            case TunnelEvent t -> {
                String kind = tunnelEncapsulation(t.tunnelType());
                b.evidence(t.uid(), null).severity(Severity.LOW).confidence(0.3)
                        .explanation(String.format(Locale.ROOT,
                                "%s opened a %s tunnel to outside address %s (tunnel.log %s)%s", pair.src(), kind,
                                pair.dst(), t.uid(), kind.equals("GRE") ? "; GRE carries ERSPAN mirror sessions" : ""));
            }
            default -> {
                return state;
            }
        }
        ctx.alert(b.build());
        return state;
    }

    @Override
    public State onTimer(HostPair pair, State state, long timerNanos, DetectorContext ctx) {
        return state;
    }
}
