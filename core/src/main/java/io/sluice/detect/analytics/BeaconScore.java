package io.sluice.detect.analytics;

import java.util.Arrays;

/**
 * RITA v5's beacon score (activecm/rita, {@code analysis/beacons.go} and the defaults in
 * {@code config/config.go}), written here from its formulas. Four sub-scores in [0, 1], combined
 * as a weighted sum (default weights 0.25 each) rounded to three decimals:
 *
 * <ul>
 *   <li><b>timestamp</b>: over the sorted, non-zero inter-arrival deltas (whole seconds, RITA's
 *       resolution): the mean of the Bowley skewness score {@code 1 - |Q1 + Q3 - 2 Q2| / (Q3 - Q1)}
 *       (taken as 0 skew when {@code Q3 - Q1 < 10} or the median equals a quartile) and the MAD
 *       score {@code (median - MAD) / median} (1 when the median is below 1);
 *   <li><b>data size</b>: the same over the originator's IP bytes of each connection (MAD score 0
 *       when the median is below 1);
 *   <li><b>histogram</b>: the connections counted in 24 equal bins over the analysis window; the
 *       larger of {@code 1 - CV} of the bin counts (0 when CV exceeds 1) and the bimodal fit: bins
 *       grouped by height (bucket width {@code ceil(max * 0.05)}), the share of non-empty bins in
 *       the two most common heights, one outlier bin forgiven, computed only when at least 11 bins
 *       are non-empty;
 *   <li><b>duration</b>: when at least 6 bins are non-empty, the larger of the coverage (span of
 *       the pair's connections over the window) and the consistency (longest run of non-empty
 *       bins, wrapping around, over 12), each capped at 1.
 * </ul>
 *
 * Quartiles follow the Go {@code montanaflynn/stats} library RITA uses: Q2 is the median, Q1 and Q3
 * the medians of the lower and upper halves, the middle element excluded when the count is odd.
 * Everything here is plain computation over arrays; the detectors keep the lists.
 *
 * @param score the weighted sum
 * @param medianIntervalSeconds median of the non-zero inter-arrival deltas
 * @param intervalMadSeconds median absolute deviation of those deltas
 */
public record BeaconScore(double score, double timestamp, double dataSize, double histogram, double duration,
        double medianIntervalSeconds, double intervalMadSeconds) {

    /** RITA's defaults ({@code config.go}: beacon scoring). */
    public record Params(double tsWeight, double dsWeight, double histWeight, double durWeight, int bins,
            int durMinHours, int durIdealHours, double histModeSensitivity, int bimodalOutlierRemoval,
            int bimodalMinHours) {
        public static Params rita() {
            return new Params(0.25, 0.25, 0.25, 0.25, 24, 6, 12, 0.05, 1, 11);
        }
    }

    /** Not enough data for a score: fewer than 3 non-zero intervals or 3 sizes. */
    public static final BeaconScore NONE = new BeaconScore(0, 0, 0, 0, 0, 0, 0);

    /**
     * Scores one key's connections.
     *
     * @param tsSeconds connection start times in seconds, any order (sorted in place)
     * @param bytes originator IP bytes per connection, any order (sorted in place)
     * @param windowStartSeconds start of the analysis window (RITA: the dataset's first timestamp)
     * @param windowEndSeconds its end
     */
    public static BeaconScore score(long[] tsSeconds, int tsCount, long[] bytes, int bytesCount,
            long windowStartSeconds, long windowEndSeconds, Params p) {
        if (tsCount < 4 || bytesCount < 3 || windowEndSeconds <= windowStartSeconds) return NONE;
        Arrays.sort(tsSeconds, 0, tsCount);
        double[] deltas = nonZeroDeltas(tsSeconds, tsCount);
        if (deltas.length < 3) return NONE;
        double ts = statisticalScore(deltas, 1);
        double[] sizes = new double[bytesCount];
        for (int i = 0; i < bytesCount; i++) sizes[i] = bytes[i];
        Arrays.sort(sizes);
        double ds = statisticalScore(sizes, 0);
        Histogram h = histogram(tsSeconds, tsCount, windowStartSeconds, windowEndSeconds, p.bins(), p.histModeSensitivity());
        double hist = Math.max(coefficientOfVariationScore(h.counts()),
                bimodalFitScore(h, p.bimodalOutlierRemoval(), p.bimodalMinHours()));
        double dur = durationScore(windowStartSeconds, windowEndSeconds, tsSeconds[0], tsSeconds[tsCount - 1],
                h.totalBars(), h.longestRun(), p.durMinHours(), p.durIdealHours());
        double score = round3(ts * p.tsWeight() + ds * p.dsWeight() + dur * p.durWeight() + hist * p.histWeight());
        double median = median(deltas, 0, deltas.length);
        return new BeaconScore(score, ts, ds, hist, dur, median, mad(deltas, median));
    }

    /** The sorted deltas between consecutive sorted timestamps, zero deltas (same second) dropped. */
    static double[] nonZeroDeltas(long[] sortedTs, int n) {
        int nonZero = 0;
        for (int i = 1; i < n; i++) if (sortedTs[i] > sortedTs[i - 1]) nonZero++;
        double[] out = new double[nonZero];
        int k = 0;
        for (int i = 1; i < n; i++) if (sortedTs[i] > sortedTs[i - 1]) out[k++] = sortedTs[i] - sortedTs[i - 1];
        Arrays.sort(out);
        return out;
    }

    /** Mean of the Bowley and MAD scores of sorted values, rounded to three decimals. */
    static double statisticalScore(double[] sorted, double madDefault) {
        return round3((bowleyScore(sorted) + madScore(sorted, madDefault)) / 2.0);
    }

    /** {@code 1 - |Bowley skewness|}; skewness 0 when the IQR is under 10 or the median meets a quartile. */
    static double bowleyScore(double[] sorted) {
        int n = sorted.length;
        if (n < 3) return 0;
        int c1 = n / 2;
        int c2 = n % 2 == 0 ? n / 2 : n / 2 + 1;
        double q1 = median(sorted, 0, c1);
        double q2 = median(sorted, 0, n);
        double q3 = median(sorted, c2, n);
        double den = q3 - q1;
        double skew = 0;
        if (den >= 10 && q2 != q1 && q2 != q3) skew = (q1 + q3 - 2 * q2) / den;
        return 1.0 - Math.abs(skew);
    }

    /** {@code (median - MAD) / median}, clamped at 0; {@code madDefault} when the median is below 1. */
    static double madScore(double[] sorted, double madDefault) {
        double median = median(sorted, 0, sorted.length);
        double score = madDefault;
        if (median >= 1) score = (median - mad(sorted, median)) / median;
        return score < 0 || Double.isNaN(score) ? 0 : score;
    }

    /** Connection counts per bin, the non-empty bins, the longest run of non-empty bins, heights grouped. */
    record Histogram(int[] counts, int totalBars, int longestRun, int[] heightGroupSizes) {}

    static Histogram histogram(long[] sortedTs, int n, long start, long end, int bins, double modeSensitivity) {
        int[] counts = new int[bins];
        double step = (double) (end - start) / bins;
        for (int i = 0; i < n; i++) {
            int b = (int) Math.floor((sortedTs[i] - start) / step);
            counts[Math.max(0, Math.min(bins - 1, b))]++;
        }
        int totalBars = 0, largest = 0;
        for (int c : counts) {
            if (c > 0) totalBars++;
            largest = Math.max(largest, c);
        }
        // Longest run of non-empty bins, going round twice so a run across the window's end counts whole.
        int longest = 0, run = 0;
        for (int i = 0; i < 2 * bins; i++) {
            if (counts[i % bins] > 0) {
                run++;
            } else {
                longest = Math.max(longest, run);
                run = 0;
            }
        }
        longest = Math.min(bins, Math.max(longest, run));
        // Bars of nearly the same height fall into one group: width ceil(largest * sensitivity).
        double width = Math.max(1, Math.ceil(largest * modeSensitivity));
        var groups = new java.util.TreeMap<Long, Integer>();
        for (int c : counts) {
            if (c > 0) groups.merge((long) (Math.floor(c / width) * width), 1, Integer::sum);
        }
        int[] sizes = new int[groups.size()];
        int k = 0;
        for (int v : groups.values()) sizes[k++] = v;
        return new Histogram(counts, totalBars, longest, sizes);
    }

    /** {@code 1 - CV} of the bin counts (population standard deviation), 0 when CV is above 1. */
    static double coefficientOfVariationScore(int[] counts) {
        long total = 0;
        for (int c : counts) total += c;
        if (total <= 0) return 0;
        double mean = (double) total / counts.length;
        double ss = 0;
        for (int c : counts) ss += (c - mean) * (c - mean);
        double cv = Math.sqrt(ss / counts.length) / mean;
        return cv > 1 ? 0 : Math.min(1, round3(1 - cv));
    }

    /** Share of the non-empty bins in the two most common height groups, one outlier forgiven. */
    static double bimodalFitScore(Histogram h, int outlierRemoval, int minHours) {
        if (minHours < 6) minHours = 11; // RITA: too few bars always look bimodal
        if (h.totalBars() < minHours || h.heightGroupSizes().length == 0) return 0;
        int largest = 0, second = 0;
        for (int v : h.heightGroupSizes()) {
            if (v > largest) {
                second = largest;
                largest = v;
            } else if (v > second) {
                second = v;
            }
        }
        double adjusted = Math.max(h.totalBars() - outlierRemoval, 1);
        return Math.min(1, round3((largest + second) / adjusted));
    }

    /** Max of coverage and consistency, when enough bins are non-empty; each rounded up to 3 decimals. */
    static double durationScore(long windowStart, long windowEnd, long first, long last, int totalBars,
            int longestRun, int minHours, int idealHours) {
        if (totalBars < minHours || windowEnd <= windowStart || last <= first) return 0;
        double coverage = Math.min(1, Math.ceil((double) (last - first) / (windowEnd - windowStart) * 1000) / 1000);
        double consistency = Math.min(1, Math.ceil((double) longestRun / idealHours * 1000) / 1000);
        return Math.max(coverage, consistency);
    }

    static double median(double[] sorted, int from, int to) {
        int n = to - from;
        if (n <= 0) return 0;
        int mid = from + n / 2;
        return n % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    }

    /** Median absolute deviation about the median. */
    static double mad(double[] values, double median) {
        double[] dev = new double[values.length];
        for (int i = 0; i < values.length; i++) dev[i] = Math.abs(values[i] - median);
        Arrays.sort(dev);
        return median(dev, 0, dev.length);
    }

    static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
