package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.conn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.Event;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LongConnectionDetectorTest {

    private static final LongConnectionDetector DETECTOR = new LongConnectionDetector(LongConnectionDetector.Config.DEFAULTS);
    private static final double HOUR = 3600;

    private static List<Alert> run(List<Event> events) {
        return DetectorHarness.run(DETECTOR, DetectorHarness.inObservedOrder(events));
    }

    @Test
    void firesOnAnSshTunnelToAnOutsideHostThatStaysUpNineHours() {
        var events = new ArrayList<Event>();
        events.add(conn("10.0.0.23", "8.26.56.10", 22).service("ssh").at(60).duration(9 * HOUR).bytes(4_000_000, 90_000_000).flow());
        // Ordinary traffic of the same host around it.
        for (int i = 0; i < 50; i++) events.add(conn("10.0.0.23", "93.184.216.34", 443).origPort(50_000 + i).at(i * 600).duration(20).flow());
        assertThat(run(events)).singleElement().satisfies(a -> {
            assertThat(a.detectorId()).isEqualTo("conn.long");
            assertThat(a.srcHost()).isEqualTo("10.0.0.23");
            assertThat(a.dstHosts()).containsExactly("8.26.56.10");
            assertThat(a.dstPorts()).containsExactly(22);
            assertThat(a.explanation()).isEqualTo("10.0.0.23 was connected to 8.26.56.10 for 9.0 h in total over 1 connection "
                    + "within 9.0 h (longest 9.0 h; tcp/22 ssh), at or above RITA's medium threshold (8.0 h)");
            assertThat(a.techniques()).containsExactly(Technique.of("T1572"), Technique.of("T1090"), Technique.of("T1090.002"));
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.confidence()).isCloseTo(0.75, org.assertj.core.data.Offset.offset(1e-9));
        });
    }

    @Test
    void sumsConsecutiveConnectionsOfAPairAsRitaDoes() {
        var events = new ArrayList<Event>();
        // A tunnel that reconnects every 25 minutes: no single connection is long, the pair is.
        for (int i = 0; i < 30; i++) {
            events.add(conn("10.0.0.23", "8.26.56.10", 443).origPort(40_000 + i).at(i * 1_510.0).duration(1_500).flow());
        }
        assertThat(run(events)).singleElement().satisfies(a -> {
            assertThat(a.explanation()).startsWith("10.0.0.23 was connected to 8.26.56.10 for 12.5 h in total over 30 connections "
                    + "within 12.6 h (longest 25.0 min; tcp/443)").endsWith("RITA's high threshold (12.0 h)");
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.evidenceCount()).isEqualTo(30);
            assertThat(a.count()).isEqualTo(28); // updated by every connection from the third on: one incident
        });
    }

    @Test
    void staysQuietOnOrdinaryTraffic() {
        var events = new ArrayList<Event>();
        for (int i = 0; i < 200; i++) {
            events.add(conn("10.0.0.23", "93.184.216." + (i % 20), 443).origPort(50_000 + i).at(i * 120).duration(90).flow());
        }
        assertThat(run(events)).isEmpty(); // 10 connections of 90 s per server: 15 min each
    }

    @Test
    void anHourIsTheBaseThreshold() {
        var justUnder = conn("10.0.0.23", "8.26.56.10", 443).at(0).duration(HOUR - 1).flow();
        assertThat(run(List.of(justUnder))).isEmpty();
        var anHour = conn("10.0.0.23", "8.26.56.10", 443).at(0).duration(HOUR).flow();
        assertThat(run(List.of(anHour))).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.LOW);
            assertThat(a.confidence()).isCloseTo(0.3, org.assertj.core.data.Offset.offset(1e-9));
        });
        var fourHours = conn("10.0.0.23", "8.26.56.10", 443).at(0).duration(4 * HOUR).flow();
        assertThat(run(List.of(fourHours))).singleElement().satisfies(a -> assertThat(a.severity()).isEqualTo(Severity.MEDIUM));
    }

    @Test
    void sumsOnlyWithinADay() {
        var events = List.<Event>of(
                conn("10.0.0.23", "8.26.56.10", 443).at(0).duration(2_000).flow(),
                conn("10.0.0.23", "8.26.56.10", 443).origPort(40_001).at(25 * HOUR).duration(2_000).flow());
        assertThat(run(events)).isEmpty();
    }

    @Test
    void skipsInsidePairsAndInboundConnectionsAsRitaDoes() {
        var inside = conn("10.0.0.23", "10.0.0.10", 22).local(true, true).at(0).duration(10 * HOUR).flow();
        var inbound = conn("203.0.113.9", "10.0.0.10", 443).local(false, true).at(0).duration(10 * HOUR).flow();
        assertThat(run(List.of(inside, inbound))).isEmpty();
        var all = new LongConnectionDetector(LongConnectionDetector.config(DetectConfig.empty()
                .with("detectors.conn.long.skip_internal", "false").with("detectors.conn.long.skip_inbound", "false")));
        assertThat(DetectorHarness.run(all, List.of(inside, inbound))).hasSize(2)
                .allSatisfy(a -> assertThat(a.techniques()).doesNotContain(Technique.of("T1090.002")));
    }

    @Test
    void rejectsThresholdsThatDoNotRise() {
        assertThatThrownBy(() -> LongConnectionDetector.config(DetectConfig.empty().with("detectors.conn.long.low", "30m")))
                .hasMessageContaining("thresholds must rise");
    }
}
