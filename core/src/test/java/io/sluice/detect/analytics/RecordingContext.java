package io.sluice.detect.analytics;

import io.sluice.detect.Alert;
import io.sluice.detect.DetectorContext;
import java.util.ArrayList;
import java.util.List;

/** A detector context outside the engine that keeps the alerts and timers it is given (state tests). */
final class RecordingContext implements DetectorContext {
    final List<Alert> alerts = new ArrayList<>();
    final List<Long> timers = new ArrayList<>();

    @Override
    public long watermarkNanos() {
        return Long.MIN_VALUE;
    }

    @Override
    public void timer(long eventTimeNanos) {
        timers.add(eventTimeNanos);
    }

    @Override
    public void alert(Alert alert) {
        alerts.add(alert);
    }
}
