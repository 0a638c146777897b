package io.sluice.attack;

import io.sluice.event.Ds0029Component;
import java.util.List;

/**
 * One row of the DS0029 coverage map: a (data component, technique) pair of ATT&CK's detection
 * guidance and how Sluice stands on it.
 *
 * @param analytics detector ids that cover it ({@code covered}) or are planned for it ({@code planned})
 * @param tests     for {@code covered}: {@code TestClass#method} of tests showing an analytic fire on
 *                  traffic of that kind (fully qualified class, or simple name in {@code io.sluice.detect.analytics})
 * @param reason    for {@code not-observable}: why network traffic cannot show it
 */
public record CoverageRow(Ds0029Component component, Technique technique, Status status, List<String> analytics,
        List<String> tests, String reason) {

    public CoverageRow {
        analytics = List.copyOf(analytics);
        tests = List.copyOf(tests);
        reason = reason == null ? "" : reason;
    }

    public enum Status {
        COVERED("covered"),
        PLANNED("planned"),
        NOT_OBSERVABLE("not-observable");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public static Status parse(String text) {
            for (var s : values()) {
                if (s.label.equals(text)) return s;
            }
            throw new IllegalArgumentException("status must be covered, planned or not-observable, got '" + text + "'");
        }
    }
}
