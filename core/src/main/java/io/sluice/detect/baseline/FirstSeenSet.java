package io.sluice.detect.baseline;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * A bounded set of keys with the event time each was first seen. Events arrive out of order (a
 * flow record carries its start time but comes when the flow ends), so "first" is the minimum
 * time seen, not the first call. Once full, new keys are dropped and counted; the set is then
 * saturated, and "never seen" answers from it cannot be trusted.
 *
 * <p>Entries read from a state file were learned in an earlier run and count as seen before
 * anything of this run, even when this run replays older traffic. That flag is kept in the lowest
 * bit of the stored time: a first-seen time does not need nanosecond precision, and this keeps one
 * map entry per key.
 */
public final class FirstSeenSet {

    private final Map<String, Long> first = new HashMap<>();
    private final int cap;
    private long dropped;

    public FirstSeenSet(int cap) {
        this.cap = cap;
    }

    /** Records that {@code key} was seen at {@code tsNanos}; returns true when the key is new to the set. */
    public boolean add(String key, long tsNanos) {
        long t = tsNanos & ~PRIOR;
        Long old = first.get(key);
        if (old != null) {
            if (t < (old & ~PRIOR)) first.put(key, t | (old & PRIOR));
            return false;
        }
        if (first.size() >= cap) {
            dropped++;
            return false;
        }
        first.put(key, t);
        return true;
    }

    private static final long PRIOR = 1L;

    /** The first time {@code key} was seen, or {@link Long#MAX_VALUE} when never (or dropped). */
    public long firstSeen(String key) {
        Long t = first.get(key);
        return t == null ? Long.MAX_VALUE : t & ~PRIOR;
    }

    /** Whether {@code key} was seen in an earlier run or strictly before {@code tsNanos}. */
    public boolean seenBefore(String key, long tsNanos) {
        Long t = first.get(key);
        if (t == null) return false;
        return (t & PRIOR) != 0 || (t & ~PRIOR) < (tsNanos & ~PRIOR);
    }

    public boolean contains(String key) {
        return first.containsKey(key);
    }

    public int size() {
        return first.size();
    }

    public long dropped() {
        return dropped;
    }

    /** True once a key was dropped for lack of room. */
    public boolean saturated() {
        return dropped > 0;
    }

    /** Keys and first-seen times. */
    public Map<String, Long> entries() {
        var out = new HashMap<String, Long>(first.size() * 2);
        for (var e : first.entrySet()) out.put(e.getKey(), e.getValue() & ~PRIOR);
        return Collections.unmodifiableMap(out);
    }

    /** Adds an entry read from a state file: it counts as seen before this run. */
    void restore(String key, long tsNanos) {
        if (first.size() < cap) first.put(key, (tsNanos & ~PRIOR) | PRIOR); else dropped++;
    }

    void restoreDropped(long n) {
        dropped += n;
    }
}
