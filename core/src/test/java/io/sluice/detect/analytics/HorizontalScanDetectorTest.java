package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.conn;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.Event;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HorizontalScanDetectorTest {

    private static final HorizontalScanDetector DETECTOR = new HorizontalScanDetector(HorizontalScanDetector.Config.DEFAULTS);

    /**
     * A sweep of {@code port} over 10.1.0.1.. {@code hosts} addresses, 0.05 s apart: every 8th host
     * listens and is probed half-open, every 4th refuses, the rest hold nobody.
     */
    private static List<Event> sweep(String scanner, int port, int hosts, double start, double step) {
        var events = new ArrayList<Event>();
        for (int h = 1; h <= hosts; h++) {
            var c = conn(scanner, "10.1.0." + h, port).origPort(55_000 + h).at(start + h * step);
            if (h % 8 == 0) events.addAll(c.state("RSTO").history("ShR").bytes(0, 0).both());
            else events.addAll(c.state(h % 4 == 0 ? "REJ" : "S0").both());
        }
        return events;
    }

    private static List<Alert> run(List<Event> events) {
        return DetectorHarness.run(DETECTOR, events);
    }

    @Test
    void firesOnceOnAPortSweepFromAnInsideHost() {
        var alerts = run(sweep("10.0.0.66", 445, 200, 0, 0.05));
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.detectorId()).isEqualTo("scan.horizontal");
            assertThat(a.srcHost()).isEqualTo("10.0.0.66");
            assertThat(a.dstPorts()).containsExactly(445);
            assertThat(a.explanation()).isEqualTo("10.0.0.66 probed port 445 on 200 hosts in 10.0 s; 88% were refused or "
                    + "unanswered (25 refused, 150 unanswered); 25 listening (25 probed half-open): 10.1.0.8, 10.1.0.16, "
                    + "10.1.0.24, 10.1.0.32, 10.1.0.40 and 20 more");
            assertThat(a.techniques()).containsExactly(Technique.of("T1046"), Technique.of("T1018"));
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.evidenceCount()).isEqualTo(200);
            assertThat(a.dstHosts()).hasSize(Alert.MAX_ENTITIES).startsWith("10.1.0.8");
        });
    }

    @Test
    void anOutsideSweepIsScanningIpBlocks() {
        var events = new ArrayList<Event>();
        for (int h = 1; h <= 40; h++) {
            events.add(conn("198.51.100.9", "10.1.0." + h, 23).local(false, true).at(h).state("S0").flow());
        }
        assertThat(run(events)).singleElement().satisfies(a -> {
            assertThat(a.techniques()).containsExactly(Technique.of("T1595.001"), Technique.of("T1595"));
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
        });
    }

    @Test
    void staysQuietOnOrdinaryTraffic() {
        var events = new ArrayList<Event>();
        // A browser reaching 300 web servers, a handful of which do not answer.
        for (int h = 1; h <= 300; h++) {
            var c = conn("10.0.0.5", "93.184." + (h / 250) + "." + (h % 250 + 1), 443).origPort(50_000 + h).at(h * 0.5);
            events.addAll(h % 60 == 0 ? c.state("S0").both() : c.both());
        }
        assertThat(run(events)).isEmpty();
    }

    @Test
    void twentyFiveFailedHostsIsASweepAndTwentyFourIsNot() {
        var events = new ArrayList<Event>();
        for (int h = 1; h <= 24; h++) events.addAll(conn("10.0.0.66", "10.1.0." + h, 22).at(h).state("S0").both());
        assertThat(run(events)).isEmpty();
        events.addAll(conn("10.0.0.66", "10.1.0.25", 22).at(25).state("REJ").both());
        assertThat(run(events)).hasSize(1);
    }

    @Test
    void failuresOnDifferentPortsDoNotAddUp() {
        var events = new ArrayList<Event>();
        for (int h = 1; h <= 60; h++) events.addAll(conn("10.0.0.66", "10.1.0." + h, 1000 + h % 3).at(h).state("S0").both());
        assertThat(run(events)).isEmpty(); // 20 hosts per port
    }

    @Test
    void aSlowSweepBeyondTheWindowIsNotCounted() {
        assertThat(run(sweep("10.0.0.66", 445, 40, 0, 13))).isEmpty(); // 24 hosts in the first 5 minutes
        assertThat(run(sweep("10.0.0.66", 445, 40, 0, 11))).hasSize(1); // 27 in the first 5 minutes
    }

    @Test
    void readsItsSettings() {
        var c = HorizontalScanDetector.config(DetectConfig.empty().with("detectors.scan.horizontal.min_hosts", "100"));
        assertThat(c.minHosts()).isEqualTo(100);
        assertThat(HorizontalScanDetector.config(DetectConfig.empty())).isEqualTo(HorizontalScanDetector.Config.DEFAULTS);
    }
}
