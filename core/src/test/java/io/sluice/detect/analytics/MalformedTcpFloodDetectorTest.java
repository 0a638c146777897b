package io.sluice.detect.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.capture.PcapWriter;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.detect.TestEvents;
import io.sluice.event.ConnId;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.event.Weird;
import io.sluice.packet.craft.FrameBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MalformedTcpFloodDetectorTest {

    private static final MalformedTcpFloodDetector DETECTOR =
            new MalformedTcpFloodDetector(MalformedTcpFloodDetector.Config.DEFAULTS);
    private static final long START = 1_767_225_600_000_000_000L;

    @TempDir
    Path dir;

    /** hping3 -S -d 120 --flood --rand-source: SYNs with a payload from spoofed sources, 100 a second. */
    @Test
    void synsWithDataFromSpoofedSourcesThroughThePipelineAreAnOsExhaustionFlood() throws IOException {
        var frames = new ArrayList<byte[]>();
        for (int i = 0; i < 300; i++) {
            frames.add(FrameBuilder.raw().ipv4("203.0." + (i / 200) + "." + (1 + i % 200), "10.0.0.80")
                    .tcp(1024 + i, 80).flags(FrameBuilder.SYN).seq(7_000L * i).payload(new byte[120]).build());
        }
        var events = pipeline(frames, 10_000_000L);
        assertThat(events).filteredOn(e -> e instanceof Weird w && w.name().equals("SYN_with_data")).hasSize(300);
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement().satisfies(a -> {
            assertThat(a.techniques()).containsExactly(Technique.of("T1499.001"));
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_TRAFFIC_CONTENT);
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.dstHosts()).containsExactly("10.0.0.80");
            assertThat(a.dstPorts()).containsExactly(80);
            assertThat(a.explanation()).contains("10.0.0.80 port 80 received 300 connections of malformed TCP packets",
                    "SYN_with_data 300", "from 300 sources");
            assertThat(a.evidenceCount()).isEqualTo(300);
        });
    }

    /** Mirai's xmas flood: every flag set, from one bot cycling its source port. */
    @Test
    void christmasTreePacketsFromOneBotThroughThePipelineAreAMediumFlood() throws IOException {
        var frames = new ArrayList<byte[]>();
        int all = FrameBuilder.SYN | FrameBuilder.ACK | FrameBuilder.FIN | FrameBuilder.RST | FrameBuilder.PSH
                | FrameBuilder.URG;
        for (int i = 0; i < 250; i++) {
            frames.add(FrameBuilder.raw().ipv4("10.9.9.9", "10.0.0.80").tcp(20_000 + i, 443).flags(all)
                    .seq(11_000L * i).ack(5).payload(new byte[64]).build());
        }
        var alerts = DetectorHarness.run(DETECTOR, pipeline(frames, 20_000_000L));
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.srcHost()).isEqualTo("10.9.9.9");
            assertThat(a.explanation()).contains("received 250 connections", "TCP_christmas 250", "from 1 source");
        });
    }

    /**
     * Ordinary conversations, and nmap's Xmas and SYN+FIN scans of 1,000 ports: malformed packets, but
     * one per port, which is a scan (scan.vertical's), not a flood.
     */
    @Test
    void ordinaryConversationsAndMalformedPortScansAreQuiet() throws IOException {
        var frames = new ArrayList<byte[]>();
        for (int p = 1; p <= 1_000; p++) {
            frames.add(FrameBuilder.raw().ipv4("10.9.9.9", "10.0.0.80").tcp(40_000, p)
                    .flags(FrameBuilder.FIN | FrameBuilder.PSH | FrameBuilder.URG).seq(1).build());
            frames.add(FrameBuilder.raw().ipv4("10.9.9.9", "10.0.0.80").tcp(40_001, p)
                    .flags(FrameBuilder.SYN | FrameBuilder.FIN | FrameBuilder.URG).seq(1).build());
        }
        var events = new ArrayList<>(pipeline(frames, 1_000_000L));
        assertThat(events).filteredOn(e -> e instanceof Weird w && MalformedTcpFloodDetector.malformed(w.name()))
                .hasSizeGreaterThanOrEqualTo(1_000);
        var ordinary = new CraftedCapture().at(100);
        for (int i = 0; i < 50; i++) {
            ordinary.request("10.0.0." + (20 + i % 10), 50_000 + i, "10.0.0.80", 80, "GET / HTTP/1.1\r\nHost: intranet\r\n\r\n",
                    "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        }
        events.addAll(ordinary.events(dir));
        assertThat(DetectorHarness.run(DETECTOR, events)).isEmpty();
    }

    @Test
    void twoHundredMalformedConnectionsInTheWindowFireAndFewerDoNot() {
        assertThat(DetectorHarness.run(DETECTOR, weirds(199, 0.04))).isEmpty();
        assertThat(DetectorHarness.run(DETECTOR, weirds(200, 0.04))).hasSize(1);
        // the same two hundred over 20 s are two windows of a hundred
        assertThat(DetectorHarness.run(DETECTOR, weirds(200, 0.1))).isEmpty();
        // weirds a capture raises for ordinary reasons do not count
        var misorder = new ArrayList<Event>();
        for (int i = 0; i < 500; i++) {
            misorder.add(new Weird(TestEvents.t(i * 0.01), "C" + i, new ConnId("10.0.0." + (i % 200), 40_000 + i, "10.0.0.80", 80),
                    "TCP_ack_underflow_or_misorder", null, false, "sluice", "TCP"));
        }
        assertThat(DetectorHarness.run(DETECTOR, misorder)).isEmpty();
    }

    private static List<Event> weirds(int n, double gapSeconds) {
        var events = new ArrayList<Event>();
        for (int i = 0; i < n; i++) {
            events.add(new Weird(TestEvents.t(i * gapSeconds), "C" + i, new ConnId("10.0.0.9", 30_000 + i, "10.0.0.80", 80),
                    "SYN_with_data", null, false, "sluice", "TCP"));
        }
        return events;
    }

    private List<Event> pipeline(List<byte[]> frames, long gapNanos) throws IOException {
        var pcap = dir.resolve("flood-" + frames.size() + "-" + gapNanos + ".pcap");
        try (var w = PcapWriter.create(pcap, FrameBuilder.raw().linkType(), 65535, PcapWriter.Resolution.NANOS)) {
            long t = START;
            for (byte[] f : frames) {
                w.write(t, f, 0, f.length, f.length);
                t += gapNanos;
            }
        }
        return CraftedCapture.eventsOf(pcap);
    }
}
