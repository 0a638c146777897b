package io.sluice.detect.baseline;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * A bounded set of keys with the event time each was first seen. Events arrive out of order (a
 * flow record carries its start time but comes when the flow ends), so "first" is the minimum
 * time seen, not the first call. Once full, new keys are dropped and counted; the set is then
 * saturated, and "never seen" answers from it cannot be trusted.
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
        Long old = first.get(key);
        if (old != null) {
            if (tsNanos < old) first.put(key, tsNanos);
            return false;
        }
        if (first.size() >= cap) {
            dropped++;
            return false;
        }
        first.put(key, tsNanos);
        return true;
    }

    /** The first time {@code key} was seen, or {@link Long#MAX_VALUE} when never (or dropped). */
    public long firstSeen(String key) {
        Long t = first.get(key);
        return t == null ? Long.MAX_VALUE : t;
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

    public Map<String, Long> entries() {
        return Collections.unmodifiableMap(first);
    }

    void restore(String key, long tsNanos) {
        if (first.size() < cap) first.put(key, tsNanos); else dropped++;
    }

    void restoreDropped(long n) {
        dropped += n;
    }
}
