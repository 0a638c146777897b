package io.sluice.detect.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.capture.PcapWriter;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.packet.craft.FrameBuilder;
import io.sluice.protocol.wol.MagicPacket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MagicPacketDetectorTest {

    private static final MagicPacketDetector DETECTOR = new MagicPacketDetector(MagicPacketDetector.Config.DEFAULTS);
    private static final byte[] MAC = {0x00, 0x1b, 0x21, 0x3a, 0x4c, 0x5d};

    @TempDir
    Path dir;

    private static byte[] magic(int prefix, byte[] mac) {
        byte[] b = new byte[prefix + 102];
        Arrays.fill(b, 0, prefix, (byte) 0x17);
        Arrays.fill(b, prefix, prefix + 6, (byte) 0xff);
        for (int r = 0; r < 16; r++) System.arraycopy(mac, 0, b, prefix + 6 + r * 6, 6);
        return b;
    }

    /** UDP datagrams, one per entry: {source, destination, destination port, payload}, 1 s apart, through the pipeline. */
    private List<Event> datagrams(Object[]... packets) throws Exception {
        var pcap = dir.resolve("udp.pcap");
        try (var w = PcapWriter.create(pcap, FrameBuilder.raw().linkType(), 65535, PcapWriter.Resolution.NANOS)) {
            double t = 1_767_225_600.0;
            int port = 40_000;
            for (Object[] p : packets) {
                byte[] f = FrameBuilder.raw().ipv4((String) p[0], (String) p[1]).udp(port++, (Integer) p[2])
                        .payload((byte[]) p[3]).build();
                t += 1;
                w.write(Math.round(t * 1e9), f, 0, f.length, f.length);
            }
        }
        return CraftedCapture.eventsOf(pcap);
    }

    @Test
    void aMagicPacketFromOutsideThroughThePipelineIsTrafficSignaling() throws Exception {
        var events = datagrams(new Object[] {"45.77.10.20", "10.0.0.50", 9, magic(0, MAC)},
                new Object[] {"45.77.10.20", "10.0.0.50", 9, magic(0, MAC)});
        assertThat(events).filteredOn(MagicPacket.class::isInstance).hasSize(2);
        var alerts = DetectorHarness.run(DETECTOR, events);
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.techniques()).containsExactly(Technique.of("T1205"));
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_TRAFFIC_CONTENT);
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.srcHost()).isEqualTo("45.77.10.20");
            assertThat(a.explanation()).isEqualTo("45.77.10.20 sent 2 Wake-on-LAN magic packets waking 1 hardware address"
                    + " (00:1b:21:3a:4c:5d) to 10.0.0.50:9; the sender is outside the network");
        });
    }

    @Test
    void aPatternHiddenInAnotherPayloadOnAnOddPortIsMedium() throws Exception {
        var events = datagrams(new Object[] {"10.0.0.5", "10.0.0.50", 5353, magic(30, MAC)});
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.explanation()).contains("after other payload bytes", "not on a Wake-on-LAN port");
        });
    }

    @Test
    void anInsideWakeUpIsLowAndOrdinaryDatagramsAreQuiet() throws Exception {
        byte[] nearMiss = magic(0, MAC);
        nearMiss[101] ^= 1;
        byte[] dns = new byte[120];
        Arrays.fill(dns, 0, 12, (byte) 0xff);
        var events = datagrams(new Object[] {"10.0.0.5", "10.0.0.50", 9, nearMiss},
                new Object[] {"10.0.0.5", "10.0.0.53", 53, dns});
        assertThat(events).filteredOn(MagicPacket.class::isInstance).isEmpty();
        assertThat(DetectorHarness.run(DETECTOR, events)).isEmpty();
        var wake = datagrams(new Object[] {"10.0.0.5", "10.0.0.255", 9, magic(0, MAC)});
        assertThat(DetectorHarness.run(DETECTOR, wake)).singleElement()
                .satisfies(a -> assertThat(a.severity()).isEqualTo(Severity.LOW));
    }
}
