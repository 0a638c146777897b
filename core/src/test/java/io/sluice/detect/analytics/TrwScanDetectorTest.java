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

class TrwScanDetectorTest {

    private static final TrwScanDetector DETECTOR = new TrwScanDetector(TrwScanDetector.Config.DEFAULTS);

    private static List<Alert> run(List<Event> events) {
        return DetectorHarness.run(DETECTOR, events);
    }

    /** First contacts of 10.0.0.66 with 10.2.0.1.., one per character: 'f' fails, 's' succeeds. */
    private static List<Event> walk(String outcomes) {
        var events = new ArrayList<Event>();
        for (int i = 0; i < outcomes.length(); i++) {
            var c = conn("10.0.0.66", "10.2.0." + (i + 1), 80).origPort(60_000 + i).at(i);
            events.addAll(outcomes.charAt(i) == 'f' ? c.state(i % 2 == 0 ? "S0" : "REJ").both() : c.both());
        }
        return events;
    }

    @Test
    void fourFailedFirstContactsInARowMakeAScanner() {
        assertThat(run(walk("fff"))).isEmpty();
        assertThat(run(walk("ffff"))).singleElement().satisfies(a -> {
            assertThat(a.detectorId()).isEqualTo("scan.trw");
            assertThat(a.srcHost()).isEqualTo("10.0.0.66");
            assertThat(a.explanation()).isEqualTo("10.0.0.66 failed to reach 4 of the 4 hosts it contacted for the first "
                    + "time in 3.0 s (2 refused, 2 unanswered); threshold random walk: likelihood ratio 256 >= 99 after 4 "
                    + "first contacts of which 4 failed (Jung et al. 2004, theta0=0.80, theta1=0.20)");
            assertThat(a.techniques()).containsExactly(Technique.of("T1046"));
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.dstHosts()).containsExactly("10.2.0.1", "10.2.0.2", "10.2.0.3", "10.2.0.4");
        });
    }

    @Test
    void zmapsSynsAreNamed() {
        var events = new ArrayList<Event>();
        for (int i = 0; i < 4; i++) {
            // flow records alone (the SYNs' fingerprints are on them), so the walk decides on the fourth
            events.add(conn("10.0.0.66", "10.2.0." + (i + 1), 80).origPort(60_000 + i).at(i).state("S0")
                    .ja4t("65535_00_00_00").flow());
        }
        assertThat(run(events)).singleElement().satisfies(a -> {
            assertThat(a.explanation()).endsWith("; its SYNs carry zmap's TCP fingerprint (JA4T 65535_00_00_00 in 4 of 4"
                    + " connections)");
            assertThat(a.confidence()).isEqualTo(0.95);
        });
    }

    @Test
    void aSuccessCostsOneMoreFailure() {
        // 4 × 4 × 4 × 0.25 × 4 = 64 < 99; one more failure reaches 256.
        assertThat(run(walk("fffsf"))).isEmpty();
        assertThat(run(walk("fffsff"))).hasSize(1);
    }

    @Test
    void staysQuietOnOrdinaryTraffic() {
        // A client whose first contacts mostly succeed, with a dead server now and then.
        var sb = new StringBuilder();
        for (int i = 0; i < 200; i++) sb.append(i % 7 == 3 ? 'f' : 's');
        assertThat(run(walk(sb.toString()))).isEmpty();
        // Alternating outcomes hover around 1 and never decide.
        assertThat(run(walk("fsfsfsfsfsfsfsfsfsfs"))).isEmpty();
    }

    @Test
    void aBenignWalkStartsAgainSoAHostThatTurnsScannerIsCaught() {
        assertThat(run(walk("ssssssssssssffff"))).hasSize(1);
    }

    @Test
    void onlyFirstContactsCount() {
        var events = new ArrayList<Event>();
        for (int i = 0; i < 20; i++) {
            events.addAll(conn("10.0.0.66", "10.2.0." + (1 + i % 3), 80 + i).origPort(60_000 + i).at(i).state("S0").both());
        }
        assertThat(run(events)).isEmpty(); // 20 failures, but to three hosts only
    }

    @Test
    void keepsCountingAfterTheDecisionInOneIncident() {
        var sb = new StringBuilder("ffff");
        for (int i = 0; i < 96; i++) sb.append(i % 4 == 0 ? 's' : 'f');
        assertThat(run(walk(sb.toString()))).singleElement().satisfies(a -> {
            assertThat(a.explanation()).startsWith("10.0.0.66 failed to reach 76 of the 100 hosts");
            assertThat(a.evidenceCount()).isEqualTo(76);
            assertThat(a.dstHosts()).hasSize(Alert.MAX_ENTITIES);
        });
    }

    @Test
    void anOutsideScannerIsLowSeverityScanningOfIpBlocks() {
        var events = new ArrayList<Event>();
        for (int i = 1; i <= 6; i++) events.add(conn("203.0.113.7", "10.2.0." + i, 3389).local(false, true).at(i).state("S0").flow());
        assertThat(run(events)).singleElement().satisfies(a -> {
            assertThat(a.techniques()).containsExactly(Technique.of("T1595.001"));
            assertThat(a.severity()).isEqualTo(Severity.LOW);
        });
    }

    @Test
    void thresholdsFollowFromThePapersParameters() {
        var c = TrwScanDetector.Config.DEFAULTS;
        assertThat(Math.exp(c.upper())).isCloseTo(99.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(Math.exp(c.lower())).isCloseTo(0.01 / 0.99, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(Math.exp(c.onFailure())).isCloseTo(4.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(Math.exp(c.onSuccess())).isCloseTo(0.25, org.assertj.core.data.Offset.offset(1e-12));
        var strict = TrwScanDetector.config(DetectConfig.empty().with("detectors.scan.trw.false_positive", "0.0001"));
        assertThat(run(walk("ffffff"))).hasSize(1);
        assertThat(DetectorHarness.run(new TrwScanDetector(strict), walk("ffffff"))).isEmpty(); // 4^6 < 9,900
        assertThat(DetectorHarness.run(new TrwScanDetector(strict), walk("fffffff"))).hasSize(1);
        assertThatThrownBy(() -> TrwScanDetector.config(DetectConfig.empty().with("detectors.scan.trw.theta1", "0.9")))
                .hasMessageContaining("theta1");
    }
}
