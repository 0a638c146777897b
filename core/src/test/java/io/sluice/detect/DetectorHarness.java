package io.sluice.detect;

import io.sluice.event.Event;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs detectors over a list of events through the real {@link DetectionEngine} (watermark,
 * timers, incident merging, {@code finish()} included) and returns the alerts in emission order.
 */
public final class DetectorHarness {

    private DetectorHarness() {
    }

    public static List<Alert> run(Detector<?, ?> detector, List<? extends Event> events) {
        return run(List.of(detector), events, EngineOptions.defaults());
    }

    public static List<Alert> run(Detector<?, ?> detector, List<? extends Event> events, EngineOptions options) {
        return run(List.of(detector), events, options);
    }

    public static List<Alert> run(List<Detector<?, ?>> detectors, List<? extends Event> events,
            EngineOptions options) {
        var alerts = new ArrayList<Alert>();
        var engine = new DetectionEngine(detectors, alerts::add, options);
        for (var e : events) engine.accept(e);
        engine.finish();
        // the engine switches a throwing analytic off and goes on; a test wants to see the bug
        for (var bug : engine.failures().values()) throw bug;
        return alerts;
    }

    /** Events in the order given, sorted by their observed time, as a live source would deliver them. */
    public static List<Event> inObservedOrder(List<? extends Event> events) {
        var sorted = new ArrayList<Event>(events);
        sorted.sort(java.util.Comparator.comparingLong(DetectionEngine::observedNanos));
        return sorted;
    }
}
