package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.conn;
import static io.sluice.detect.TestEvents.dns;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnsCalculationDetectorTest {

    private static List<Alert> run(List<? extends Event> events) {
        return DetectorHarness.run(new DnsCalculationDetector(DnsCalculationDetector.Config.DEFAULTS), events);
    }

    /** APT12's calculation: resolve, then connect to o1*o2+o3 of the answer (23*61+19 = 1422). */
    @Test
    void aConnectionToThePortComputedFromTheAnswersOctetsIsDnsCalculation() {
        var answer = dns("10.0.0.8", "update.cnn-news.example").at(0).answer("23.61.19.45", 600).build();
        var c1 = conn("10.0.0.8", "23.61.19.45", 1422).at(2).state("SF").creation();
        var c2 = conn("10.0.0.8", "23.61.19.45", 1422).origPort(50001).at(62).state("SF").creation();
        assertThat(run(List.of(answer, c1))).singleElement().satisfies(a -> {
            assertThat(a.techniques()).containsExactly(Technique.of("T1568.003"), Technique.of("T1568"));
            assertThat(a.components()).contains(Ds0029Component.NETWORK_TRAFFIC_CONTENT);
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.domain()).isEqualTo("update.cnn-news.example");
            assertThat(a.explanation()).isEqualTo("10.0.0.8 connected to 23.61.19.45:1422 2.0 s after resolving "
                    + "update.cnn-news.example to 23.61.19.45: port 1422 = o1*o2+o3 (23*61+19) of the answer's octets "
                    + "(1 connection)");
        });
        assertThat(run(List.of(answer, c1, c2))).singleElement()
                .satisfies(a -> assertThat(a.severity()).isEqualTo(Severity.HIGH));
    }

    @Test
    void aConnectionToTheAnswerXoredOrReversedIsDnsCalculation() {
        var answer = dns("10.0.0.8", "cdn.mirror-update.example").at(0).answer("198.51.100.7", 300).build();
        // 198.51.100.7 ^ 0x5a5a5a5a = 156.105.62.93
        var xored = conn("10.0.0.8", "156.105.62.93", 443).at(1).state("SF").creation();
        assertThat(run(List.of(answer, xored))).singleElement().satisfies(a -> assertThat(a.explanation())
                .contains("the address is the answer 198.51.100.7 XORed with 0x5a"));
        var reversed = conn("10.0.0.8", "7.100.51.198", 8443).at(1).state("SF").creation();
        assertThat(run(List.of(answer, reversed))).singleElement()
                .satisfies(a -> assertThat(a.explanation()).contains("written backwards"));
    }

    /** Ordinary use of an answer: its address on 443 or 80, a well-known high port, a late or other host. */
    @Test
    void ordinaryConnectionsToResolvedAddressesAreQuiet() {
        var answer = dns("10.0.0.8", "www.example.com").at(0).answer("93.184.216.34", 300).build();
        assertThat(run(List.of(answer, conn("10.0.0.8", "93.184.216.34", 443).at(1).state("SF").creation(),
                conn("10.0.0.8", "93.184.216.34", 80).at(1).state("SF").creation(),
                conn("10.0.0.9", "156.105.62.93", 1422).at(1).state("SF").creation()))).isEmpty();
        // 5*5+3 = 28 is below 1024; 10*10 = 100 port 3306 ignored list; window over after 10 min
        var low = dns("10.0.0.8", "db.example.com").at(0).answer("5.5.3.1", 300).build();
        assertThat(run(List.of(low, conn("10.0.0.8", "5.5.3.1", 28).at(1).state("SF").creation()))).isEmpty();
        var late = dns("10.0.0.8", "update.cnn-news.example").at(0).answer("23.61.19.45", 600).build();
        assertThat(run(List.of(late, conn("10.0.0.8", "23.61.19.45", 1422).at(601).state("SF").creation()))).isEmpty();
    }

    @Test
    void formulas() {
        int a = DnsCalculationDetector.v4("23.61.19.45");
        assertThat(DnsCalculationDetector.dotted(a)).isEqualTo("23.61.19.45");
        assertThat(DnsCalculationDetector.portFormula(a, 23 * 61 + 19)).startsWith("o1*o2+o3");
        assertThat(DnsCalculationDetector.portFormula(a, 19 * 256 + 45)).isEqualTo("o3*256+o4");
        assertThat(DnsCalculationDetector.portFormula(a, 1423)).isNull();
        assertThat(DnsCalculationDetector.v4("256.1.1.1")).isZero();
        assertThat(DnsCalculationDetector.v4("1.2.3")).isZero();
        assertThat(DnsCalculationDetector.v4("2001:db8::1")).isZero();
        assertThat(DnsCalculationDetector.derivedAddress(a, a ^ 0x01010101)).isEqualTo("XORed with 0x01");
        assertThat(DnsCalculationDetector.derivedAddress(a, a ^ 0x01020101)).isNull();
    }
}
