package io.sluice.generate;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.DetectionEngine;
import io.sluice.detect.Detector;
import io.sluice.detect.EngineOptions;
import io.sluice.detect.Severity;
import io.sluice.detect.analytics.DgaDetector;
import io.sluice.detect.analytics.DnsTunnelDetector;
import io.sluice.detect.analytics.FastFluxDetector;
import io.sluice.event.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated DNS tunnel and fast-flux lookups, each written as a capture together with the
 * ordinary office, run through the real packet pipeline and the DNS analytics: the right detector
 * names the labelled client, and the office's own lookups raise nothing.
 */
class DnsTunnelScenarioTest {

    private static List<Alert> detect(List<Event> events) {
        var config = DetectConfig.empty();
        List<Detector<?, ?>> detectors = List.of(new DgaDetector(DgaDetector.config(config)),
                new FastFluxDetector(FastFluxDetector.config(config)), new DnsTunnelDetector(DnsTunnelDetector.config(config)));
        var alerts = new ArrayList<Alert>();
        var engine = new DetectionEngine(detectors, alerts::add, EngineOptions.defaults());
        for (Event e : events) engine.accept(e);
        engine.finish();
        return alerts;
    }

    @Test
    void theTunnelFiresTheTunnelDetectorAndTheOfficeStaysQuiet(@TempDir Path dir) throws Exception {
        Path pcap = dir.resolve("tunnel.pcap");
        var result = new TrafficGenerator(TrafficGenerator.DEFAULT_START_NANOS, 3)
                .write(List.of(new OfficeTraffic(), TrafficGenerator.scenario("dns-tunnel")), pcap);
        var label = result.labels().stream().filter(l -> l.scenario().equals("dns-tunnel")).findFirst().orElseThrow();
        assertThat(label.techniques()).containsExactly("T1071.004", "T1572", "T1048.003");
        assertThat(Files.size(pcap)).isGreaterThan(200 * 150L);

        var alerts = detect(CaptureEvents.of(pcap));
        alerts.forEach(a -> System.out.println(a.severity() + " " + a.detectorId() + " " + a.explanation()));
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.detectorId()).isEqualTo(DnsTunnelDetector.ID);
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.srcHost()).isEqualTo(label.hosts().get(0));
            assertThat(a.domain()).isEqualTo("example.net");
            assertThat(a.explanation()).contains("200 distinct names", "names look encoded");
            assertThat(a.firstNanos()).isBetween(label.fromNanos(), label.toNanos());
            assertThat(a.techniques()).extracting(t -> t.id()).containsAll(label.techniques());
        });
    }

    @Test
    void theFastFluxNameFiresTheFastFluxDetector(@TempDir Path dir) throws Exception {
        Path pcap = dir.resolve("flux.pcap");
        var result = new TrafficGenerator(TrafficGenerator.DEFAULT_START_NANOS, 4)
                .write(List.of(new OfficeTraffic(), TrafficGenerator.scenario("fast-flux")), pcap);
        var label = result.labels().stream().filter(l -> l.scenario().equals("fast-flux")).findFirst().orElseThrow();
        assertThat(label.techniques()).containsExactly("T1568.001");

        var alerts = detect(CaptureEvents.of(pcap));
        alerts.forEach(a -> System.out.println(a.severity() + " " + a.detectorId() + " " + a.explanation()));
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.detectorId()).isEqualTo(FastFluxDetector.ID);
            assertThat(a.severity()).isGreaterThanOrEqualTo(Severity.MEDIUM);
            assertThat(a.domain()).isEqualTo(FastFluxLookups.NAME);
            assertThat(a.srcHost()).isEqualTo(label.hosts().get(0));
            assertThat(a.explanation()).contains("TTLs at most 180 s");
            assertThat(a.firstNanos()).isBetween(label.fromNanos(), label.toNanos());
        });
    }

    @Test
    void theEncodingIsRfc4648Base32() {
        assertThat(DnsTunnel.base32("foobar".getBytes(java.nio.charset.StandardCharsets.US_ASCII))).isEqualTo("mzxw6ytboi");
    }
}
