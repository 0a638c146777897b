package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.conn;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.capture.PcapWriter;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.ConnectionCreation.Outcome;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.packet.craft.FrameBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import io.sluice.detect.Detector;
import io.sluice.detect.EngineOptions;
import io.sluice.testing.Corpus;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

class SynFloodDetectorTest {

    private static final SynFloodDetector DETECTOR = new SynFloodDetector(SynFloodDetector.Config.DEFAULTS);

    private static List<Alert> run(List<Event> events) {
        return DetectorHarness.run(DETECTOR, events);
    }

    /** {@code n} unanswered attempts to 10.0.0.80:80 from {@code sources} addresses, {@code step} s apart. */
    private static List<Event> halfOpen(int n, int sources, double step, boolean withFlows) {
        var events = new ArrayList<Event>();
        for (int i = 0; i < n; i++) {
            var c = conn("198.51." + (i % sources / 250) + "." + (i % sources % 250 + 1), "10.0.0.80", 80)
                    .origPort(1024 + i).at(i * step).state("S0");
            if (withFlows) events.addAll(c.both());
            else events.add(c.creation());
        }
        return events;
    }

    @Test
    void spoofedSynsThroughThePipelineAreAHighFlood(@TempDir Path dir) throws IOException {
        // hping3 --flood --rand-source: bare SYNs from random addresses, the server never answers.
        var pcap = dir.resolve("synflood.pcap");
        try (var w = PcapWriter.create(pcap, FrameBuilder.raw().linkType(), 65535, PcapWriter.Resolution.NANOS)) {
            long t = 1_767_225_600_000_000_000L;
            for (int i = 0; i < 400; i++) {
                String src = (11 + i % 200) + "." + (i * 7 % 250) + "." + (i % 13) + "." + (1 + i % 250);
                byte[] f = FrameBuilder.raw().ipv4(src, "10.0.0.80").tcp(1024 + i * 37 % 60000, 80)
                        .flags(FrameBuilder.SYN).seq(1000L * i).build();
                w.write(t + i * 5_000_000L, f, 0, f.length, f.length);
            }
        }
        var events = CraftedCapture.eventsOf(pcap);
        assertThat(run(events)).singleElement().satisfies(a -> {
            assertThat(a.detectorId()).isEqualTo("dos.syn_flood");
            assertThat(a.techniques()).containsExactly(Technique.of("T1499.001"), Technique.of("T1498.001"));
            assertThat(a.components()).contains(Ds0029Component.NETWORK_CONNECTION_CREATION);
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.dstHosts()).containsExactly("10.0.0.80");
            assertThat(a.dstPorts()).containsExactly(80);
            assertThat(a.srcHost()).isNull();
            assertThat(a.evidenceCount()).isEqualTo(400);
            assertThat(a.explanation()).startsWith("400 TCP connection attempts to 10.0.0.80 port 80 went unanswered")
                    .contains("from 400 sources").contains("spoofed");
        });
    }

    @Test
    void oneSourceCyclingItsPortsIsAMediumFlood() {
        assertThat(run(halfOpen(300, 1, 0.01, true))).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.srcHost()).isEqualTo("198.51.0.1");
            assertThat(a.evidenceCount()).isEqualTo(300); // creation and flow of a connection count once
            assertThat(a.explanation()).contains("from 1 source using 300 source ports")
                    .contains("0 attempts were answered (100% unanswered)");
        });
    }

    @Test
    void flowRecordsAloneAreEnough() {
        var events = new ArrayList<Event>();
        for (Event e : halfOpen(250, 5, 0.01, true)) {
            if (!(e instanceof io.sluice.event.ConnectionCreation)) events.add(e);
        }
        assertThat(run(events)).singleElement().satisfies(a ->
                assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_TRAFFIC_FLOW));
    }

    @Test
    void oneFewerThanTheThresholdIsQuietAndTheThresholdFires() {
        assertThat(run(halfOpen(199, 3, 0.02, false))).isEmpty();
        assertThat(run(halfOpen(200, 3, 0.02, false))).hasSize(1);
    }

    @Test
    void theSameAttemptsSpreadBeyondTheWindowAreQuiet() {
        // 300 attempts over 60 s: never 200 within 10 s.
        assertThat(run(halfOpen(300, 3, 0.2, false))).isEmpty();
    }

    @Test
    void aBusyServerThatAnswersIsQuiet() {
        var events = new ArrayList<Event>(halfOpen(250, 40, 0.02, false));
        for (int i = 0; i < 100; i++) {
            events.add(conn("10.1.0." + (i % 200 + 1), "10.0.0.80", 80).origPort(30000 + i).at(i * 0.05)
                    .outcome(Outcome.ESTABLISHED).creation());
        }
        // 250 of 350 unanswered is 71%, below the 80% a flood needs.
        assertThat(run(DetectorHarness.inObservedOrder(events))).isEmpty();
    }

    @Test
    void ordinaryConnectionsAndScansAreQuiet() {
        var events = new ArrayList<Event>();
        for (int i = 0; i < 500; i++) {
            events.addAll(conn("10.0.0.5", "10.0.0.80", 443).origPort(40000 + i).at(i * 0.01).both());
            // a vertical scan: many unanswered ports on one host, each port once
            events.add(conn("10.0.0.6", "10.0.0.81", 1 + i).at(i * 0.01).state("S0").creation());
        }
        assertThat(run(events)).isEmpty();
    }

    @Test
    void readsItsSettings() {
        var c = SynFloodDetector.config(DetectConfig.empty().with("detectors.dos.syn_flood.min_half_open", "50")
                .with("detectors.dos.syn_flood.window", "2s"));
        assertThat(c.minHalfOpen()).isEqualTo(50);
        assertThat(c.windowNanos()).isEqualTo(2_000_000_000L);
        assertThat(run(halfOpen(60, 1, 0.01, false))).isEmpty();
        assertThat(DetectorHarness.run(new SynFloodDetector(c), halfOpen(60, 1, 0.01, false))).hasSize(1);
    }

    @Test
    @Tag("corpus")
    @EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
    void aSynScanIsNeitherASynFloodNorAVolumetricFlood() {
        // chrissanders' synscan: nmap -sS over a host's ports, answered with resets or SYN-ACKs.
        var events = CraftedCapture.eventsOf(Corpus.file("pcap-attacks/chrissanders-packets/synscan.pcapng"));
        List<Detector<?, ?>> floods = List.of(DETECTOR, new VolumetricFloodDetector(VolumetricFloodDetector.Config.DEFAULTS),
                new AmplificationDetector(AmplificationDetector.Config.DEFAULTS));
        assertThat(DetectorHarness.run(floods, events, EngineOptions.defaults())).isEmpty();
    }
}
