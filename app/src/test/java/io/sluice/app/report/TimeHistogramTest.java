package io.sluice.app.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class TimeHistogramTest {
    private static final long S = 1_000_000_000L;
    /** 2026-03-02 09:00:00 UTC, the generator's start. */
    private static final long T0 = 1_772_442_000L * S;

    @Test
    void countsPerSecondWhileTheSpanFits() {
        var h = new TimeHistogram();
        h.add(T0);
        h.add(T0 + S / 2);
        h.add(T0 + 3 * S);
        assertThat(h.widthNanos()).isEqualTo(S);
        assertThat(h.total()).isEqualTo(3);
        assertThat(h.firstNanos()).isEqualTo(T0);
        assertThat(h.lastNanos()).isEqualTo(T0 + 3 * S);
        assertThat(h.counts(S, T0 / S, 4)).containsExactly(2, 0, 0, 1);
    }

    @Test
    void timesBeforeTheFirstMoveTheArrayAndKeepTheCounts() {
        var h = new TimeHistogram(16);
        h.add(T0 + 10 * S);
        h.add(T0 + 12 * S);
        h.add(T0); // a flow that started earlier ended later
        h.add(T0 + 15 * S);
        assertThat(h.widthNanos()).isEqualTo(S);
        assertThat(h.counts(S, T0 / S, 16)).containsExactly(1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 1);
    }

    @Test
    void aSpanBeyondTheArrayMergesBucketsExactlyAlongTheLadder() {
        var h = new TimeHistogram(16);
        for (int i = 0; i < 60; i++) h.add(T0 + i * S); // one a second for a minute: 60 buckets of 1 s do not fit in 16
        assertThat(h.widthNanos()).isEqualTo(5 * S);
        assertThat(h.total()).isEqualTo(60);
        assertThat(h.counts(5 * S, T0 / (5 * S), 12)).containsOnly(5);
        assertThat(h.counts(30 * S, T0 / (30 * S), 2)).containsExactly(30, 30);
        assertThat(h.counts(60 * S, T0 / (60 * S), 1)).containsExactly(60);
    }

    /** A live capture of four weeks, flows ending out of start order: one array, 30-minute buckets, nothing lost. */
    @Test
    void staysBoundedForACaptureOfWeeks() {
        var h = new TimeHistogram();
        long weeks = 4 * 7 * 86_400 * S;
        var random = new SplittableRandom(7);
        long n = 0;
        for (long t = 0; t < weeks; t += 10 * S) {
            // each flow is counted when it ends: its start lies up to an hour before the one counted last
            h.add(T0 + Math.max(0, t - random.nextLong(3600 * S)));
            n++;
        }
        assertThat(h.capacity()).isEqualTo(TimeHistogram.DEFAULT_CAPACITY);
        assertThat(h.total()).isEqualTo(n);
        assertThat(h.occupiedBuckets()).isLessThanOrEqualTo(h.capacity());
        assertThat(h.widthNanos()).isEqualTo(1800 * S);
        long day = 86_400 * S;
        long[] perDay = h.counts(day, Math.floorDiv(T0, day), 30);
        assertThat(LongStream.of(perDay).sum()).isEqualTo(n);
    }

    /**
     * A damaged capture with 1970 and 2106 timestamps (pcap's 32-bit seconds, both ends) among 2026
     * ones: coarse buckets, but bounded and every event kept.
     */
    @Test
    void wildTimestampsCoarsenButNeverGrow() {
        var h = new TimeHistogram();
        h.add(T0);
        h.add(0);
        h.add(-5 * S);
        h.add(0xffff_ffffL * S + 999_999_999L);
        h.add(T0 + S);
        assertThat(h.total()).isEqualTo(5);
        assertThat(h.occupiedBuckets()).isLessThanOrEqualTo(h.capacity());
        long w = h.widthNanos();
        long first = Math.floorDiv(h.firstNanos(), w);
        long[] all = h.counts(w, first, (int) h.occupiedBuckets());
        assertThat(LongStream.of(all).sum()).isEqualTo(5);
    }

    @Test
    void theLadderIsOfWholeMultiples() {
        long w = TimeHistogram.firstWidth();
        for (int i = 0; i < 20; i++) { // the ladder, then doublings up to about four years a bucket
            long next = TimeHistogram.nextWidth(w);
            assertThat(next % w).as("%d ns after %d ns", next, w).isZero();
            assertThat(next).isGreaterThan(w);
            w = next;
        }
    }
}
