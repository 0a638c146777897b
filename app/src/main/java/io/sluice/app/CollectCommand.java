package io.sluice.app;

import io.sluice.event.ConnectionCreation;
import io.sluice.event.FlowRecord;
import io.sluice.event.LogDirectory;
import io.sluice.event.LogFormat;
import io.sluice.ingest.netflow.ExporterStats;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sluice collect}: a NetFlow v5/v9, IPFIX and sFlow collector writing conn.log,
 * connection_creation.log, sflow_counters.log and, at stop, collector_stats.log.
 */
@Command(
        name = "collect",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        usageHelpAutoWidth = true,
        description = {
            "Receive NetFlow v5/v9, IPFIX and sFlow v5 exports over UDP and write them as Zeek-style logs:"
                    + " conn.log and connection_creation.log (one row per exported flow record or sFlow flow"
                    + " sample), sflow_counters.log (sFlow interface counters) and, when stopped,"
                    + " collector_stats.log (per exporter: datagrams, records, templates, drops by reason).",
            "Stop with Ctrl-C or SIGTERM (or, with --stop-on-eof, by closing standard input): the logs are"
                    + " flushed and the per-exporter summary is printed.",
            ""
        })
final class CollectCommand implements Callable<Integer> {

    private static final java.time.format.DateTimeFormatter CLOCK = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--netflow", paramLabel = "[ADDR]:PORT",
            description = "Listen for NetFlow v5, v9 (and IPFIX) here, e.g. :2055.")
    List<String> netflow = new ArrayList<>();

    @Option(names = "--ipfix", paramLabel = "[ADDR]:PORT", description = "Listen for IPFIX here, e.g. :4739.")
    List<String> ipfix = new ArrayList<>();

    @Option(names = "--sflow", paramLabel = "[ADDR]:PORT", description = "Listen for sFlow v5 here, e.g. :6343.")
    List<String> sflow = new ArrayList<>();

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", defaultValue = "sluice-logs",
            description = "Folder for the logs (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "json",
            converter = LogFormatConverter.class, description = "json (default) or zeek.")
    LogFormat format;

    @Option(names = "--recv-buffer", paramLabel = "BYTES", defaultValue = "33554432",
            description = "SO_RCVBUF per socket (default 32 MiB; Linux caps it at net.core.rmem_max, raise that"
                    + " with sysctl -w net.core.rmem_max=33554432 to get it; the granted size is printed).")
    int receiveBuffer;

    @Option(names = "--no-connection-creation", negatable = false,
            description = "Do not write connection_creation.log: for a flow export it repeats the conn.log row"
                    + " (same uid, addresses, ports, time) with only an outcome derived from the TCP flags, and"
                    + " leaving it out halves the output (see docs/flow-exports.md).")
    boolean noConnectionCreation;

    @Option(names = "--stats-every", paramLabel = "SECONDS", defaultValue = "10",
            description = "Print the counters (datagrams received, decoded, dropped, records written) this often;"
                    + " 0 for only at stop (default ${DEFAULT-VALUE}).")
    int statsEvery;

    @Option(names = "--stop-on-eof", description = "Also stop when standard input is closed (for scripts and tests).")
    boolean stopOnEof;

    @Option(names = {"-q", "--quiet"}, description = "Print no summary and no periodic counters.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        var endpoints = new ArrayList<CollectorEndpoint>();
        try {
            for (String s : netflow) endpoints.add(CollectorEndpoint.parse(CollectorEndpoint.Kind.NETFLOW, s));
            for (String s : ipfix) endpoints.add(CollectorEndpoint.parse(CollectorEndpoint.Kind.IPFIX, s));
            for (String s : sflow) endpoints.add(CollectorEndpoint.parse(CollectorEndpoint.Kind.SFLOW, s));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (endpoints.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Nothing to listen on: give --netflow :2055, --ipfix :4739 and/or --sflow :6343.");
        }
        // Two LogDirectory objects over one folder: conn.log and the other logs are written by two threads.
        LogDirectory connLogs;
        LogDirectory logs;
        try {
            long opened = System.currentTimeMillis() * 1_000_000L;
            connLogs = new LogDirectory(out, format, opened);
            logs = new LogDirectory(out, format, opened);
            connLogs.ensure(FlowRecord.SCHEMA);
            if (!noConnectionCreation) logs.ensure(ConnectionCreation.SCHEMA);
        } catch (IOException e) {
            err.println("sluice: cannot write to " + out + ": " + e.getMessage());
            return ExitCode.OUTPUT_FAILED;
        }
        var writer = new CollectorLogWriter(connLogs, logs, !noConnectionCreation);
        FlowCollector collector;
        try {
            collector = new FlowCollector(endpoints, receiveBuffer, FlowCollector.RING_DATAGRAMS,
                    FlowCollector.RING_BYTES, !noConnectionCreation, writer::producer);
        } catch (IOException e) {
            err.println("sluice: " + e.getMessage());
            writer.close();
            connLogs.close();
            logs.close();
            return ExitCode.NO_INPUT;
        }
        var stop = new CountDownLatch(1);
        var done = new CountDownLatch(1);
        // On SIGINT/SIGTERM the JVM exits once its hooks return, so the hook waits for the flush.
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                done.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "collect-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        if (stopOnEof) {
            Thread eof = new Thread(() -> {
                try (InputStream in = System.in) {
                    while (in.read() >= 0) {
                        // wait for end of input
                    }
                } catch (IOException ignored) {
                    // a broken stdin counts as closed
                }
                stop.countDown();
            }, "collect-stdin");
            eof.setDaemon(true);
            eof.start();
        }
        collector.start();
        if (!quiet) {
            var bound = collector.boundAddresses();
            var buffers = collector.receiveBuffers();
            for (int i = 0; i < endpoints.size(); i++) {
                stdout.printf("listening for %s on %s (receive buffer %,d bytes)%n", endpoints.get(i).kind().label(),
                        bound.get(i), buffers.get(i));
                // Linux reports twice what it grants; below the request means net.core.rmem_max capped it.
                if (buffers.get(i) < receiveBuffer) {
                    stdout.printf("  the kernel capped the receive buffer below the %,d bytes asked for: raise the cap"
                            + " with  sysctl -w net.core.rmem_max=%d  (bursts are lost otherwise)%n", receiveBuffer,
                            receiveBuffer);
                }
            }
            stdout.flush();
        }
        var kernel = new KernelUdpDrops();
        long rcvbufErrorsAtStart = kernel.receiveBufferErrors();
        if (statsEvery > 0 && !quiet) {
            while (!stop.await(statsEvery, java.util.concurrent.TimeUnit.SECONDS)) {
                stdout.printf("%s %s%n", java.time.LocalTime.now().format(CLOCK),
                        collector.counters().line(writer.flowRows()));
                stdout.flush();
            }
        } else {
            stop.await();
        }
        Map<String, ExporterStats> stats = collector.stop();
        writer.close();
        CollectorCounters counters = collector.finalCounters();
        long rcvbufErrors = kernel.receiveBufferErrors();
        long now = System.currentTimeMillis() * 1_000_000L;
        boolean failed = writer.failed();
        if (failed) err.println("sluice: cannot write the logs in " + out + ": " + writer.failure().getMessage());
        for (var e : stats.entrySet()) {
            try {
                logs.write(new CollectorStatsRow(now, e.getKey().substring(0, e.getKey().indexOf(' ')), e.getValue()));
            } catch (IOException ex) {
                failed = true;
            }
        }
        for (LogDirectory d : List.of(connLogs, logs)) {
            try {
                d.close();
            } catch (IOException ex) {
                failed = true;
            }
        }
        if (!quiet) {
            stdout.printf("%-8s %-28s %10s %12s %8s %9s %8s  %s%n", "endpoint", "exporter", "datagrams", "flow_records",
                    "options", "templates", "drops", "drop reasons");
            for (var e : stats.entrySet()) {
                ExporterStats s = e.getValue();
                stdout.printf("%-8s %-28s %,10d %,12d %,8d %,9d %,8d  %s%n", e.getKey().substring(0, e.getKey().indexOf(' ')),
                        s.exporter(), s.datagrams(), s.flowRecords(), s.optionsRecords(), s.templates(), s.totalDrops(),
                        s.dropSummary());
            }
            stdout.printf("total: %s%n", counters.line(writer.flowRows()));
            if (counters.records() > 0) {
                // Which stage limits the rate: each runs on its own thread, so on an idle machine with a
                // core per thread the slowest keeps up with 1e9 / (its ns per record) records/s.
                stdout.printf("CPU per record: receive %s, decode %s, write conn.log %s, write other logs %s%n",
                        perRecord(collector.receiveCpuNanos(), counters.records()),
                        perRecord(collector.decodeCpuNanos(), counters.records()),
                        perRecord(writer.connCpuNanos(), counters.records()),
                        perRecord(writer.otherCpuNanos(), counters.records()));
            }
            if (counters.queueFull() > 0) {
                stdout.printf("%,d datagrams dropped because decoding or writing could not keep up (queue full;"
                        + " the decoders waited %,d ms for the log writer)%n", counters.queueFull(),
                        java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(writer.waitNanos()));
            }
            if (counters.kernelDrops() > 0) {
                stdout.printf("%,d datagrams dropped by the kernel (socket receive buffer full); see --recv-buffer%n",
                        counters.kernelDrops());
            }
            if (rcvbufErrorsAtStart >= 0 && rcvbufErrors >= 0) {
                stdout.printf("kernel Udp RcvbufErrors (whole machine) rose by %,d while collecting%n",
                        rcvbufErrors - rcvbufErrorsAtStart);
            }
            stdout.printf("wrote %s to %s%n", writer.rowCounts(), out);
            stdout.flush();
        }
        done.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // stopped by a signal: the hook is running, nothing to remove
        }
        return failed ? ExitCode.OUTPUT_FAILED : ExitCode.OK;
    }

    private static String perRecord(long cpuNanos, long records) {
        return cpuNanos < 0 ? "unknown" : String.format("%,d ns", cpuNanos / records);
    }
}
