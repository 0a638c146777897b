package io.sluice.app;

import io.sluice.attack.AttackCatalogue;
import io.sluice.detect.Alert;
import io.sluice.detect.AlertSink;
import io.sluice.detect.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** Counts alerts per ATT&CK technique for the summary table: how many, and the highest severity. */
final class AlertTally implements AlertSink {

    record Row(String technique, String name, long alerts, Severity highest) {}

    private final AttackCatalogue catalogue;
    private final TreeMap<String, long[]> counts = new TreeMap<>();
    private final TreeMap<String, Severity> highest = new TreeMap<>();
    private long alerts;

    AlertTally(AttackCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    @Override
    public void accept(Alert alert) {
        alerts++;
        for (var t : alert.techniques()) {
            counts.computeIfAbsent(t.id(), k -> new long[1])[0]++;
            highest.merge(t.id(), alert.severity(), Severity::max);
        }
    }

    long alerts() {
        return alerts;
    }

    List<Row> rows() {
        var out = new ArrayList<Row>();
        counts.forEach((id, n) -> out.add(new Row(id, catalogue.fullName(id), n[0], highest.get(id))));
        return out;
    }
}
