package io.sluice.detect.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class BeaconScorePropertyTest {

    @Property(tries = 300)
    void everyPartAndTheScoreStayBetweenZeroAndOneAndIgnoreInputOrder(
            @ForAll @Size(min = 4, max = 200) long[] offsets, @ForAll @Size(min = 4, max = 200) long[] sizes,
            @ForAll @IntRange(min = 60, max = 86_400) int window) {
        long[] ts = new long[offsets.length];
        for (int i = 0; i < ts.length; i++) ts[i] = 1_000_000 + Math.floorMod(offsets[i], window);
        long[] bytes = new long[sizes.length];
        for (int i = 0; i < bytes.length; i++) bytes[i] = Math.floorMod(sizes[i], 1_000_000L);
        var p = BeaconScore.Params.rita();
        var s = BeaconScore.score(ts.clone(), ts.length, bytes.clone(), bytes.length, 1_000_000, 1_000_000 + window, p);
        for (double v : new double[] {s.score(), s.timestamp(), s.dataSize(), s.histogram(), s.duration()}) {
            assertThat(v).isBetween(0.0, 1.0);
        }
        long[] reversedTs = ts.clone();
        long[] reversedBytes = bytes.clone();
        reverse(reversedTs);
        reverse(reversedBytes);
        assertThat(BeaconScore.score(reversedTs, ts.length, reversedBytes, bytes.length, 1_000_000, 1_000_000 + window, p))
                .isEqualTo(s);
    }

    @Property(tries = 100)
    void aPerfectlyRegularDayLongBeaconScoresAtLeastNinetyPercent(@ForAll @IntRange(min = 30, max = 3_600) int period,
            @ForAll @LongRange(min = 1, max = 100_000) long size) {
        int n = 86_400 / period;
        long[] ts = new long[n];
        long[] bytes = new long[n];
        for (int i = 0; i < n; i++) ts[i] = 5_000L + (long) i * period;
        Arrays.fill(bytes, size);
        var s = BeaconScore.score(ts, n, bytes, n, 5_000, 5_000 + 86_400, BeaconScore.Params.rita());
        assertThat(s.timestamp()).isEqualTo(1.0);
        assertThat(s.dataSize()).isEqualTo(1.0);
        assertThat(s.score()).isGreaterThanOrEqualTo(0.9);
    }

    private static void reverse(long[] a) {
        for (int i = 0, j = a.length - 1; i < j; i++, j--) {
            long t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
