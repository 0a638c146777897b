package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.SECOND;
import static io.sluice.detect.TestEvents.t;
import static io.sluice.detect.analytics.FixedSizeTransferDetectorTest.ids;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.ConnId;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import io.sluice.packet.craft.FrameBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NewEgressGatewayDetectorTest {
    private static final NewEgressGatewayDetector DETECTOR =
            new NewEgressGatewayDetector(new NewEgressGatewayDetector.Config(3_600 * SECOND, 1L << 20));
    private static final String HOST = "10.0.0.55", HOST_MAC = "02:00:00:00:00:55";
    private static final String GATEWAY = "00:00:5e:00:01:01", HOTSPOT = "9a:3b:7c:11:22:33";

    @TempDir
    Path dir;

    private static int n;

    private static FlowRecord flow(double at, String host, String dst, String nextHop, long out) {
        return new FlowRecord(t(at), "Cgw" + (n++), new ConnId(host, 50000 + n % 1000, dst, 443), "tcp", "ssl",
                30 * SECOND, out, 20_000L, "SF", true, false, 0, "ShADadFf", 100, out + 4_000, 80, 23_200, List.of(), 6,
                -1, -1, null, HOST_MAC, nextHop, "pcap", null);
    }

    /** Two hours of a host browsing through the site's gateway (a VRRP virtual MAC). */
    private static List<Event> usual() {
        var events = new ArrayList<Event>();
        for (int m = 0; m < 120; m += 10) events.add(flow(m * 60, HOST, "93.184.216." + (m % 7), GATEWAY, 40_000));
        return events;
    }

    @Test
    void uploadsThroughANewNextHopAfterLearningAreExfiltrationOverAnotherMedium() {
        var events = usual();
        events.add(flow(7_300, HOST, "45.77.30.1", HOTSPOT, 700_000));
        events.add(flow(7_400, HOST, "45.77.30.1", HOTSPOT, 700_000));
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement().satisfies(a -> {
            assertThat(a.detectorId()).isEqualTo("exfil.new_gateway");
            assertThat(ids(a)).containsExactly("T1011");
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_TRAFFIC_FLOW);
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.dstHosts()).containsExactly("45.77.30.1");
            assertThat(a.explanation()).isEqualTo("10.0.0.55 sent 1.3 MiB to outside addresses in 2 connections through "
                    + "next hop 9a:3b:7c:11:22:33, which it never used in the 60.0 min before (its usual next hops: "
                    + "00:00:5e:00:01:01)");
        });
    }

    @Test
    void theUsualGatewayLearningAndSmallAmountsAreQuiet() {
        var events = usual();
        events.add(flow(600, HOST, "45.77.30.1", HOTSPOT, 5L << 20)); // seen while learning: a next hop of the host's
        events.add(flow(7_300, HOST, "45.77.30.2", "aa:bb:cc:00:00:01", 1_000_000)); // under 1 MiB
        events.add(flow(7_400, HOST, "10.0.9.9", "aa:bb:cc:00:00:02", 5L << 20)); // inside
        assertThat(DetectorHarness.run(DETECTOR, events)).isEmpty();
    }

    @Test
    void aHotspotOnTheLanThroughThePipeline() {
        var c = new UploadCapture().ethernet();
        for (int m = 0; m < 90; m += 10) {
            String dst = "93.184.216." + m;
            c.frame(() -> FrameBuilder.ethernet(HOST_MAC, GATEWAY).ipv4(HOST, dst).udp(40000, 5000).payload(new byte[500]).build());
            c.frame(() -> FrameBuilder.ethernet(GATEWAY, HOST_MAC).ipv4(dst, HOST).udp(5000, 40000).payload(new byte[500]).build());
            c.after(600);
        }
        for (int i = 0; i < 40; i++) {
            c.frame(() -> FrameBuilder.ethernet(HOST_MAC, HOTSPOT).ipv4(HOST, "45.77.30.1").udp(41000, 5000)
                    .payload(new byte[30_000]).build());
        }
        c.frame(() -> FrameBuilder.ethernet(HOTSPOT, HOST_MAC).ipv4("45.77.30.1", HOST).udp(5000, 41000).payload(new byte[40])
                .build());
        var events = c.events(dir);
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(FlowRecord.class,
                f -> assertThat(f.respL2Addr()).isEqualTo(HOTSPOT)));
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement()
                .satisfies(a -> assertThat(a.explanation()).contains("through next hop 9a:3b:7c:11:22:33"));
    }
}
