package io.sluice.app;

import io.sluice.event.ConnectionCreation;
import io.sluice.event.ContentEvent;
import io.sluice.event.FlowRecord;
import io.sluice.event.LogDirectory;
import io.sluice.event.LogEntry;
import io.sluice.event.LogRotation;
import io.sluice.event.TunnelEvent;
import io.sluice.event.FlowListener;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Receives the flow table's events (on the log writer's thread, through {@link BackgroundEventWriter}),
 * writes each to its log and feeds the run's summary. With a {@link LogRotation}, each
 * {@link #flushOutput} first rotates the logs if a boundary has passed, so rotation happens on the
 * thread that owns the files, between two events. A write, rotation or archive failure travels as
 * UncheckedIOException and ends the run with the output-failed exit code.
 */
final class EventLogSink implements FlowListener {
    private final LogDirectory logs;
    private final RunSummary summary;
    private final LogRotation rotation;

    EventLogSink(LogDirectory logs, RunSummary summary) {
        this(logs, summary, null);
    }

    /** @param rotation when the logs are rotated (null: never) */
    EventLogSink(LogDirectory logs, RunSummary summary, LogRotation rotation) {
        this.logs = logs;
        this.summary = summary;
        this.rotation = rotation;
    }

    @Override
    public void connectionCreated(ConnectionCreation event) {
        write(event);
    }

    @Override
    public void flowEnded(FlowRecord record) {
        summary.flow(record);
        write(record);
    }

    @Override
    public void tunnel(TunnelEvent event) {
        write(event);
    }

    @Override
    public void content(ContentEvent event) {
        write(event);
    }

    @Override
    public void flushOutput() {
        try {
            if (rotation != null) rotation.rotateIfDue();
            logs.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(LogEntry entry) {
        try {
            logs.write(entry);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
