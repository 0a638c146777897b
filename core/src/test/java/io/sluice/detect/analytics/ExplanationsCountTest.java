package io.sluice.detect.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** {@link Explanations#count(long)} writes exactly what {@code %,d} writes, so alerts read the same. */
class ExplanationsCountTest {

    @Property
    void countIsTheFormattersGrouping(@ForAll long n) {
        assertThat(Explanations.count(n)).isEqualTo(String.format(Locale.ROOT, "%,d", n));
    }

    @Property(tries = 3000)
    void countRoundedIsTheFormattersRounding(@ForAll long nanos) {
        double x = Math.abs(nanos / 1e9);
        assertThat(Explanations.countRounded(x)).isEqualTo(String.format(Locale.ROOT, "%,.0f", x));
    }

    @Test
    void countRoundedAtTheHalves() {
        for (double x : new double[] {0, 0.5, 1.5, 2.5, 0.49999999999999994, 2.4999999999999996, 1_234_567.5,
                1_234_567.499_999, 999.5, 4.503599627370497E15, 1e300, Double.NaN, -0.0, -2.5}) {
            assertThat(Explanations.countRounded(x)).as("%s", x).isEqualTo(String.format(Locale.ROOT, "%,.0f", x));
        }
    }

    @Test
    void theEdgesOfEachGroup() {
        for (long n : new long[] {0, 7, -7, 999, 1_000, -1_000, 999_999, 1_000_000, 1_312, 12_345_678,
                Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1}) {
            assertThat(Explanations.count(n)).as("%d", n).isEqualTo(String.format(Locale.ROOT, "%,d", n));
        }
        assertThat(Explanations.count(1_312)).isEqualTo("1,312");
    }
}
