package io.sluice.detect.analytics;

import java.util.Arrays;

/**
 * The rhythm of a series of start times: the median gap between consecutive starts and the
 * median absolute deviation of the gaps (robust to a missed or an extra beat), for analytics that
 * tell a machine's steady polling from a person's irregular use.
 */
record Rhythm(double medianNanos, double madNanos) {

    /** The rhythm of {@code starts} (any order, at least two). */
    static Rhythm of(long[] starts) {
        long[] s = starts.clone();
        Arrays.sort(s);
        double[] gaps = new double[Math.max(0, s.length - 1)];
        for (int k = 1; k < s.length; k++) gaps[k - 1] = s[k] - s[k - 1];
        double median = median(gaps);
        double[] deviations = new double[gaps.length];
        for (int k = 0; k < gaps.length; k++) deviations[k] = Math.abs(gaps[k] - median);
        return new Rhythm(median, median(deviations));
    }

    /** Steady: a positive median gap that the gaps stray from by at most {@code maxDispersion} of it. */
    boolean regular(double maxDispersion) {
        return medianNanos > 0 && madNanos <= maxDispersion * medianNanos;
    }

    private static double median(double[] values) {
        if (values.length == 0) return 0;
        double[] v = values.clone();
        Arrays.sort(v);
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
    }
}
