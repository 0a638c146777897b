package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.conn;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.capture.PcapWriter;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.ConnId;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import io.sluice.packet.craft.FrameBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CostlyRequestFloodDetectorTest {

    private static final CostlyRequestFloodDetector DETECTOR =
            new CostlyRequestFloodDetector(CostlyRequestFloodDetector.Config.DEFAULTS);
    private static final long START = 1_767_225_600_000_000_000L;
    private static final long MS = 1_000_000L;

    @TempDir
    Path dir;

    /** A timed frame: written in time order whatever order the connections were crafted in. */
    private record Frame(long ts, byte[] bytes) {}

    /**
     * Two minutes of ordinary use of an encrypted service (a connection a second, requests of varied
     * size answered in 20 ms), then 40 bots sending the same 517-byte request 300 times in 10 s while
     * the service takes 3 s over each: the flow records alone show the repeated costly request.
     */
    @Test
    void oneRequestRepeatedByManyBotsWhileTheServiceSlowsThroughThePipelineIsAnApplicationExhaustionFlood()
            throws IOException {
        var frames = new ArrayList<Frame>();
        int port = 30_000;
        for (int i = 0; i < 120; i++) {
            connection(frames, START + i * 1_000 * MS, "10.0.0." + (20 + i % 10), port++, 300 + (i * 37) % 400, 20 * MS);
        }
        for (int i = 0; i < 300; i++) {
            connection(frames, START + 121_000 * MS + i * 33 * MS, "203.0.113." + (1 + i % 40), port++, 517, 3_000 * MS);
        }
        var events = pipeline(frames);
        assertThat(events).filteredOn(FlowRecord.class::isInstance).hasSize(420);
        var alerts = DetectorHarness.run(DETECTOR, events);
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.techniques()).containsExactly(Technique.of("T1499.003"));
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_TRAFFIC_FLOW);
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.dstHosts()).containsExactly("10.0.0.80");
            assertThat(a.dstPorts()).containsExactly(443);
            assertThat(a.explanation()).contains("10.0.0.80 port 443 accepted", "from 40 sources",
                    "100% carried the same 517-byte request", "against 0.");
        });
    }

    /** A poller repeating one request fast, and a slow flood of varied requests, are not this. */
    @Test
    void aFastPollerAndVariedSlowRequestsAreQuiet() throws IOException {
        var frames = new ArrayList<Frame>();
        int port = 30_000;
        for (int i = 0; i < 120; i++) {
            connection(frames, START + i * 1_000 * MS, "10.0.0." + (20 + i % 10), port++, 300 + (i * 37) % 400, 20 * MS);
        }
        for (int i = 0; i < 300; i++) { // the same request, answered as fast as ever
            connection(frames, START + 121_000 * MS + i * 33 * MS, "10.0.0.50", port++, 517, 20 * MS);
        }
        for (int i = 0; i < 300; i++) { // slow, but every request different
            connection(frames, START + 200_000 * MS + i * 33 * MS, "203.0.113." + (1 + i % 40), port++, 200 + i * 3, 3_000 * MS);
        }
        var events = pipeline(frames);
        assertThat(events).filteredOn(FlowRecord.class::isInstance).hasSize(720);
        assertThat(DetectorHarness.run(DETECTOR, events)).isEmpty();
    }

    @Test
    void withoutABaselineAHundredSlowRepeatsFireAndNinetyNineDoNot() {
        assertThat(DetectorHarness.run(DETECTOR, repeats(99, 3.0))).isEmpty();
        assertThat(DetectorHarness.run(DETECTOR, repeats(100, 3.0))).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.LOW);
            assertThat(a.srcHost()).isEqualTo("10.0.0.9");
            assertThat(a.explanation()).contains("with no earlier level to compare");
        });
        assertThat(DetectorHarness.run(DETECTOR, repeats(100, 1.5))).isEmpty(); // under min_slow
    }

    /** NetFlow rows: no history, no payload counts; the client's IP bytes stand for the request. */
    @Test
    void flowExportRowsAreEnough() {
        var flows = new ArrayList<Event>();
        for (int i = 0; i < 150; i++) {
            flows.add(new FlowRecord(START + i * 50 * MS, "Cnf" + i, new ConnId("203.0.113." + (1 + i % 20), 40_000 + i,
                    "10.0.0.80", 443), "tcp", null, 3_000 * MS, null, null, null, false, true, 0, null, 6, 788, 5, 620,
                    List.of(), 6, -1, -1, "1:test" + i, null, null, "netflow", null, "192.0.2.1", null, null));
        }
        assertThat(DetectorHarness.run(DETECTOR, flows)).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.explanation()).contains("from 20 sources", "the same 788-byte request (IP bytes)");
        });
        // a single-packet probe answered by a reset is no request
        var probes = new ArrayList<Event>();
        for (int i = 0; i < 150; i++) {
            probes.add(new FlowRecord(START + i * 50 * MS, "Cnp" + i, new ConnId("203.0.113.9", 40_000 + i, "10.0.0.80", 443),
                    "tcp", null, 3_000 * MS, null, null, null, false, true, 0, null, 1, 40, 1, 40, List.of(), 6, -1, -1,
                    "1:probe" + i, null, null, "netflow", null, "192.0.2.1", null, null));
        }
        assertThat(DetectorHarness.run(DETECTOR, probes)).isEmpty();
    }

    private static List<Event> repeats(int n, double seconds) {
        var flows = new ArrayList<Event>();
        for (int i = 0; i < n; i++) {
            flows.add(conn("10.0.0.9", "10.0.0.80", 8080).origPort(40_000 + i).at(i * 0.05).bytes(388, 90)
                    .duration(seconds).flow());
        }
        return flows;
    }

    private static void connection(List<Frame> frames, long t, String client, int clientPort, int requestBytes, long delay) {
        String server = "10.0.0.80";
        int sp = 443;
        long c = 1_000, s = 9_000;
        frames.add(new Frame(t, FrameBuilder.raw().ipv4(client, server).tcp(clientPort, sp).flags(FrameBuilder.SYN).seq(c).build()));
        frames.add(new Frame(t + MS, FrameBuilder.raw().ipv4(server, client).tcp(sp, clientPort)
                .flags(FrameBuilder.SYN | FrameBuilder.ACK).seq(s).ack(c + 1).build()));
        frames.add(new Frame(t + 2 * MS, FrameBuilder.raw().ipv4(client, server).tcp(clientPort, sp).flags(FrameBuilder.ACK)
                .seq(c + 1).ack(s + 1).build()));
        byte[] request = new byte[requestBytes];
        for (int i = 0; i < request.length; i++) request[i] = (byte) (i * 31 + 7);
        frames.add(new Frame(t + 3 * MS, FrameBuilder.raw().ipv4(client, server).tcp(clientPort, sp)
                .flags(FrameBuilder.ACK | FrameBuilder.PSH).seq(c + 1).ack(s + 1).payload(request).build()));
        byte[] answer = new byte[90];
        long r = t + 3 * MS + delay;
        frames.add(new Frame(r, FrameBuilder.raw().ipv4(server, client).tcp(sp, clientPort)
                .flags(FrameBuilder.ACK | FrameBuilder.PSH).seq(s + 1).ack(c + 1 + requestBytes).payload(answer).build()));
        long cEnd = c + 1 + requestBytes, sEnd = s + 1 + answer.length;
        frames.add(new Frame(r + MS, FrameBuilder.raw().ipv4(client, server).tcp(clientPort, sp)
                .flags(FrameBuilder.FIN | FrameBuilder.ACK).seq(cEnd).ack(sEnd).build()));
        frames.add(new Frame(r + 2 * MS, FrameBuilder.raw().ipv4(server, client).tcp(sp, clientPort)
                .flags(FrameBuilder.FIN | FrameBuilder.ACK).seq(sEnd).ack(cEnd + 1).build()));
        frames.add(new Frame(r + 3 * MS, FrameBuilder.raw().ipv4(client, server).tcp(clientPort, sp).flags(FrameBuilder.ACK)
                .seq(cEnd + 1).ack(sEnd + 1).build()));
    }

    private List<Event> pipeline(List<Frame> frames) throws IOException {
        frames.sort(Comparator.comparingLong(Frame::ts));
        var pcap = dir.resolve("service-" + frames.size() + ".pcap");
        try (var w = PcapWriter.create(pcap, FrameBuilder.raw().linkType(), 65535, PcapWriter.Resolution.NANOS)) {
            for (var f : frames) w.write(f.ts(), f.bytes(), 0, f.bytes().length, f.bytes().length);
        }
        return CraftedCapture.eventsOf(pcap);
    }
}
