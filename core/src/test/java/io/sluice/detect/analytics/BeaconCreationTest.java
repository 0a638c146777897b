package io.sluice.detect.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.TestEvents;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link BeaconDetector} on connection-creation records alone (Sysmon Event ID 3, connection events
 * with no byte counts): the rhythm scored on timing, a file-transfer client or service on a timer
 * named as a scheduled, automated transfer, and packet sources (creation and flow of each
 * connection) still scored once, on their flows.
 */
class BeaconCreationTest {
    private static final BeaconDetector DETECTOR = new BeaconDetector(BeaconDetector.Config.defaults());

    private static List<String> ids(Alert a) {
        return a.techniques().stream().map(Technique::id).toList();
    }

    /** Start times every {@code period} s ± {@code jitter} of it over {@code hours}, a beat missed now and then. */
    private static List<Double> rhythm(double period, double jitter, double hours, long seed) {
        var random = new SplittableRandom(seed);
        var out = new ArrayList<Double>();
        for (double at = 0; at < hours * 3600; at += period * (1 + jitter * (2 * random.nextDouble() - 1))) {
            if (random.nextInt(25) != 0) out.add(at);
        }
        return out;
    }

    private static List<Event> sysmon(List<Double> times, String image, String dst, int port) {
        var records = new SysmonConnections();
        for (double at : times) records.add(TestEvents.t(at), "ws01.corp", image, "10.1.1.5", dst, port);
        return records.events();
    }

    private static List<Event> creations(List<Double> times, String dst, int port) {
        var out = new ArrayList<Event>();
        for (double at : times) out.add(TestEvents.conn("10.0.0.5", dst, port).at(at).source("auditd").creation());
        return out;
    }

    @Test
    void rcloneStartedEveryHourInSysmonConnectionRecordsIsAScheduledAutomatedTransfer() {
        var events = sysmon(rhythm(3600, 0.01, 24, 3), "C:\\Users\\bob\\AppData\\Roaming\\rclone.exe",
                "81.2.69.142", 443);
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement().satisfies(a -> {
            assertThat(a.detectorId()).isEqualTo("beacon.pair");
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_CONNECTION_CREATION);
            assertThat(ids(a)).containsExactlyInAnyOrder("T1071", "T1029", "T1020");
            assertThat(a.srcHost()).isEqualTo("10.1.1.5");
            assertThat(a.dstHosts()).containsExactly("81.2.69.142");
            assertThat(a.process()).endsWith("rclone.exe");
            assertThat(a.confidence()).isGreaterThanOrEqualTo(0.9);
            assertThat(a.explanation()).contains("on timing alone").containsPattern("every 3[56]\\d\\d s")
                    .contains("a file-transfer client: a scheduled, automated transfer");
        });
    }

    @Test
    void connectionsToAnOutsideSftpPortEveryHalfHourAreAScheduledTransferAtCreation() {
        var alerts = DetectorHarness.run(DETECTOR, creations(rhythm(1800, 0.02, 24, 5), "198.51.100.30", 22));
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_CONNECTION_CREATION);
            assertThat(ids(a)).containsExactlyInAnyOrder("T1071", "T1029", "T1020");
            assertThat(a.explanation()).contains("to tcp port 22, a file-transfer service");
        });
    }

    @Test
    void aCheckInRhythmOnAWebPortByAnUnknownProgramIsABeaconButNoTransfer() {
        var events = sysmon(rhythm(600, 0.1, 24, 7), "C:\\ProgramData\\svc\\updater.exe", "81.2.69.143", 443);
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement().satisfies(a -> {
            assertThat(ids(a)).containsExactly("T1071");
            assertThat(a.explanation()).doesNotContain("transfer");
        });
    }

    @Test
    void packetSourcesAreScoredOnceOnTheirFlowsNotTwice() {
        var random = new SplittableRandom(9);
        var out = new ArrayList<Event>();
        for (double at : rhythm(1800, 0.02, 24, 5)) {
            out.addAll(TestEvents.conn("10.0.0.5", "198.51.100.30", 22).at(at).duration(0.3)
                    .bytes(300 + random.nextInt(3), 60).both());
        }
        var alerts = DetectorHarness.run(DETECTOR, DetectorHarness.inObservedOrder(out));
        assertThat(alerts).singleElement().satisfies(a ->
                assertThat(a.components()).doesNotContain(Ds0029Component.NETWORK_CONNECTION_CREATION));
    }

    @Test
    void irregularOrShortActivityAtCreationIsQuiet() {
        // a person: connections at random moments of a working day
        var random = new SplittableRandom(11);
        var person = new ArrayList<Double>();
        for (double at = 8 * 3600; at < 18 * 3600; at += 30 + random.nextDouble() * 2400) person.add(at);
        // a regular but short rhythm: two hours of a five-minute poll say nothing about a day
        var shortRun = rhythm(300, 0.02, 2, 13);
        // inside the network: RITA's pair filter leaves internal pairs out
        var internal = new ArrayList<Event>();
        for (double at : rhythm(1800, 0.02, 24, 5)) {
            internal.add(TestEvents.conn("10.0.0.5", "10.0.0.9", 22).at(at).creation());
        }
        assertThat(DetectorHarness.run(DETECTOR, sysmon(person, "C:\\Program Files\\WinSCP\\WinSCP.exe",
                "81.2.69.144", 22))).isEmpty();
        assertThat(DetectorHarness.run(DETECTOR, creations(shortRun, "203.0.113.51", 21))).isEmpty();
        assertThat(DetectorHarness.run(DETECTOR, internal)).isEmpty();
    }
}
