package io.sluice.app.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.detect.Alert;
import io.sluice.detect.Severity;
import io.sluice.event.Ds0029Component;
import org.junit.jupiter.api.Test;

class AlertDigestTest {
    private static final long S = 1_000_000_000L;
    private static final long T0 = 1_772_442_000L * S;

    static Alert alert(String id, Severity severity, long at) {
        return Alert.builder("test.digest").technique("T1046").component(Ds0029Component.NETWORK_TRAFFIC_FLOW)
                .severity(severity).time(at, at).srcHost("10.0.0.1").explanation(id).build();
    }

    @Test
    void keepsTheMostSevereThenTheEarliestAndCountsEveryAlert() {
        var d = new AlertDigest(3);
        d.accept(alert("low-early", Severity.LOW, T0));
        d.accept(alert("high-late", Severity.HIGH, T0 + 50 * S));
        d.accept(alert("medium", Severity.MEDIUM, T0 + 10 * S));
        d.accept(alert("high-early", Severity.HIGH, T0 + 20 * S));
        d.accept(alert("info", Severity.INFO, T0 + 1 * S));
        d.accept(alert("high-tie-second", Severity.HIGH, T0 + 50 * S));

        assertThat(d.listed()).extracting(Alert::explanation).containsExactly("high-early", "high-late", "high-tie-second");
        assertThat(d.total()).isEqualTo(6);
        assertThat(d.leftOut()).isEqualTo(3);
        assertThat(d.count(Severity.HIGH)).isEqualTo(3);
        assertThat(d.count(Severity.LOW)).isEqualTo(1);
        assertThat(d.count(Severity.CRITICAL)).isZero();
        assertThat(d.times(Severity.HIGH).total()).isEqualTo(3);
        assertThat(d.times(Severity.INFO).firstNanos()).isEqualTo(T0 + S);
    }

    @Test
    void aTableWithRoomListsEveryAlertInOrder() {
        var d = new AlertDigest();
        for (int i = 0; i < 10; i++) d.accept(alert("a" + i, i % 2 == 0 ? Severity.LOW : Severity.CRITICAL, T0 + (10 - i) * S));
        assertThat(d.listed()).extracting(Alert::explanation).containsExactly("a9", "a7", "a5", "a3", "a1", "a8", "a6", "a4", "a2", "a0");
        assertThat(d.leftOut()).isZero();
    }
}
