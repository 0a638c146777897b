package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.capture.PcapWriter;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.ConnId;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.protocol.tftp.TftpTransfer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TftpBootServerDetectorTest {

    private static final TftpBootServerDetector DETECTOR = new TftpBootServerDetector(TftpBootServerDetector.Config.DEFAULTS);

    @TempDir
    Path dir;

    private static byte[] rrq(String file) {
        var b = new ByteArrayOutputStream();
        b.write(0);
        b.write(1);
        b.writeBytes(file.getBytes(StandardCharsets.US_ASCII));
        b.write(0);
        b.writeBytes("octet".getBytes(StandardCharsets.US_ASCII));
        b.write(0);
        return b.toByteArray();
    }

    private static byte[] data(int block, int size) {
        byte[] d = new byte[4 + size];
        d[1] = 3;
        d[2] = (byte) (block >> 8);
        d[3] = (byte) block;
        return d;
    }

    private static byte[] ack(int block) {
        return new byte[] {0, 4, (byte) (block >> 8), (byte) block};
    }

    /** A router reading its image: RRQ to port 69, DATA from the server's transfer port, ACKs. */
    private List<Event> bootFrom(String device, String server, String image) throws Exception {
        var pcap = dir.resolve("tftp.pcap");
        double t = 1_767_225_600.0;
        try (var w = PcapWriter.create(pcap, io.sluice.packet.craft.FrameBuilder.raw().linkType(), 65535,
                PcapWriter.Resolution.NANOS)) {
            var frames = new ArrayList<byte[]>();
            frames.add(io.sluice.packet.craft.FrameBuilder.raw().ipv4(device, server).udp(2001, 69).payload(rrq(image)).build());
            for (int block = 1; block <= 3; block++) {
                frames.add(io.sluice.packet.craft.FrameBuilder.raw().ipv4(server, device).udp(50_000, 2001)
                        .payload(data(block, block < 3 ? 512 : 100)).build());
                frames.add(io.sluice.packet.craft.FrameBuilder.raw().ipv4(device, server).udp(2001, 50_000)
                        .payload(ack(block)).build());
            }
            for (byte[] f : frames) {
                t += 0.01;
                w.write(Math.round(t * 1e9), f, 0, f.length, f.length);
            }
        }
        return CraftedCapture.eventsOf(pcap);
    }

    private static ConnectionCreation request(double s, String device, String server) {
        return new ConnectionCreation(t(s), "C" + Math.abs((device + server + s).hashCode()), new ConnId(device, 2001, server, 69),
                "udp", ConnectionCreation.Outcome.UNKNOWN, true, server.startsWith("10."), -1, (String) null, "pcap");
    }

    @Test
    void aRouterBootingFromAServerOutsideTheNetworkThroughThePipelineIsTftpBoot() throws Exception {
        var events = bootFrom("10.0.0.1", "45.77.10.20", "c2900-universalk9-mz.SPA.157-3.M5.bin");
        assertThat(events).filteredOn(TftpTransfer.class::isInstance).isNotEmpty();
        var alerts = DetectorHarness.run(DETECTOR, events);
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.techniques()).containsExactly(Technique.of("T1542.005"));
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_CONNECTION_CREATION);
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.srcHost()).isEqualTo("10.0.0.1");
            assertThat(a.dstHosts()).containsExactly("45.77.10.20");
            assertThat(a.explanation()).isEqualTo("10.0.0.1 sent a TFTP request to 45.77.10.20: the server is outside the network");
        });
    }

    @Test
    void bootingFromTheUsualInsideServerIsQuiet() throws Exception {
        assertThat(DetectorHarness.run(DETECTOR, bootFrom("10.0.0.1", "10.0.9.5", "c2900.bin"))).isEmpty();
        var repeated = new ArrayList<Event>();
        for (int i = 0; i < 5; i++) repeated.add(request(i * 3600, "10.0.0.1", "10.0.9.5"));
        assertThat(DetectorHarness.run(DETECTOR, repeated)).isEmpty();
    }

    @Test
    void aDeviceChangingServerIsMediumAndAnUnlistedServerIsHigh() {
        var events = List.<Event>of(request(0, "10.0.0.1", "10.0.9.5"), request(3600, "10.0.0.1", "10.0.66.6"));
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.explanation()).endsWith("the device had fetched from 10.0.9.5 before");
        });
        var listed = new TftpBootServerDetector(TftpBootServerDetector.config(
                DetectConfig.empty().with("detectors.tftp.unexpected_server.known_servers", "10.0.9.5")));
        assertThat(DetectorHarness.run(listed, List.of(request(0, "10.0.0.2", "10.0.66.6")))).singleElement()
                .satisfies(a -> assertThat(a.severity()).isEqualTo(Severity.HIGH));
        assertThat(DetectorHarness.run(listed, List.of(request(0, "10.0.0.2", "10.0.9.5")))).isEmpty();
    }
}
