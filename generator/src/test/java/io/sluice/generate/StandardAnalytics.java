package io.sluice.generate;

import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.DetectionEngine;
import io.sluice.detect.Detectors;
import io.sluice.event.Event;
import java.util.ArrayList;
import java.util.List;

/** TEST SCAFFOLDING: the alerts the standard analytics, with their default configuration, raise on events. */
final class StandardAnalytics {
    private StandardAnalytics() {}

    static List<Alert> alerts(List<Event> events) {
        var alerts = new ArrayList<Alert>();
        var engine = new DetectionEngine(Detectors.standard(DetectConfig.empty()), alerts::add);
        for (Event e : events) engine.accept(e);
        engine.finish();
        return alerts;
    }
}
