package io.sluice.app;

import io.sluice.detect.AlertFileWriter;
import io.sluice.detect.AlertSink;
import io.sluice.detect.DetectionEngine;
import io.sluice.detect.DetectionFinding;
import io.sluice.detect.EngineOptions;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.ContentEvent;
import io.sluice.event.Event;
import io.sluice.event.FlowListener;
import io.sluice.event.FlowRecord;
import io.sluice.event.TunnelEvent;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Detection during one {@code analyze}: events in (as a {@link FlowListener}, in the order the
 * pipeline emitted them), alerts out to {@code alerts.jsonl}, to the summary's tally and, when there
 * is one, to the HTML report's digest. A failing analytic (a bug) stops detection, not the run: the
 * logs are still written, and the failure is reported at the end.
 */
final class DetectionRun implements FlowListener {

    private final DetectionEngine engine;
    private final AlertFileWriter file;
    private final AlertTally tally;
    private volatile RuntimeException failure;

    private DetectionRun(DetectionEngine engine, AlertFileWriter file, AlertTally tally) {
        this.engine = engine;
        this.file = file;
        this.tally = tally;
    }

    static DetectionRun start(DetectionSetup setup, Path outDir, String productVersion) throws IOException {
        return start(setup, outDir, productVersion, null);
    }

    /** @param also a sink that gets every alert after alerts.jsonl and the tally (the HTML report's); null for none */
    static DetectionRun start(DetectionSetup setup, Path outDir, String productVersion, AlertSink also) throws IOException {
        var tally = new AlertTally(setup.catalogue());
        var file = new AlertFileWriter(outDir.resolve(AlertFileWriter.FILE_NAME),
                new DetectionFinding(setup.catalogue(), productVersion));
        var engine = new DetectionEngine(setup.detectors(), alert -> {
            file.accept(alert);
            tally.accept(alert);
            if (also != null) also.accept(alert);
        }, EngineOptions.from(setup.config()));
        return new DetectionRun(engine, file, tally);
    }

    @Override
    public void connectionCreated(ConnectionCreation event) {
        accept(event);
    }

    @Override
    public void flowEnded(FlowRecord record) {
        accept(record);
    }

    @Override
    public void tunnel(TunnelEvent event) {
        accept(event);
    }

    @Override
    public void content(ContentEvent event) {
        accept(event);
    }

    @Override
    public void flushOutput() {
        file.flush();
    }

    /** A quiet live source: timers fire and incidents close on time, not at the next event. */
    @Override
    public void quietUntil(long clockNanos) {
        if (failure != null) return;
        try {
            engine.advanceTo(clockNanos);
        } catch (java.io.UncheckedIOException e) {
            throw e;
        } catch (RuntimeException bug) {
            failure = bug;
        }
    }

    /** Also the entry for events that do not come from packets (flow exports, logs). */
    void accept(Event event) {
        if (failure != null) return;
        try {
            engine.accept(event);
        } catch (java.io.UncheckedIOException e) {
            throw e;
        } catch (RuntimeException bug) {
            failure = bug;
        }
    }

    /** End of input: fires pending timers, writes the open incidents, closes alerts.jsonl. */
    void finish() throws IOException {
        try {
            if (failure == null) engine.finish();
        } catch (RuntimeException bug) {
            failure = bug;
        } finally {
            file.close();
        }
    }

    RuntimeException failure() {
        return failure;
    }

    AlertTally tally() {
        return tally;
    }

    DetectionEngine engine() {
        return engine;
    }
}
