package io.sluice.app.report;

import io.sluice.detect.Alert;
import io.sluice.detect.AlertSink;
import io.sluice.detect.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The alerts of a run as the report shows them, in bounded memory: every alert counted by severity
 * and placed on a {@link TimeHistogram} per severity (the timeline's markers), and the
 * {@code limit} most severe kept whole for the table (the earliest first within a severity). Fed
 * the same {@link Alert}s that {@code alerts.jsonl} gets, as the engine emits them; read once the
 * run has ended.
 */
public final class AlertDigest implements AlertSink {
    public static final int DEFAULT_LIMIT = 1_000;

    /** An alert and its place in the emission order, which breaks the last ties (it is deterministic). */
    private record Entry(Alert alert, long seq) {}

    /** The table's order: most severe first, then earliest, then as emitted. */
    private static final Comparator<Entry> ORDER = Comparator
            .comparing((Entry e) -> e.alert().severity()).reversed()
            .thenComparingLong(e -> e.alert().firstNanos())
            .thenComparingLong(Entry::seq);

    private final int limit;
    /** The kept alerts, the one that would be dropped next at the head. */
    private final PriorityQueue<Entry> kept;
    private final long[] bySeverity = new long[Severity.values().length];
    private final TimeHistogram[] times = new TimeHistogram[Severity.values().length];
    private long seq;

    public AlertDigest() {
        this(DEFAULT_LIMIT);
    }

    public AlertDigest(int limit) {
        if (limit < 1) throw new IllegalArgumentException("the alert table needs room for at least one alert");
        this.limit = limit;
        this.kept = new PriorityQueue<>(Math.min(limit, 64), ORDER.reversed());
        for (int i = 0; i < times.length; i++) times[i] = new TimeHistogram();
    }

    @Override
    public void accept(Alert alert) {
        int s = alert.severity().ordinal();
        bySeverity[s]++;
        if (alert.firstNanos() != Alert.UNSET_TIME) times[s].add(alert.firstNanos());
        var entry = new Entry(alert, seq++);
        if (kept.size() < limit) {
            kept.add(entry);
        } else if (ORDER.compare(entry, kept.peek()) < 0) {
            kept.poll();
            kept.add(entry);
        }
    }

    /** Every alert seen. */
    public long total() {
        return seq;
    }

    public long count(Severity severity) {
        return bySeverity[severity.ordinal()];
    }

    /** When the alerts of one severity were first seen. */
    public TimeHistogram times(Severity severity) {
        return times[severity.ordinal()];
    }

    /** The kept alerts, most severe first, then earliest, then as emitted. */
    public List<Alert> listed() {
        var entries = new ArrayList<>(kept);
        entries.sort(ORDER);
        var out = new ArrayList<Alert>(entries.size());
        for (var e : entries) out.add(e.alert());
        return out;
    }

    /** Alerts counted but not kept for the table. */
    public long leftOut() {
        return seq - kept.size();
    }
}
