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
import io.sluice.event.FlowRecord;
import io.sluice.packet.craft.FrameBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionFloodDetectorTest {

    private static final ConnectionFloodDetector DETECTOR = new ConnectionFloodDetector(ConnectionFloodDetector.Config.DEFAULTS);
    private static final long T0 = 1_767_225_600_000_000_000L;

    private static List<Alert> run(List<Event> events) {
        return DetectorHarness.run(DETECTOR, DetectorHarness.inObservedOrder(events));
    }

    @Test
    void completedHandshakesFromManyBotsThroughThePipelineAreAServiceExhaustionFlood(@TempDir Path dir) throws IOException {
        // 600 connections to a TLS service in 6 s from 30 bots: handshake, then a reset to free the bot's socket
        var pcap = dir.resolve("connection-flood.pcap");
        try (var w = PcapWriter.create(pcap, FrameBuilder.raw().linkType(), 65535, PcapWriter.Resolution.NANOS)) {
            for (int i = 0; i < 600; i++) {
                String bot = "198.51.100." + (i % 30 + 1);
                int port = 20000 + i;
                long t = T0 + i * 10_000_000L;
                byte[][] frames = {
                    FrameBuilder.raw().ipv4(bot, "10.0.0.80").tcp(port, 443).flags(FrameBuilder.SYN).seq(100).build(),
                    FrameBuilder.raw().ipv4("10.0.0.80", bot).tcp(443, port).flags(FrameBuilder.SYN | FrameBuilder.ACK).seq(900).ack(101).build(),
                    FrameBuilder.raw().ipv4(bot, "10.0.0.80").tcp(port, 443).flags(FrameBuilder.ACK).seq(101).ack(901).build(),
                    FrameBuilder.raw().ipv4(bot, "10.0.0.80").tcp(port, 443).flags(FrameBuilder.RST).seq(101).build(),
                };
                for (int k = 0; k < frames.length; k++) w.write(t + k * 1_000_000L, frames[k], 0, frames[k].length, frames[k].length);
            }
        }
        var events = CraftedCapture.eventsOf(pcap);
        assertThat(run(events)).singleElement().satisfies(a -> {
            assertThat(a.detectorId()).isEqualTo("dos.connection_flood");
            assertThat(a.techniques()).containsExactly(Technique.of("T1499.002"));
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_CONNECTION_CREATION);
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.dstHosts()).containsExactly("10.0.0.80");
            assertThat(a.dstPorts()).containsExactly(443);
            assertThat(a.explanation()).isEqualTo("10.0.0.80 port 443 accepted 600 TCP connections in 10 s from 30 sources; "
                    + "its baseline is 0.0 a window");
            assertThat(a.evidenceCount()).isEqualTo(600);
        });
    }

    private static List<Event> connections(String dst, int n, double from, double step, boolean flows) {
        var events = new ArrayList<Event>();
        for (int i = 0; i < n; i++) {
            var c = conn("10.1." + (i / 250) + "." + (i % 250 + 1), dst, 443).origPort(30000 + i % 30000).at(from + i * step);
            events.add(flows ? c.flow() : c.creation());
        }
        return events;
    }

    @Test
    void zeekConnRecordsAloneAreEnough() {
        assertThat(run(connections("10.0.0.80", 500, 0, 0.01, true))).singleElement()
                .satisfies(a -> assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_TRAFFIC_FLOW));
        assertThat(run(connections("10.0.0.80", 499, 0, 0.01, true))).isEmpty();
    }

    @Test
    void aBusyServiceIsMeasuredAgainstItsOwnLevel() {
        var events = new ArrayList<Event>();
        for (int w = 0; w < 60; w++) events.addAll(connections("10.0.0.80", 200, w * 10, 0.04, false));
        events.addAll(connections("10.0.0.80", 1_000, 600, 0.009, false)); // 5 times its level
        assertThat(run(events)).isEmpty();
    }

    @Test
    void unansweredAttemptsAndOrdinaryTrafficAreQuiet() {
        var events = new ArrayList<Event>();
        for (int i = 0; i < 1_000; i++) {
            events.add(conn("10.1.0." + (i % 200 + 1), "10.0.0.80", 443).origPort(40000 + i).at(i * 0.01).state("S0").creation());
            events.add(conn("10.1.0." + (i % 20 + 1), "10.0.0." + (i % 7 + 1), 443).origPort(50000 + i).at(i * 0.5).creation());
        }
        assertThat(run(events)).isEmpty();
        assertThat(events).noneMatch(FlowRecord.class::isInstance);
    }

    @Test
    void readsItsSettings() {
        var c = ConnectionFloodDetector.config(DetectConfig.empty().with("detectors.dos.connection_flood.min_connections", "50"));
        assertThat(c.minConnections()).isEqualTo(50);
        assertThat(DetectorHarness.run(new ConnectionFloodDetector(c), connections("10.0.0.80", 60, 0, 0.01, false))).hasSize(1);
    }
}
