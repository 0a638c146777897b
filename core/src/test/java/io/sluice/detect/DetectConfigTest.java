package io.sluice.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DetectConfigTest {

    private final DetectConfig config = DetectConfig.of(Map.of(
            "detectors.scan.horizontal.min_hosts", "25",
            "detectors.scan.horizontal.window", "90s",
            "detectors.scan.horizontal.ratio", "0.75",
            "detectors.scan.horizontal.ports", "22, 23,3389",
            "detectors.dns.dga.enabled", "false",
            "detectors.beacon.pair.min_connections", "lots",
            "engine.lateness", "5m"));

    @Test
    void severitiesReadByNameInAnyCaseAndABadOneSaysWhatIsAllowed() {
        var c = DetectConfig.of(Map.of("detectors.a.severity", " High ", "detectors.b.severity", "urgent"));
        assertThat(c.detector("a").severityValue("severity", Severity.LOW)).isEqualTo(Severity.HIGH);
        assertThat(c.detector("none").severityValue("severity", Severity.LOW)).isEqualTo(Severity.LOW);
        assertThatThrownBy(() -> c.detector("b").severityValue("severity", Severity.LOW))
                .hasMessage("detectors.b.severity: expected one of info, low, medium, high, critical, got 'urgent';"
                        + " fix it in sluice.yaml or --set");
    }

    @Test
    void readsTypedValuesOfOneDetectorsSection() {
        var s = config.detector("scan.horizontal");
        assertThat(s.intValue("min_hosts", 10)).isEqualTo(25);
        assertThat(s.durationNanos("window", 1)).isEqualTo(90_000_000_000L);
        assertThat(s.doubleValue("ratio", 0.5)).isEqualTo(0.75);
        assertThat(s.listValue("ports", List.of())).containsExactly("22", "23", "3389");
        assertThat(s.intValue("absent", 7)).isEqualTo(7);
        assertThat(config.detector("scan.vertical").intValue("min_hosts", 10)).as("other sections").isEqualTo(10);
    }

    @Test
    void aWrongValueNamesItsKey() {
        assertThatThrownBy(() -> config.detector("beacon.pair").intValue("min_connections", 20))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("detectors.beacon.pair.min_connections").hasMessageContaining("lots");
    }

    @Test
    void laterSettingsWinAndDetectorsCanBeSwitchedOff() {
        assertThat(config.enabled("dns.dga")).isFalse();
        assertThat(config.enabled("dns.tunnel")).isTrue();
        var over = config.with("detectors.dns.dga.enabled", "true");
        assertThat(over.enabled("dns.dga")).isTrue();
        assertThat(config.enabled("dns.dga")).as("the original is unchanged").isFalse();
    }

    @Test
    void durationsTakeUnits() {
        assertThat(Durations.parseNanos("250ms")).isEqualTo(250_000_000L);
        assertThat(Durations.parseNanos("1.5h")).isEqualTo(5_400_000_000_000L);
        assertThat(Durations.parseNanos("30")).isEqualTo(30_000_000_000L);
        assertThat(Durations.parseNanos("2d")).isEqualTo(172_800_000_000_000L);
        assertThatThrownBy(() -> Durations.parseNanos("soon")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Durations.parseNanos("5 parsecs")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void engineOptionsComeFromTheEngineSection() {
        assertThat(EngineOptions.from(config).allowedLatenessNanos()).isEqualTo(300_000_000_000L);
        assertThat(EngineOptions.from(DetectConfig.empty())).isEqualTo(EngineOptions.defaults());
    }

    @Test
    void everyStandardAnalyticHasADottedIdAndCanBeSwitchedOff() {
        var all = Detectors.standard(DetectConfig.empty());
        assertThat(all).isNotEmpty().allSatisfy(d -> assertThat(d.id()).matches("[a-z0-9_]+(\\.[a-z0-9_]+)+"));
        var first = all.get(0).id();
        var fewer = Detectors.standard(DetectConfig.of(Map.of("detectors." + first + ".enabled", "false")));
        assertThat(fewer).extracting(Detector::id).doesNotContain(first).hasSize(all.size() - 1);
    }
}
