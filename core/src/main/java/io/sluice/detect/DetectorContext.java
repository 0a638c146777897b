package io.sluice.detect;

/** What the engine offers a detector while it handles one key. Event time only, no wall clock. */
public interface DetectorContext {

    /** Event time: the highest observed time seen so far minus the allowed lateness. */
    long watermarkNanos();

    /**
     * Calls {@link Detector#onTimer} for this detector and this key once the watermark passes
     * {@code eventTimeNanos} (or at {@link DetectionEngine#finish()}). Setting the same time twice
     * for a key fires once; a time the watermark has already passed fires right after the current event.
     */
    void timer(long eventTimeNanos);

    /** Reports an alert; alerts of this detector with the same incident key become one alert. */
    void alert(Alert alert);
}
