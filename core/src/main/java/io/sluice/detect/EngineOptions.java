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
 */
public record EngineOptions(long allowedLatenessNanos, long incidentGapNanos) {

    public static final long DEFAULT_INCIDENT_GAP_NANOS = 3_600_000_000_000L;

    public EngineOptions {
        if (allowedLatenessNanos < 0) throw new IllegalArgumentException("engine.lateness must not be negative");
        if (incidentGapNanos < 0) throw new IllegalArgumentException("engine.incident_gap must not be negative");
    }

    public static EngineOptions defaults() {
        return new EngineOptions(0, DEFAULT_INCIDENT_GAP_NANOS);
    }

    public static EngineOptions from(DetectConfig config) {
        var s = config.engine();
        return new EngineOptions(s.durationNanos("lateness", 0), s.durationNanos("incident_gap", DEFAULT_INCIDENT_GAP_NANOS));
    }
}
