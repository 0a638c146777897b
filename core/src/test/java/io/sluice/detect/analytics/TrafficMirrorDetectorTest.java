package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.conn;
import static io.sluice.detect.analytics.FixedSizeTransferDetectorTest.ids;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.Ds0029Component;
import io.sluice.event.FlowRecord;
import io.sluice.event.TunnelEvent;
import io.sluice.packet.craft.FrameBuilder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrafficMirrorDetectorTest {
    private static final TrafficMirrorDetector DETECTOR = new TrafficMirrorDetector(TrafficMirrorDetector.Config.defaults());
    private static final String SWITCH = "10.0.0.1", DROP = "45.77.12.34";
    private static final String MAC_A = "00:11:22:33:44:55", MAC_B = "66:77:88:99:aa:bb";

    @TempDir
    Path dir;

    /** {@code n} copies of a workstation's web traffic, each wrapped by {@code wrap}. */
    private static UploadCapture mirrored(UploadCapture c, int n, java.util.function.IntFunction<byte[]> frame) {
        for (int i = 0; i < n; i++) {
            int k = i;
            c.frame(() -> frame.apply(k));
        }
        return c;
    }

    @Test
    void anErspanSessionToAnOutsideAddressThroughThePipelineIsTrafficDuplication() {
        var events = mirrored(new UploadCapture(), 40, i -> FrameBuilder.raw().ipv4(SWITCH, DROP).erspan2(7)
                .innerEthernet(MAC_A, MAC_B).ipv4("10.0.5.20", "93.184.216.34").tcp(50000 + i % 4, 443)
                .flags(FrameBuilder.ACK).seq(1000 + i * 1200L).payload(new byte[1200]).build())
                .events(dir);
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(TunnelEvent.class,
                t -> assertThat(t.tunnelType()).isEqualTo("Tunnel::GRE")));
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement().satisfies(a -> {
            assertThat(a.detectorId()).isEqualTo("exfil.mirror");
            assertThat(ids(a)).containsExactly("T1020.001");
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_TRAFFIC_FLOW);
            assertThat(a.srcHost()).isEqualTo(SWITCH);
            assertThat(a.dstHosts()).containsExactly(DROP);
            assertThat(a.explanation()).startsWith("10.0.0.1 opened a GRE tunnel to outside address 45.77.12.34")
                    .endsWith("GRE carries ERSPAN mirror sessions");
        });
    }

    @Test
    void aOneWayVxlanStreamThroughThePipelineIsSeenAtCreationAndInItsFlow() {
        var events = mirrored(new UploadCapture(), 80, i -> FrameBuilder.raw().ipv4(SWITCH, DROP).vxlan(100)
                .innerEthernet(MAC_A, MAC_B).ipv4("10.0.5.21", "10.0.5.22").udp(40000 + i % 8, 514)
                .payload(new byte[1000]).build())
                .events(dir);
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(ConnectionCreation.class,
                c -> assertThat(c.id().respP()).isEqualTo(4789)));
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(FlowRecord.class,
                f -> assertThat(f.id().respP()).isEqualTo(4789)));
        var alerts = DetectorHarness.run(DETECTOR, events);
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(ids(a)).containsExactly("T1020.001");
            assertThat(a.components()).contains(Ds0029Component.NETWORK_CONNECTION_CREATION,
                    Ds0029Component.NETWORK_TRAFFIC_FLOW);
            assertThat(a.severity()).as("the flow shows it one-way").isEqualTo(Severity.MEDIUM);
            assertThat(a.count()).as("creation, flow and tunnel: one incident").isGreaterThanOrEqualTo(2);
        });
    }

    @Test
    void aTzspStreamIsTrafficDuplicationAtConnectionCreation() {
        var tzsp = conn("10.0.0.2", DROP, 37008).udp().pkts(1, 0).creation();
        assertThat(DetectorHarness.run(DETECTOR, List.of(tzsp))).singleElement().satisfies(a -> {
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_CONNECTION_CREATION);
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.explanation()).isEqualTo("10.0.0.2 started a TZSP stream to outside address 45.77.12.34 "
                    + "(udp/37008); TZSP carries only captured packets");
        });
    }

    @Test
    void aTwoWayOverlayIsLowAndAOneWayStreamNeedsMinBytes() {
        var overlay = conn("10.0.0.3", DROP, 4789).udp().bytes(500_000, 480_000).pkts(400, 380).flow();
        assertThat(DetectorHarness.run(DETECTOR, List.of(overlay))).singleElement()
                .satisfies(a -> assertThat(a.severity()).isEqualTo(Severity.LOW));
        // origIpBytes = bytes + 40 per packet in TestEvents: 65,536 exactly at the threshold
        var at = conn("10.0.0.3", DROP, 4789).udp().bytes(65_536 - 4_000, 0).pkts(100, 0).flow();
        assertThat(DetectorHarness.run(DETECTOR, List.of(at))).singleElement()
                .satisfies(a -> assertThat(a.severity()).isEqualTo(Severity.MEDIUM));
        var below = conn("10.0.0.3", DROP, 4789).udp().bytes(65_535 - 4_000, 0).pkts(100, 0).flow();
        assertThat(DetectorHarness.run(DETECTOR, List.of(below))).singleElement()
                .satisfies(a -> assertThat(a.severity()).isEqualTo(Severity.LOW));
    }

    @Test
    void tunnelsInsideTheNetworkAndOrdinaryTrafficAreQuiet(@TempDir Path tmp) {
        var events = mirrored(new UploadCapture(), 20, i -> FrameBuilder.raw().ipv4(SWITCH, "10.0.9.9").erspan2(7)
                .innerEthernet(MAC_A, MAC_B).ipv4("10.0.5.20", "93.184.216.34").tcp(50000, 443)
                .flags(FrameBuilder.ACK).seq(1000 + i * 100L).payload(new byte[100]).build());
        mirrored(events, 20, i -> FrameBuilder.raw().ipv4("10.0.0.4", "10.0.9.10").vxlan(200)
                .innerEthernet(MAC_A, MAC_B).ipv4("10.0.5.21", "10.0.5.22").udp(40000, 514).payload(new byte[100]).build());
        events.udp("10.0.0.5", 53000, "8.8.8.8", 53, new byte[40]).udp("8.8.8.8", 53, "10.0.0.5", 53000, new byte[80]);
        assertThat(DetectorHarness.run(DETECTOR, events.events(tmp))).isEmpty();
        // the far end started it: an inbound stream is not a copy leaving the network
        var inbound = conn(DROP, "10.0.0.6", 4789).udp().local(false, true).both();
        assertThat(DetectorHarness.run(DETECTOR, inbound)).isEmpty();
    }
}
