package io.sluice.detect;

import java.util.Arrays;

/**
 * The engine's pending timers, in firing order: by time, detector slot, key text, then order of
 * setting; a timer equal to a pending one (same slot, key and time) is not added. A binary heap
 * whose times sit in a primitive array beside the timers, so nearly every comparison is one long
 * compare in one array (ties on time and slot are rare: 44,000 in 12 million comparisons on the
 * benchmark capture), and an open-addressing set of the pending timers for the duplicate check.
 * It replaced a {@code PriorityQueue} plus a {@code HashSet}: a node per timer, a comparison
 * through {@code Comparable} for every step of a sift, and two hash lookups per timer.
 *
 * <p>Not thread-safe: one per engine.
 */
final class TimerQueue {

    /** A pending timer. {@code row} is the engine's state row of the key, when known (spares a lookup). */
    static final class Timer {
        final long time;
        final int slot;
        final Object key;
        Object row;
        final long seq;
        final int hash;
        /** The key's text, made only when two timers tie on time and slot. */
        private String keyText;

        private Timer(long time, int slot, Object key, Object row, long seq, int hash) {
            this.time = time;
            this.slot = slot;
            this.key = key;
            this.row = row;
            this.seq = seq;
            this.hash = hash;
        }

        String keyText() {
            if (keyText == null) keyText = String.valueOf(key);
            return keyText;
        }

        boolean sameAs(long time, int slot, Object key) {
            return this.time == time && this.slot == slot && (this.key == key || this.key.equals(key));
        }
    }

    private long[] times = new long[256];
    private Timer[] heap = new Timer[256];
    private int size;

    /** Open addressing, linear probing, at most half full. */
    private Timer[] set = new Timer[512];

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The earliest pending time; only when not empty. */
    long peekTime() {
        return times[0];
    }

    /** The latest pending time, or {@code Long.MIN_VALUE} when none. */
    long maxTime() {
        long max = Long.MIN_VALUE;
        for (int i = 0; i < size; i++) max = Math.max(max, times[i]);
        return max;
    }

    /**
     * Adds a timer unless an equal one (same time, slot and key) is pending; returns the new timer,
     * or null when it was not added.
     */
    Timer add(long time, int slot, Object key, Object row, long seq) {
        if (2 * (size + 1) > set.length) growSet();
        int h = (31 * slot + key.hashCode()) * 31 + Long.hashCode(time);
        Timer[] s = set;
        int mask = s.length - 1;
        int i = spread(h) & mask;
        for (Timer t; (t = s[i]) != null; i = (i + 1) & mask) {
            if (t.hash == h && t.sameAs(time, slot, key)) return null;
        }
        Timer t = new Timer(time, slot, key, row, seq, h);
        s[i] = t;
        if (size == times.length) {
            times = Arrays.copyOf(times, 2 * size);
            heap = Arrays.copyOf(heap, 2 * size);
        }
        siftUp(size++, t);
        return t;
    }

    /** Removes and returns the first timer; only when not empty. */
    Timer poll() {
        Timer first = heap[0];
        int last = --size;
        Timer moved = heap[last];
        heap[last] = null;
        if (last > 0) siftDown(0, moved, last);
        removeFromSet(first);
        return first;
    }

    void clear() {
        Arrays.fill(heap, 0, size, null);
        Arrays.fill(set, null);
        size = 0;
    }

    private void siftUp(int i, Timer t) {
        long time = t.time;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            long pt = times[parent];
            if (pt < time || pt == time && !before(t, heap[parent])) break;
            times[i] = pt;
            heap[i] = heap[parent];
            i = parent;
        }
        times[i] = time;
        heap[i] = t;
    }

    private void siftDown(int i, Timer t, int n) {
        long time = t.time;
        int half = n >>> 1;
        while (i < half) {
            int c = 2 * i + 1;
            int r = c + 1;
            long ct = times[c];
            if (r < n) {
                long rt = times[r];
                if (rt < ct || rt == ct && before(heap[r], heap[c])) {
                    c = r;
                    ct = rt;
                }
            }
            if (time < ct || time == ct && !before(heap[c], t)) break;
            times[i] = ct;
            heap[i] = heap[c];
            i = c;
        }
        times[i] = time;
        heap[i] = t;
    }

    /** Order of two timers of the same time: slot, key text, order of setting (out of the hot path). */
    private static boolean before(Timer a, Timer b) {
        if (a.slot != b.slot) return a.slot < b.slot;
        int c = a.keyText().compareTo(b.keyText());
        if (c != 0) return c < 0;
        return a.seq < b.seq;
    }

    private static int spread(int h) {
        return (h * 0x9E3779B9) ^ (h >>> 16);
    }

    private static void insertIntoSet(Timer[] s, Timer t) {
        int mask = s.length - 1;
        int i = spread(t.hash) & mask;
        while (s[i] != null) i = (i + 1) & mask;
        s[i] = t;
    }

    private void growSet() {
        Timer[] old = set;
        Timer[] s = new Timer[2 * old.length];
        for (Timer t : old) {
            if (t != null) insertIntoSet(s, t);
        }
        set = s;
    }

    /** Removes {@code t} itself (by identity) and closes the gap, so probing needs no tombstones. */
    private void removeFromSet(Timer t) {
        Timer[] s = set;
        int mask = s.length - 1;
        int i = spread(t.hash) & mask;
        while (s[i] != t) i = (i + 1) & mask;
        // backward-shift deletion (Knuth 6.4, algorithm R)
        int gap = i;
        for (int j = (gap + 1) & mask; s[j] != null; j = (j + 1) & mask) {
            int home = spread(s[j].hash) & mask;
            // move s[j] into the gap unless its home lies cyclically in (gap, j]
            boolean stays = gap <= j ? gap < home && home <= j : gap < home || home <= j;
            if (!stays) {
                s[gap] = s[j];
                gap = j;
            }
        }
        s[gap] = null;
    }
}
