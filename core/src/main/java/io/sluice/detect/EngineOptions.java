package io.sluice.detect;

/**
 * How the engine treats time.
 *
 * @param allowedLatenessNanos how far behind the latest observed time an event may still arrive in
 *                             order; the watermark trails the latest observed time by this much.
 *                             0 suits captures, whose packets are in order; live and exported flows
 *                             from several sensors need more ({@code engine.lateness})
 * @param incidentGapNanos     an incident is closed, and its alert emitted, once the watermark is
 *                             this far past its last evidence ({@code engine.incident_gap}); later
 *                             alerts with the same key start a new incident
 * @param maxKeysPerDetector   keyed states one analytic may hold at once ({@code engine.max_keys});
 *                             beyond it a new key is not tracked (counted per analytic), so a flood
 *                             of new hosts or pairs cannot exhaust memory; keys already held carry on
 */
public record EngineOptions(long allowedLatenessNanos, long incidentGapNanos, int maxKeysPerDetector) {

    public static final long DEFAULT_INCIDENT_GAP_NANOS = 3_600_000_000_000L;
    /** Far above what a site's hosts and pairs need; a state of a few hundred bytes keeps this below a GiB. */
    public static final int DEFAULT_MAX_KEYS = 1_000_000;

    public EngineOptions {
        if (allowedLatenessNanos < 0) throw new IllegalArgumentException("engine.lateness must not be negative");
        if (incidentGapNanos < 0) throw new IllegalArgumentException("engine.incident_gap must not be negative");
        if (maxKeysPerDetector < 1) throw new IllegalArgumentException("engine.max_keys must be at least 1");
    }

    public EngineOptions(long allowedLatenessNanos, long incidentGapNanos) {
        this(allowedLatenessNanos, incidentGapNanos, DEFAULT_MAX_KEYS);
    }

    public static EngineOptions defaults() {
        return new EngineOptions(0, DEFAULT_INCIDENT_GAP_NANOS);
    }

    public static EngineOptions from(DetectConfig config) {
        var s = config.engine();
        return new EngineOptions(s.durationNanos("lateness", 0), s.durationNanos("incident_gap", DEFAULT_INCIDENT_GAP_NANOS),
                s.intValue("max_keys", DEFAULT_MAX_KEYS));
    }
}
