package io.sluice.app;

import io.sluice.event.FieldSink;
import io.sluice.event.LogEntry;
import io.sluice.event.LogSchema;
import io.sluice.ingest.netflow.DropReason;
import io.sluice.ingest.netflow.ExporterStats;

/** A row of {@code collector_stats.log}: what one exporter sent to one collector socket, written at stop. */
record CollectorStatsRow(long tsNanos, String endpoint, ExporterStats stats) implements LogEntry {

    static final LogSchema SCHEMA = build();

    private static LogSchema build() {
        var b = LogSchema.named("collector_stats")
                .field("ts", "time")
                .field("endpoint", "string")
                .field("exporter", "string")
                .field("version", "count")
                .field("datagrams", "count")
                .field("flow_records", "count")
                .field("options_records", "count")
                .field("templates", "count")
                .field("template_withdrawals", "count")
                .field("drops", "count");
        for (DropReason r : DropReason.values()) b.field("drop_" + r.label(), "count");
        return b.build();
    }

    @Override
    public LogSchema schema() {
        return SCHEMA;
    }

    @Override
    public void write(FieldSink out) {
        out.time(tsNanos);
        out.string(endpoint);
        out.string(stats.exporter());
        out.count(stats.lastVersion());
        out.count(stats.datagrams());
        out.count(stats.flowRecords());
        out.count(stats.optionsRecords());
        out.count(stats.templates());
        out.count(stats.withdrawals());
        out.count(stats.totalDrops());
        for (DropReason r : DropReason.values()) out.count(stats.drops(r));
    }
}
