package io.sluice.app.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.detect.Severity;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TimelineSvgTest {
    private static final long S = 1_000_000_000L;
    /** 2026-03-02 09:00:00 UTC. */
    private static final long T0 = 1_772_442_000L * S;
    private static final Pattern BAR_TITLE = Pattern.compile("<rect class=\"bar\"[^>]*><title>([^<]*): ([\\d,]+) connections?</title>");

    private static TimeHistogram everySecond(long seconds) {
        var h = new TimeHistogram();
        for (long i = 0; i < seconds; i++) h.add(T0 + i * S);
        return h;
    }

    private static List<String> bars(String svg) {
        return BAR_TITLE.matcher(svg).results().map(m -> m.group(1) + " " + m.group(2)).toList();
    }

    /** Two hours: 5 s buckets kept, drawn as 120 bars of a minute (60 s × 120 ≤ 200 bars; 30 s would give 240). */
    @Test
    void twoHoursAreOneHundredTwentyBarsOfAMinute() {
        String svg = TimelineSvg.render(everySecond(7200), null);
        var bars = bars(svg);
        assertThat(bars).hasSize(120).allSatisfy(b -> assertThat(b).endsWith(" 60"));
        assertThat(bars.get(0)).isEqualTo("2026-03-02 09:00:00 to 09:01:00 UTC 60");
        assertThat(bars.get(119)).isEqualTo("2026-03-02 10:59:00 to 11:00:00 UTC 60");
        assertThat(svg).contains("one bar: 1 min", "7,200 connections by start time", ">09:00<", ">10:00<", ">11:00<")
                .doesNotContain("<circle");
    }

    @Test
    void tenMinutesAreBarsOfFiveSecondsAndOneSecondIsOneBar() {
        assertThat(bars(TimelineSvg.render(everySecond(600), null))).hasSize(120).allSatisfy(b -> assertThat(b).endsWith(" 5"));
        assertThat(bars(TimelineSvg.render(everySecond(1), null))).containsExactly("2026-03-02 09:00:00 to 09:00:01 UTC 1");
    }

    /** Three days: buckets of 30 min (3 × 48 = 144 bars), ticks labelled with the day. */
    @Test
    void threeDaysAreBarsOfHalfAnHour() {
        var h = new TimeHistogram();
        for (long t = 0; t < 3 * 86_400; t += 60) h.add(T0 - 9 * 3600 * S + t * S); // from midnight
        String svg = TimelineSvg.render(h, null);
        assertThat(bars(svg)).hasSize(144).allSatisfy(b -> assertThat(b).endsWith(" 30"));
        assertThat(svg).contains("one bar: 30 min", ">03-03 00:00<");
    }

    @Test
    void alertsAreMarkersInTheirSeveritysLaneOnTheSameAxis() {
        var alerts = new AlertDigest();
        alerts.accept(AlertDigestTest.alert("a", Severity.HIGH, T0 + 90 * S));
        alerts.accept(AlertDigestTest.alert("b", Severity.HIGH, T0 + 95 * S));
        alerts.accept(AlertDigestTest.alert("c", Severity.LOW, T0 + 3000 * S));
        String svg = TimelineSvg.render(everySecond(7200), alerts);
        assertThat(bars(svg)).hasSize(120);
        assertThat(svg).contains("<circle class=\"mark sev-4\"", "<title>2026-03-02 09:01:00 to 09:02:00 UTC: 2 High alerts</title>",
                "<circle class=\"mark sev-2\"", "<title>2026-03-02 09:50:00 to 09:51:00 UTC: 1 Low alert</title>",
                ">Critical<", ">Informational<");
        assertThat(Pattern.compile("<circle ").matcher(svg).results().count()).isEqualTo(2);
    }

    @Test
    void alertsOutsideTheConnectionsWidenTheAxis() {
        var alerts = new AlertDigest();
        alerts.accept(AlertDigestTest.alert("late", Severity.MEDIUM, T0 + 3 * 3600 * S));
        String svg = TimelineSvg.render(everySecond(3600), alerts);
        assertThat(svg).contains("2026-03-02 09:00:00 to 2026-03-02 12:01:00 UTC; one bar: 1 min", "2026-03-02 12:00:00 to 12:01:00 UTC: 1 Medium alert");
    }

    @Test
    void nothingToDrawIsSaid() {
        assertThat(TimelineSvg.render(new TimeHistogram(), new AlertDigest())).contains("nothing to draw").doesNotContain("<svg");
    }
}
