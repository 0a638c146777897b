package io.sluice.generate;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.DetectionEngine;
import io.sluice.detect.Detector;
import io.sluice.detect.Detectors;
import io.sluice.detect.Severity;
import io.sluice.detect.analytics.BeaconDetector;
import io.sluice.detect.analytics.DomainBeaconDetector;
import io.sluice.detect.analytics.FixedSizeTransferDetector;
import io.sluice.detect.analytics.OneWayTransferDetector;
import io.sluice.detect.analytics.ProtocolExfilDetector;
import io.sluice.event.Event;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The beacon and exfiltration analytics on generated captures, end to end: the scenario writes a
 * pcap and its labels, the real packet pipeline turns the pcap into events, the detection engine
 * runs the analytics over them, and the alerts are checked against the labels.
 */
class BeaconScenarioTest {

    /** The beacon and exfiltration analytics as Sluice runs them by default. */
    private static List<Detector<?, ?>> detectors() {
        var mine = new ArrayList<Detector<?, ?>>();
        for (var d : Detectors.standard(DetectConfig.empty())) {
            if (d.id().startsWith("beacon.") || d.id().startsWith("exfil.")) mine.add(d);
        }
        assertThat(mine).extracting(Detector::id).contains(BeaconDetector.ID, DomainBeaconDetector.ID,
                OneWayTransferDetector.ID, FixedSizeTransferDetector.ID, ProtocolExfilDetector.ID);
        return mine;
    }

    record Run(List<Label> labels, List<Alert> alerts) {}

    private static Run run(Path dir, long seed, Scenario... scenarios) throws Exception {
        Path pcap = dir.resolve("capture.pcap");
        var result = new TrafficGenerator(TrafficGenerator.DEFAULT_START_NANOS, seed).write(List.of(scenarios), pcap);
        List<Event> events = CaptureEvents.of(pcap);
        var alerts = new ArrayList<Alert>();
        var engine = new DetectionEngine(detectors(), alerts::add);
        for (Event e : events) engine.accept(e);
        engine.finish();
        for (Alert a : alerts) System.out.println(a.severity() + " " + a.detectorId() + ": " + a.explanation());
        return new Run(result.labels(), alerts);
    }

    private static Label label(Run r, String scenario) {
        return r.labels().stream().filter(l -> l.scenario().equals(scenario)).findFirst().orElseThrow();
    }

    @Test
    void theDayLongBeaconScoresAtLeast08ThroughThePacketPipeline(@TempDir Path dir) throws Exception {
        var r = run(dir, 11, new OfficeTraffic(), new DayLongBeacon());
        Label beacon = label(r, "beacon");
        String victim = beacon.hosts().get(0), c2 = beacon.hosts().get(1);
        assertThat(r.alerts()).filteredOn(a -> a.detectorId().equals(DomainBeaconDetector.ID)).singleElement()
                .satisfies(a -> {
                    assertThat(a.srcHost()).isEqualTo(victim);
                    assertThat(a.dstHosts()).containsExactly(c2);
                    assertThat(a.domain()).isEqualTo(DayLongBeacon.C2_NAME);
                    assertThat(a.confidence()).as("beacon score").isGreaterThanOrEqualTo(0.8);
                    assertThat(a.severity()).isEqualTo(Severity.HIGH);
                    assertThat(a.techniques()).extracting(t -> t.id()).contains("T1071", "T1071.001");
                    assertThat(a.firstNanos()).isBetween(beacon.fromNanos(), beacon.toNanos());
                });
        // Every alert is about the labelled pair: the office around it stays quiet. The beats carry
        // a Host header, so the pair detector leaves them to the domain detector, as RITA does.
        assertThat(r.alerts()).allSatisfy(a -> assertThat(a.srcHost()).isEqualTo(victim));
        assertThat(r.alerts()).noneMatch(a -> a.detectorId().equals(BeaconDetector.ID));
    }

    @Test
    void theUnnamedDayLongBeaconScoresAtLeast08PerHostPair(@TempDir Path dir) throws Exception {
        var r = run(dir, 12, new OfficeTraffic(), DayLongBeacon.unnamed());
        Label beacon = label(r, "beacon-unnamed");
        String victim = beacon.hosts().get(0), c2 = beacon.hosts().get(1);
        assertThat(r.alerts()).singleElement().satisfies(a -> {
            assertThat(a.detectorId()).isEqualTo(BeaconDetector.ID);
            assertThat(a.srcHost()).isEqualTo(victim);
            assertThat(a.dstHosts()).containsExactly(c2);
            assertThat(a.dstPorts()).containsExactly(4444);
            assertThat(a.confidence()).as("beacon score").isGreaterThanOrEqualTo(0.8);
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.techniques()).extracting(t -> t.id()).containsExactly("T1071");
            assertThat(beacon.techniques()).containsExactly("T1071");
        });
    }

    @Test
    void anOrdinaryOfficeGivesNoAlertAtAll(@TempDir Path dir) throws Exception {
        var r = run(dir, 1, new OfficeTraffic());
        assertThat(label(r, "office").techniques()).isEmpty();
        assertThat(r.alerts()).isEmpty();
    }

    @Test
    void theSlowExfiltrationFiresTheExfiltrationDetector(@TempDir Path dir) throws Exception {
        var r = run(dir, 3, new OfficeTraffic(), new SlowExfiltration());
        Label exfil = label(r, "exfil-slow");
        String victim = exfil.hosts().get(0), drop = exfil.hosts().get(1);
        assertThat(r.alerts()).filteredOn(a -> a.detectorId().equals(FixedSizeTransferDetector.ID)).singleElement()
                .satisfies(a -> {
                    assertThat(a.srcHost()).isEqualTo(victim);
                    assertThat(a.dstHosts()).containsExactly(drop);
                    assertThat(a.severity()).isEqualTo(Severity.HIGH);
                    assertThat(a.techniques()).extracting(t -> t.id()).contains("T1030");
                    assertThat(exfil.techniques()).contains("T1030");
                    assertThat(a.explanation()).contains("48 uploads of 512.0 KiB");
                    assertThat(a.firstNanos()).isBetween(exfil.fromNanos(), exfil.toNanos());
                });
        assertThat(r.alerts()).filteredOn(a -> a.detectorId().equals(OneWayTransferDetector.ID)).singleElement()
                .satisfies(a -> {
                    assertThat(a.srcHost()).isEqualTo(victim);
                    assertThat(a.techniques()).extracting(t -> t.id()).contains("T1048");
                });
        assertThat(r.alerts()).allSatisfy(a -> assertThat(a.srcHost()).isEqualTo(victim));
    }
}
