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

    @Test
    void theEdgesOfEachGroup() {
        for (long n : new long[] {0, 7, -7, 999, 1_000, -1_000, 999_999, 1_000_000, 1_312, 12_345_678,
                Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1}) {
            assertThat(Explanations.count(n)).as("%d", n).isEqualTo(String.format(Locale.ROOT, "%,d", n));
        }
        assertThat(Explanations.count(1_312)).isEqualTo("1,312");
    }
}
