package io.sluice.app;

import io.sluice.capture.CaptureException;
import io.sluice.capture.CaptureInputs;
import io.sluice.capture.PacketSource;
import io.sluice.app.live.LiveCaptureException;
import io.sluice.app.live.PcapCapture;
import io.sluice.app.report.AlertDigest;
import io.sluice.app.report.HtmlReport;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.FlowListener;
import io.sluice.event.FlowRecord;
import io.sluice.event.LogDirectory;
import io.sluice.event.LogFormat;
import io.sluice.event.LogRotation;
import io.sluice.event.TunnelEvent;
import io.sluice.flow.FlowConfig;
import io.sluice.flow.LocalNetworks;
import io.sluice.ingest.IngestFormat;
import io.sluice.ingest.IngestFormats;
import io.sluice.pipeline.PacketPipeline;
import io.sluice.protocol.DissectionConfig;
import io.sluice.protocol.Protocols;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * One run of {@code sluice analyze}: opens the inputs, drives the packet pipeline over each capture
 * in turn with one flow table (time carries on from file to file), reads each log input through its
 * format ({@link IngestRun}) into the same logs, and prints the summary. A damaged input is
 * reported with its file and byte offset (a log's bad lines with their line numbers); everything
 * read before the damage stays in the logs, the remaining inputs are still read, and the exit code
 * says so. At the end, once the logs and alerts.jsonl are complete, it writes {@code report.html}
 * beside them (unless told not to); a report that cannot be written is an error line and exit code
 * 4, but never costs a log.
 */
final class Analysis {

    /** @param inputFormat the {@code --input-format} name, or null to recognise each input by content */
    /**
     * @param fileHashes the hashes of files.log (null: DissectionConfig's default, SHA-256)
     * @param fileExtraction where files are written to disk (null: nowhere)
     * @param decodeThread {@code --decode-thread}: auto, on or off ({@link #decodeAhead})
     * @param live the interface to capture on instead of the inputs (null: read the inputs)
     * @param liveStatsEvery seconds between status lines of a live capture (0: none)
     * @param rotateNanos the interval of {@code --rotate} (0: the logs are not rotated)
     */
    record Options(List<String> inputs, Path out, LogFormat format, boolean flowsOnly, List<String> localNets,
            boolean ignoreChecksums, int maxFlows, long seed, boolean progress, boolean quiet, boolean debug,
            String inputFormat, java.util.Set<String> fileHashes, io.sluice.protocol.files.FileExtraction fileExtraction,
            String decodeThread, PcapCapture.Settings live, int liveStatsEvery, long rotateNanos) {

        Options(List<String> inputs, Path out, LogFormat format, boolean flowsOnly, List<String> localNets,
                boolean ignoreChecksums, int maxFlows, long seed, boolean progress, boolean quiet, boolean debug,
                String inputFormat, java.util.Set<String> fileHashes, io.sluice.protocol.files.FileExtraction fileExtraction,
                String decodeThread, PcapCapture.Settings live, int liveStatsEvery) {
            this(inputs, out, format, flowsOnly, localNets, ignoreChecksums, maxFlows, seed, progress, quiet, debug,
                    inputFormat, fileHashes, fileExtraction, decodeThread, live, liveStatsEvery, 0);
        }

        Options(List<String> inputs, Path out, LogFormat format, boolean flowsOnly, List<String> localNets,
                boolean ignoreChecksums, int maxFlows, long seed, boolean progress, boolean quiet, boolean debug,
                String inputFormat, java.util.Set<String> fileHashes, io.sluice.protocol.files.FileExtraction fileExtraction,
                String decodeThread) {
            this(inputs, out, format, flowsOnly, localNets, ignoreChecksums, maxFlows, seed, progress, quiet, debug,
                    inputFormat, fileHashes, fileExtraction, decodeThread, null, 0);
        }

        Options(List<String> inputs, Path out, LogFormat format, boolean flowsOnly, List<String> localNets,
                boolean ignoreChecksums, int maxFlows, long seed, boolean progress, boolean quiet, boolean debug,
                String inputFormat, java.util.Set<String> fileHashes, io.sluice.protocol.files.FileExtraction fileExtraction) {
            this(inputs, out, format, flowsOnly, localNets, ignoreChecksums, maxFlows, seed, progress, quiet, debug,
                    inputFormat, fileHashes, fileExtraction, "auto");
        }

        Options(List<String> inputs, Path out, LogFormat format, boolean flowsOnly, List<String> localNets,
                boolean ignoreChecksums, int maxFlows, long seed, boolean progress, boolean quiet, boolean debug,
                String inputFormat, java.util.Set<String> fileHashes) {
            this(inputs, out, format, flowsOnly, localNets, ignoreChecksums, maxFlows, seed, progress, quiet, debug,
                    inputFormat, fileHashes, null);
        }

        Options(List<String> inputs, Path out, LogFormat format, boolean flowsOnly, List<String> localNets,
                boolean ignoreChecksums, int maxFlows, long seed, boolean progress, boolean quiet, boolean debug,
                String inputFormat) {
            this(inputs, out, format, flowsOnly, localNets, ignoreChecksums, maxFlows, seed, progress, quiet, debug,
                    inputFormat, null);
        }

        Options(List<String> inputs, Path out, LogFormat format, boolean flowsOnly, List<String> localNets,
                boolean ignoreChecksums, int maxFlows, long seed, boolean progress, boolean quiet, boolean debug) {
            this(inputs, out, format, flowsOnly, localNets, ignoreChecksums, maxFlows, seed, progress, quiet, debug,
                    null, null);
        }
    }

    /**
     * What the run produced, for the demo and for tests.
     *
     * @param reportFailed report.html could not be made although the logs and alerts are complete
     *                     (the exit code then says 4, or 70 for a bug in the report)
     */
    record Outcome(int exitCode, long packets, long flows, List<String> errors, boolean reportFailed) {
        Outcome(int exitCode, long packets, long flows, List<String> errors) {
            this(exitCode, packets, flows, errors, false);
        }
    }

    private final Options options;
    private final PrintWriter out;
    private final PrintWriter err;
    /** Null for the standard analytics, made when the run starts (so a setup passed in costs nothing extra). */
    private DetectionSetup detection;
    private boolean report = true;

    Analysis(Options options, PrintWriter out, PrintWriter err) {
        this.options = options;
        this.out = out;
        this.err = err;
    }

    /** How detection runs (on by default with the standard analytics). */
    Analysis detection(DetectionSetup setup) {
        this.detection = setup;
        return this;
    }

    /** Whether report.html is written at the end (it is unless {@code --no-report}). */
    Analysis report(boolean write) {
        this.report = write;
        return this;
    }

    int run() {
        return execute().exitCode();
    }

    Outcome execute() {
        long wallStart = System.nanoTime();
        if (detection == null) detection = DetectionSetup.defaults();
        IngestFormats formats = IngestFormats.standard();
        IngestFormat forced = null;
        if (options.inputFormat() != null) {
            forced = formats.named(options.inputFormat()).orElse(null);
            if (forced == null) {
                String message = "--input-format: no format called '" + options.inputFormat() + "'; formats: "
                        + AnalysisInputs.formatNames(formats);
                err.println("sluice: " + message);
                return new Outcome(ExitCode.USAGE, 0, 0, List.of(message));
            }
        }
        AnalysisInputs inputs;
        PcapCapture capture = null;
        try {
            inputs = AnalysisInputs.resolve(options.live() == null ? options.inputs() : List.of(), formats, forced, System.in);
            if (options.live() != null) capture = PcapCapture.open(options.live());
        } catch (LiveCaptureException e) {
            err.println("sluice: " + e.getMessage());
            err.flush();
            return new Outcome(ExitCode.NO_INPUT, 0, 0, List.of(e.getMessage()));
        } catch (CaptureException e) {
            err.println("sluice: " + e.describe());
            err.println("Give pcap or pcapng files, logs in a format Sluice reads (" + AnalysisInputs.formatNames(formats)
                    + "), folders that contain some, or - for standard input.");
            debugTrace(e);
            return new Outcome(ExitCode.NO_INPUT, 0, 0, List.of(e.describe()));
        }
        if (capture == null) return analyse(wallStart, formats, inputs, null, null);
        err.println(LiveRun.startLine(capture, options.live()));
        if (options.decodeThread().equals("on")) {
            err.println("sluice: --decode-thread is not used for a live capture (its batches would hold packets back on a quiet interface)");
        }
        err.flush();
        // Closed in this order: the signal handlers given back once everything is written, then libpcap.
        try (PcapCapture opened = capture; var live = new LiveRun(opened)) {
            return analyse(wallStart, formats, inputs, opened, live);
        }
    }

    /** Reads the inputs, or the live capture when there is one, into the logs; prints the summary. */
    private Outcome analyse(long wallStart, IngestFormats formats, AnalysisInputs inputs, PcapCapture capture, LiveRun live) {
        FlowConfig config;
        try {
            config = flowConfig();
        } catch (IllegalArgumentException e) {
            err.println("sluice: --local-nets: " + e.getMessage());
            return new Outcome(ExitCode.USAGE, 0, 0, List.of(e.getMessage()));
        }

        var summary = new RunSummary();
        var errors = new ArrayList<String>();
        var progress = new ProgressBar(err, options.progress());
        LogDirectory logs;
        try {
            logs = new LogDirectory(options.out(), options.format(), System.currentTimeMillis() * 1_000_000L);
            logs.ensure(FlowRecord.SCHEMA);
            logs.ensure(ConnectionCreation.SCHEMA);
            logs.ensure(TunnelEvent.SCHEMA);
        } catch (IOException e) {
            err.println("sluice: cannot write logs to " + options.out() + ": " + e.getMessage());
            return new Outcome(ExitCode.OUTPUT_FAILED, 0, 0, List.of(String.valueOf(e.getMessage())));
        }

        DetectionRun detect = null;
        // bounded (the most severe alerts, counts and a time histogram per severity); made only for the report
        var digest = report && detection.enabled() ? new AlertDigest() : null;
        if (detection.enabled()) {
            try {
                detect = DetectionRun.start(detection, options.out(), productVersion(), digest);
            } catch (IOException e) {
                err.println("sluice: cannot write alerts to " + options.out() + ": " + e.getMessage());
                closeQuietly(logs);
                return new Outcome(ExitCode.OUTPUT_FAILED, 0, 0, List.of(String.valueOf(e.getMessage())));
            }
        }
        // The log writer's thread rotates the logs when it is asked to flush them (alerts.jsonl is not rotated).
        var rotation = options.rotateNanos() > 0
                ? new LogRotation(logs, options.rotateNanos(), ZoneId.systemDefault(), LogRotation.SYSTEM_CLOCK) : null;
        // Detection runs after the log writer on its thread (events arrive in emission order), or
        // on a thread of its own fed alongside it (--detect-thread own).
        var logSink = new EventLogSink(logs, summary, rotation);
        var detectWriter = detect != null && detection.thread() == DetectionSetup.Thread.OWN
                ? new BackgroundEventWriter(detect) : null;
        var writer = new BackgroundEventWriter(detect != null && detectWriter == null ? new TeeListener(logSink, detect) : logSink);
        FlowListener events = detectWriter == null ? writer : new TeeListener(writer, detectWriter);
        var content = options.flowsOnly() ? DissectionConfig.off() : DissectionConfig.defaults();
        if (options.fileHashes() != null) content = content.withFileHashes(options.fileHashes());
        if (options.fileExtraction() != null) content = content.withFileExtraction(options.fileExtraction());
        var pipeline = new PacketPipeline(config, content, Protocols.standard(), events).decodeAhead(decodeAhead(options.decodeThread()));
        var logInputs = new IngestRun(events, err, options.seed(), config.communityIdSeed());
        boolean anyRead = false;
        try {
            if (capture != null) {
                anyRead = true;
                CaptureException failed = pipeline.run(capture, live.status(err, options.liveStatsEvery(),
                        () -> ChecksumOffloadWarning.of(pipeline.stats(), pipeline.flowStats())));
                if (failed != null) {
                    errors.add(failed.describe());
                    err.println("sluice: " + failed.describe() + " (everything before it was analysed)");
                }
            }
            for (AnalysisInputs.Input input : inputs.all()) {
                String name = input.name();
                if (input.kind() == AnalysisInputs.Kind.LOG) {
                    progress.finish();
                    anyRead = true;
                    errors.addAll(logInputs.read(inputs, input));
                    continue;
                }
                if (input.kind() == AnalysisInputs.Kind.UNRECOGNISED) {
                    String problem = AnalysisInputs.notRecognised(input, formats);
                    errors.add(problem);
                    err.println("sluice: " + problem);
                    continue;
                }
                try (PacketSource source = name.equals(CaptureInputs.STDIN)
                        ? CaptureInputs.open(inputs.stdin(), name) : CaptureInputs.open(Path.of(name))) {
                    anyRead = true;
                    CaptureException damage = pipeline.run(source,
                            (bytes, total, packets) -> progress.update(name, bytes, total, packets));
                    if (damage != null) {
                        progress.finish();
                        errors.add(damage.describe());
                        err.println("sluice: " + damage.describe() + " (everything before it was analysed)");
                    }
                } catch (CaptureException e) {
                    progress.finish();
                    errors.add(e.describe());
                    err.println("sluice: " + e.describe());
                }
            }
            pipeline.finish();
            writer.close();
            if (detectWriter != null) detectWriter.close();
            if (detect != null) detect.finish();
            if (rotation != null) rotation.finish(); // the writer thread has ended: this thread owns the logs now
        } catch (UncheckedIOException | IOException e) {
            progress.finish();
            closeQuietly(writer);
            if (detectWriter != null) closeQuietly(detectWriter);
            err.println("sluice: cannot write logs to " + options.out() + ": "
                    + (e instanceof UncheckedIOException u ? u.getCause().getMessage() : e.getMessage()));
            closeQuietly(logs);
            return new Outcome(ExitCode.OUTPUT_FAILED, pipeline.stats().packets(), summary.flows(), errors);
        } finally {
            progress.finish();
        }
        try {
            logs.close();
        } catch (IOException e) {
            err.println("sluice: cannot finish the logs in " + options.out() + ": " + e.getMessage());
            return new Outcome(ExitCode.OUTPUT_FAILED, pipeline.stats().packets(), summary.flows(), errors);
        }

        if (detect != null && detect.failure() != null) {
            err.println("sluice: detection stopped early, the logs are complete: " + detect.failure());
            debugTrace(detect.failure());
        }
        if (detect != null) {
            detect.engine().failures().forEach((id, bug) -> {
                err.println("sluice: analytic " + id + " failed and was switched off for the rest of the run (the other"
                        + " analytics and the logs are complete; please report it with --debug's trace): " + bug);
                debugTrace(bug);
            });
        }
        if (detect != null && !detect.engine().untrackedKeys().isEmpty()) {
            err.println("sluice: some analytics held engine.max_keys states and left new keys untracked (raise it with"
                    + " --set engine.max_keys=N if memory allows): " + detect.engine().untrackedKeys());
        }
        String offload = ChecksumOffloadWarning.of(pipeline.stats(), pipeline.flowStats());
        if (offload != null) err.println("sluice: warning: " + offload);
        var extraction = options.fileExtraction();
        if (extraction != null && extraction.failures() > 0) {
            err.println("sluice: warning: " + extraction.failures() + " extracted file(s) could not be written to "
                    + extraction.dir() + " (is the disk full or the folder read-only?); files.log leaves their"
                    + " extracted field unset");
        }

        double wallSeconds = (System.nanoTime() - wallStart) / 1e9;
        var table = new SummaryReport(pipeline.stats(), pipeline.flowStats(), summary, logs.rowCounts(), options.out(),
                wallSeconds, errors).alerts(detect == null ? null : detect.tally());
        if (!options.quiet()) {
            out.print(table.render());
            if (!logInputs.table().isEmpty()) out.print("\n" + logInputs.table().render());
            if (extraction != null) {
                out.printf(java.util.Locale.ROOT, "%nFiles extracted: %,d bytes in %s%n", extraction.bytesWritten(),
                        extraction.dir());
            }
            if (capture != null) out.print(LiveRun.summaryLine(capture));
            if (rotation != null) {
                out.printf(java.util.Locale.ROOT, "%nLogs rotated: %,d files archived in %s (alerts.jsonl is not rotated)%n",
                        rotation.archivedFiles(), options.out().resolve("YYYY-MM-DD"));
            }
            out.flush();
        }
        int code = !anyRead ? ExitCode.NO_INPUT : errors.isEmpty() ? ExitCode.OK : ExitCode.INPUT_DAMAGED;
        boolean reportFailed = false;
        if (report && anyRead) {
            int failed = writeReport(table, summary, digest, errors);
            if (failed != ExitCode.OK) {
                code = failed;
                reportFailed = true;
            }
        }
        return new Outcome(code, pipeline.stats().packets(), summary.flows(), errors, reportFailed);
    }

    /**
     * Writes report.html from the figures the summary table shows; the logs are closed by now, so a
     * failure here loses none of them. Returns the exit code the failure calls for (OK when written).
     */
    private int writeReport(SummaryReport table, RunSummary summary, AlertDigest digest, List<String> errors) {
        Path file = options.out().resolve(HtmlReport.FILE_NAME);
        try {
            var data = RunReport.gather(table.figures(), summary, digest, digest == null ? null : detection.catalogue(),
                    options, productVersion(), errors, Instant.now());
            HtmlReport.write(options.out(), data);
        } catch (IOException | UncheckedIOException e) {
            err.println("sluice: cannot write the report " + file + ": "
                    + (e instanceof UncheckedIOException u ? u.getCause().getMessage() : e.getMessage())
                    + " (the logs and alerts.jsonl are complete; --no-report skips the report)");
            err.flush();
            return ExitCode.OUTPUT_FAILED;
        } catch (RuntimeException bug) {
            err.println("sluice: the report could not be made, a bug (please report it with --debug's trace); the logs and"
                    + " alerts.jsonl are complete: " + bug);
            debugTrace(bug);
            err.flush();
            return ExitCode.INTERNAL;
        }
        if (!options.quiet()) {
            out.println();
            out.println("Report: " + file);
            out.flush();
        }
        return ExitCode.OK;
    }

    private FlowConfig flowConfig() {
        var config = FlowConfig.defaults()
                .withMaxFlows(options.maxFlows())
                .withVerifyChecksums(!options.ignoreChecksums())
                .withUidSeed(options.seed());
        List<String> nets = options.localNets();
        if (nets != null && !nets.isEmpty()) {
            config = config.withLocalNetworks(nets.size() == 1 && nets.get(0).equals("none")
                    ? LocalNetworks.none() : LocalNetworks.of(nets));
        }
        return config;
    }

    private static String productVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }

    private void debugTrace(Exception e) {
        if (options.debug()) e.printStackTrace(err);
    }

    /**
     * Reading and decoding on a thread of their own pays when they get a core of their own: besides
     * the packet thread, the log writer and detection keep a core busy each. On two cores the
     * extra thread cost as much as it saved (bench/README.md, thirteenth session), so {@code auto}
     * starts it from four.
     */
    static boolean decodeAhead(String choice) {
        return switch (choice) {
            case "on" -> true;
            case "off" -> false;
            case "auto" -> Runtime.getRuntime().availableProcessors() >= 4;
            default -> throw new IllegalArgumentException("--decode-thread must be auto, on or off, not '" + choice + "'");
        };
    }

    private static void closeQuietly(BackgroundEventWriter writer) {
        try {
            writer.close();
        } catch (UncheckedIOException ignored) {
            // the first failure is the one reported
        }
    }

    private static void closeQuietly(LogDirectory logs) {
        try {
            logs.close();
        } catch (IOException ignored) {
            // already reporting the first write failure
        }
    }
}
