package io.sluice.app;

import io.sluice.event.ConnectionCreation;
import io.sluice.event.ContentEvent;
import io.sluice.event.FlowRecord;
import io.sluice.event.LogDirectory;
import io.sluice.event.LogEntry;
import io.sluice.event.TunnelEvent;
import io.sluice.event.FlowListener;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Receives the flow table's events on the packet thread, writes each to its log and feeds the
 * run's summary. A write failure travels as UncheckedIOException and ends the run with the
 * output-failed exit code.
 */
final class EventLogSink implements FlowListener {
    private final LogDirectory logs;
    private final RunSummary summary;

    EventLogSink(LogDirectory logs, RunSummary summary) {
        this.logs = logs;
        this.summary = summary;
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
