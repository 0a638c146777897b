package io.sluice.ingest.cloud;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decides which flow log record is a connection's first, so that only that one becomes a
 * {@code ConnectionCreation}: flow logs repeat a long connection once per aggregation interval,
 * AWS logs each direction as its own record, and a connection between two monitored machines is
 * logged by both. Keyed by Community ID (the same for both directions and both reporters). A
 * record is a new connection when its key was not seen, or was last seen more than
 * {@link #IDLE_GAP_NANOS} before it starts (the same 5-tuple reused later). Bounded: the least
 * recently seen keys are forgotten first.
 */
final class FirstRecordTracker {

    static final int DEFAULT_CAPACITY = 1 << 20;

    /** Longer than the longest aggregation interval (AWS: 10 minutes), so one connection's records never split. */
    static final long IDLE_GAP_NANOS = 15 * 60 * 1_000_000_000L;

    private final Map<String, long[]> lastEnd;

    FirstRecordTracker(int capacity) {
        this.lastEnd = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
                return size() > capacity;
            }
        };
    }

    /** True when the record for {@code key} starting at {@code startNanos} opens a connection; null keys never do. */
    boolean first(String key, long startNanos, long endNanos) {
        if (key == null) return false;
        long[] last = lastEnd.get(key);
        if (last == null) {
            lastEnd.put(key, new long[] {endNanos});
            return true;
        }
        boolean isNew = startNanos - last[0] > IDLE_GAP_NANOS;
        last[0] = Math.max(last[0], endNanos);
        return isNew;
    }
}
