package io.sluice.detect.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.capture.PcapWriter;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import io.sluice.packet.craft.FrameBuilder;
import io.sluice.testing.Corpus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

class IcmpTunnelDetectorTest {

    private static final IcmpTunnelDetector DETECTOR = new IcmpTunnelDetector(IcmpTunnelDetector.Config.DEFAULTS);
    private static final long T0 = 1_767_225_600_000_000_000L;

    private static List<Alert> run(List<Event> events) {
        return DetectorHarness.run(DETECTOR, events);
    }

    /** {@code n} echo requests and their replies, payload {@code i} from {@code payload}, one id. */
    private static List<Event> pings(Path dir, int n, IntFunction<byte[]> payload) throws IOException {
        var pcap = dir.resolve("pings.pcap");
        try (var w = PcapWriter.create(pcap, FrameBuilder.raw().linkType(), 65535, PcapWriter.Resolution.NANOS)) {
            for (int i = 0; i < n; i++) {
                byte[] p = payload.apply(i);
                byte[] req = FrameBuilder.raw().ipv4("10.0.0.5", "203.0.113.50").icmpEcho(0x4242, i).payload(p).build();
                byte[] rep = FrameBuilder.raw().ipv4("203.0.113.50", "10.0.0.5").icmpEchoReply(0x4242, i)
                        .payload(payload.apply(n + i)).build();
                w.write(T0 + i * 200_000_000L, req, 0, req.length, req.length);
                w.write(T0 + i * 200_000_000L + 30_000_000L, rep, 0, rep.length, rep.length);
            }
        }
        return CraftedCapture.eventsOf(pcap);
    }

    private static IntFunction<byte[]> randomOfVaryingSize(int min, int max) {
        return i -> {
            var r = new Random(i);
            byte[] b = new byte[min + r.nextInt(max - min + 1)];
            r.nextBytes(b);
            return b;
        };
    }

    /** iputils ping: 8 bytes of timestamp, then 0x10, 0x11, ... */
    private static IntFunction<byte[]> linuxPing(int size) {
        return i -> {
            byte[] b = new byte[size];
            for (int k = 0; k < 8; k++) b[k] = (byte) (i * 31 + k);
            for (int k = 8; k < size; k++) b[k] = (byte) (k + 8);
            return b;
        };
    }

    @Test
    void encryptedDataInPingsOfVaryingSizeThroughThePipelineIsAnIcmpTunnel(@TempDir Path dir) throws IOException {
        // ptunnel-like: a TCP session's encrypted bytes split over echo requests and replies.
        var events = pings(dir, 40, randomOfVaryingSize(200, 1000));
        assertThat(run(events)).singleElement().satisfies(a -> {
            assertThat(a.detectorId()).isEqualTo("icmp.tunnel");
            assertThat(a.techniques()).containsExactly(Technique.of("T1095"));
            assertThat(a.components()).containsExactlyInAnyOrder(Ds0029Component.NETWORK_TRAFFIC_FLOW,
                    Ds0029Component.NETWORK_TRAFFIC_CONTENT);
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.srcHost()).isEqualTo("10.0.0.5");
            assertThat(a.dstHosts()).containsExactly("203.0.113.50");
            assertThat(a.explanation()).startsWith("10.0.0.5 exchanged 80 ICMP echo messages with 203.0.113.50")
                    .contains("unlike a ping tool's fixed pattern");
        });
    }

    @Test
    void pingToolsAreQuietEvenWithLargePayloads(@TempDir Path dir) throws IOException {
        assertThat(run(pings(dir, 100, linuxPing(56)))).isEmpty();
        // ping -s 1400: near-uniform bytes, but every payload the same size
        assertThat(run(pings(dir, 100, linuxPing(1400)))).isEmpty();
    }

    @Test
    void textInPingsIsBelowTheEntropyThreshold(@TempDir Path dir) throws IOException {
        // varying sizes, but ASCII letters only: log2(26) = 4.7 bits per byte at most
        IntFunction<byte[]> letters = i -> {
            var r = new Random(i);
            byte[] b = new byte[200 + r.nextInt(500)];
            for (int k = 0; k < b.length; k++) b[k] = (byte) ('a' + r.nextInt(26));
            return b;
        };
        assertThat(run(pings(dir, 40, letters))).isEmpty();
    }

    @Test
    void thresholdsOfMessagesAndSpread(@TempDir Path dir) throws IOException {
        // 4 requests + 4 replies = 8 messages < 10
        assertThat(run(pings(dir, 4, randomOfVaryingSize(600, 1000)))).isEmpty();
        assertThat(run(pings(dir, 5, randomOfVaryingSize(600, 1000)))).hasSize(1);
        // random but one size: a ping with random fill
        assertThat(run(pings(dir, 40, randomOfVaryingSize(512, 512)))).isEmpty();
    }

    @Test
    void readsItsSettings(@TempDir Path dir) throws IOException {
        var c = IcmpTunnelDetector.config(DetectConfig.empty().with("detectors.icmp.tunnel.min_size_spread", "0"));
        assertThat(c.minSizeSpread()).isZero();
        assertThat(DetectorHarness.run(new IcmpTunnelDetector(c), pings(dir, 40, randomOfVaryingSize(512, 512)))).hasSize(1);
    }

    @Test
    @Tag("corpus")
    @EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
    void tracerouteAndOtherIcmpTracesAreQuiet() {
        for (String trace : List.of("pcap-protocols/chrissanders-packets/icmp_traceroute.pcapng",
                "pcap-protocols/tcpdump/icmpv6.pcap", "pcap-protocols/suricata-verify/bug-4663-03/icmp_and_ssh.pcap",
                "pcap-protocols/suricata-verify/icmp-hdr-02/input.pcap")) {
            var events = CraftedCapture.eventsOf(Corpus.file(trace));
            var echoes = new ArrayList<Event>();
            for (Event e : events) if (e instanceof FlowRecord f && f.icmpEcho() != null) echoes.add(e);
            assertThat(run(events)).as(trace + " " + echoes).isEmpty();
        }
    }
}
