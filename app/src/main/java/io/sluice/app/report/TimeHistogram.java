package io.sluice.app.report;

import java.util.Arrays;

/**
 * Events per time bucket in bounded memory, for the report's timeline: connections by start time,
 * alerts by first-seen time. Buckets start at one second and grow along a ladder of widths (1 s,
 * 5 s, 10 s, 30 s, 1 min, 5 min, 15 min, 30 min, 1 h, 3 h, 6 h, 12 h, 1 day, 7 days, then doubling),
 * each a whole multiple of the one before, so that when the occupied span outgrows the array the
 * buckets merge exactly into coarser ones. Buckets are aligned to the epoch, so they fall on UTC
 * minutes, hours and days, and two histograms (connections and alerts) can be drawn on one axis.
 *
 * <p>Memory is one array of {@code capacity} counts whatever the capture's length: a live capture of
 * weeks ends with 30-minute buckets at the default capacity. {@link #add} allocates nothing: two
 * comparisons when the time falls in the bucket counted last (the common case: flows end roughly
 * in start-time order), a division otherwise; the array is moved or merged only when a time falls
 * outside it. Times need not come in order (flows end, and are counted, out of start-time order).
 */
public final class TimeHistogram {
    public static final int DEFAULT_CAPACITY = 2048;
    private static final long SECOND = 1_000_000_000L;
    private static final long[] LADDER = {
        SECOND, 5 * SECOND, 10 * SECOND, 30 * SECOND, 60 * SECOND, 300 * SECOND, 900 * SECOND, 1800 * SECOND,
        3600 * SECOND, 3 * 3600 * SECOND, 6 * 3600 * SECOND, 12 * 3600 * SECOND, 86_400 * SECOND, 7 * 86_400 * SECOND
    };

    private final long[] counts;
    private long width = LADDER[0];
    /** The bucket number (time / width) that {@code counts[0]} holds. */
    private long origin;
    /** The first and last buckets that hold anything. */
    private long lo = Long.MAX_VALUE;
    private long hi = Long.MIN_VALUE;
    private long total;
    /** The bucket counted last: its time range and index, or an empty range after the array changed. */
    private long hitStart = Long.MAX_VALUE;
    private long hitEnd = Long.MIN_VALUE;
    private int hitIndex;

    public TimeHistogram() {
        this(DEFAULT_CAPACITY);
    }

    public TimeHistogram(int capacity) {
        if (capacity < 8) throw new IllegalArgumentException("a time histogram needs at least 8 buckets, not " + capacity);
        counts = new long[capacity];
    }

    /** Counts one event at {@code nanos} (epoch nanoseconds). */
    public void add(long nanos) {
        if (nanos >= hitStart && nanos < hitEnd) {
            counts[hitIndex]++;
            total++;
            return;
        }
        long bucket = Math.floorDiv(nanos, width);
        long i = bucket - origin;
        if (i < 0 || i >= counts.length) {
            bucket = makeRoom(nanos);
            i = bucket - origin;
        }
        counts[(int) i]++;
        if (bucket < lo) lo = bucket;
        if (bucket > hi) hi = bucket;
        total++;
        hitIndex = (int) i;
        hitStart = bucket * width;
        hitEnd = hitStart + width;
    }

    public long total() {
        return total;
    }

    public boolean isEmpty() {
        return total == 0;
    }

    /** The current bucket width in nanoseconds: one of the ladder's. */
    public long widthNanos() {
        return width;
    }

    public int capacity() {
        return counts.length;
    }

    /** Start of the first bucket with events (epoch nanoseconds); only when not empty. */
    public long firstNanos() {
        return lo * width;
    }

    /** Start of the last bucket with events (epoch nanoseconds); only when not empty. */
    public long lastNanos() {
        return hi * width;
    }

    /** Buckets from the first to the last with events. */
    public long occupiedBuckets() {
        return isEmpty() ? 0 : hi - lo + 1;
    }

    /**
     * The counts merged into {@code n} buckets of {@code width} nanoseconds (a ladder width, at least
     * this histogram's), the first being bucket number {@code first} of that width.
     */
    public long[] counts(long width, long first, int n) {
        if (width % this.width != 0) {
            throw new IllegalArgumentException("buckets of " + width + " ns do not merge buckets of " + this.width + " ns");
        }
        var out = new long[n];
        if (isEmpty()) return out;
        long factor = width / this.width;
        for (long b = lo; b <= hi; b++) {
            long c = counts[(int) (b - origin)];
            if (c == 0) continue;
            long d = Math.floorDiv(b, factor) - first;
            if (d >= 0 && d < n) out[(int) d] += c;
        }
        return out;
    }

    /** The next width of the ladder: the one after {@code width}, doubling past a week. */
    public static long nextWidth(long width) {
        for (long w : LADDER) {
            if (w > width) return w;
        }
        if (width > Long.MAX_VALUE / 2) throw new ArithmeticException("no time bucket wider than " + width + " ns");
        return width * 2;
    }

    /** The smallest bucket width of the ladder. */
    public static long firstWidth() {
        return LADDER[0];
    }

    /**
     * Moves the array, or merges its buckets into coarser ones until the occupied span with
     * {@code nanos} in it fits; returns the bucket {@code nanos} falls in.
     */
    private long makeRoom(long nanos) {
        while (true) {
            long bucket = Math.floorDiv(nanos, width);
            if (total == 0) {
                origin = bucket;
                return bucket;
            }
            long newLo = Math.min(lo, bucket);
            long newHi = Math.max(hi, bucket);
            // a difference of bucket numbers fits a long: at 1 s a bucket they are below 2^34
            if (newHi - newLo < counts.length) {
                moveTo(newLo);
                return bucket;
            }
            coarsen();
        }
    }

    /** Makes {@code newOrigin} the first bucket of the array, keeping the counts (occupied: lo..hi). */
    private void moveTo(long newOrigin) {
        int from = (int) (lo - origin);
        int to = (int) (lo - newOrigin);
        int length = (int) (hi - lo + 1);
        System.arraycopy(counts, from, counts, to, length);
        Arrays.fill(counts, 0, to, 0);
        Arrays.fill(counts, to + length, counts.length, 0);
        origin = newOrigin;
        hitEnd = Long.MIN_VALUE;
    }

    /**
     * Merges the buckets into the next width of the ladder, in place: a bucket's new index is never
     * above its old one, so walking upwards reads every old count before its slot is reused.
     */
    private void coarsen() {
        long next = nextWidth(width);
        long factor = next / width;
        long newOrigin = Math.floorDiv(origin, factor);
        for (long b = lo; b <= hi; b++) {
            int i = (int) (b - origin);
            long c = counts[i];
            if (c == 0) continue;
            counts[i] = 0;
            counts[(int) (Math.floorDiv(b, factor) - newOrigin)] += c;
        }
        origin = newOrigin;
        lo = Math.floorDiv(lo, factor);
        hi = Math.floorDiv(hi, factor);
        width = next;
        hitEnd = Long.MIN_VALUE;
    }
}
