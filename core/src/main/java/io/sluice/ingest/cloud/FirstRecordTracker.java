package io.sluice.ingest.cloud;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers which connections of a flow log were already seen, so that only a connection's first
 * record becomes a {@code ConnectionCreation} (flow logs repeat a long connection once per
 * aggregation interval, and AWS logs each direction as its own record). Keyed by Community ID,
 * which is the same for both directions. Bounded: the oldest keys are forgotten first, so a
 * connection idle for longer than the table's reach is announced again.
 */
final class FirstRecordTracker {

    static final int DEFAULT_CAPACITY = 1 << 20;

    private final Map<String, Boolean> seen;

    FirstRecordTracker(int capacity) {
        this.seen = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** True the first time {@code key} (plus its exporter) is offered; null keys are never first. */
    boolean first(String key, String exporter) {
        if (key == null) return false;
        return seen.put(exporter == null ? key : key + '|' + exporter, Boolean.TRUE) == null;
    }
}
