package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.conn;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.capture.PcapWriter;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.packet.craft.FrameBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VolumetricFloodDetectorTest {

    private static final VolumetricFloodDetector DETECTOR = new VolumetricFloodDetector(VolumetricFloodDetector.Config.DEFAULTS);
    private static final long T0 = 1_767_225_600_000_000_000L;

    private static List<Alert> run(List<Event> events) {
        return DetectorHarness.run(DETECTOR, DetectorHarness.inObservedOrder(events));
    }

    @Test
    void aUdpFloodThroughThePipelineIsADirectNetworkFlood(@TempDir Path dir) throws IOException {
        // 12,000 datagrams of 512 bytes from 50 sources in 4.8 s to one port; nothing comes back
        var pcap = dir.resolve("udp-flood.pcap");
        byte[] junk = new byte[512];
        try (var w = PcapWriter.create(pcap, FrameBuilder.raw().linkType(), 65535, PcapWriter.Resolution.NANOS)) {
            for (int i = 0; i < 12_000; i++) {
                byte[] f = FrameBuilder.raw().ipv4("192.0.2." + (i % 50 + 1), "10.0.0.80").udp(40000 + i % 50, 9999).payload(junk).build();
                w.write(T0 + 1_000_000_000L + i * 400_000L, f, 0, f.length, f.length);
            }
        }
        var events = CraftedCapture.eventsOf(pcap);
        assertThat(run(events)).singleElement().satisfies(a -> {
            assertThat(a.detectorId()).isEqualTo("dos.volumetric");
            assertThat(a.techniques()).containsExactly(Technique.of("T1498.001"));
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_TRAFFIC_FLOW);
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.dstHosts()).containsExactly("10.0.0.80");
            assertThat(a.explanation()).startsWith("10.0.0.80 received 12,000 packets (1,200 a second, 5.2 Mbit/s) from 50 sources over udp in 10 s, 0% answered");
        });
    }

    private static Event flow(String src, String dst, double at, double seconds, long pkts, long answers) {
        return conn(src, dst, 80).at(at).duration(seconds).pkts(pkts, answers).bytes(pkts * 500, answers * 40).flow();
    }

    @Test
    void theThresholdIsPacketsInOneBucket() {
        assertThat(run(List.of(flow("192.0.2.1", "10.0.0.80", 1, 2, 9_999, 0)))).isEmpty();
        assertThat(run(List.of(flow("192.0.2.1", "10.0.0.80", 1, 2, 10_000, 0)))).singleElement()
                .satisfies(a -> assertThat(a.srcHost()).isEqualTo("192.0.2.1"));
        assertThat(run(List.of(flow("192.0.2.1", "10.0.0.80", 1, 2, 100_000, 0)))).singleElement()
                .satisfies(a -> assertThat(a.severity()).isEqualTo(Severity.HIGH));
    }

    @Test
    void aLongFlowIsSpreadOverItsDuration() {
        // 15,000 packets over 60 s is 2,500 per bucket
        assertThat(run(List.of(flow("192.0.2.1", "10.0.0.80", 0, 60, 15_000, 0)))).isEmpty();
    }

    @Test
    void anAcknowledgedBulkTransferIsQuiet() {
        assertThat(run(List.of(flow("10.0.0.5", "10.0.0.80", 1, 5, 50_000, 25_000)))).isEmpty();
    }

    @Test
    void aDestinationThatIsAlwaysBusyIsQuiet() {
        var events = new ArrayList<Event>();
        for (int b = 0; b < 30; b++) events.add(flow("192.0.2." + (b + 1), "10.0.0.80", b * 10 + 1, 5, 5_000, 0));
        events.add(flow("192.0.2.99", "10.0.0.80", 301, 5, 20_000, 0)); // 4 times its level
        assertThat(run(events)).isEmpty();
    }

    @Test
    void ordinaryTrafficIsQuiet() {
        var events = new ArrayList<Event>();
        for (int i = 0; i < 2_000; i++) events.add(flow("10.0.0." + (i % 20 + 1), "10.0.1." + (i % 5 + 1), i * 0.3, 1, 20, 18));
        assertThat(run(events)).isEmpty();
    }

    @Test
    void readsItsSettings() {
        var c = VolumetricFloodDetector.config(DetectConfig.empty().with("detectors.dos.volumetric.min_packets", "100")
                .with("detectors.dos.volumetric.bucket", "1s"));
        assertThat(c.bucketNanos()).isEqualTo(1_000_000_000L);
        assertThat(DetectorHarness.run(new VolumetricFloodDetector(c), List.of(flow("192.0.2.1", "10.0.0.80", 1, 0.5, 150, 0))))
                .hasSize(1);
    }
}
