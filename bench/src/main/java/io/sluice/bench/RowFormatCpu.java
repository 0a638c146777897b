package io.sluice.bench;

import io.sluice.event.ConnectionCreation;
import io.sluice.event.FlowRecord;
import io.sluice.event.LogEntry;
import io.sluice.event.LogFormat;
import io.sluice.event.LogWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Thread CPU time per log row for what {@code sluice collect} writes per NetFlow v9 record (the
 * rows of {@link CollectorRowFormatBenchmark}), formatted to a stream that discards the bytes.
 * CPU time rather than JMH's wall-clock throughput, because on a shared 2-core machine the
 * writer's own CPU is what competes with the packet thread, and wall time swings with the load.
 *
 * <pre>java -cp bench/target/benchmarks.jar io.sluice.bench.RowFormatCpu [json|zeek] [rounds] [seconds/round]</pre>
 *
 * With {@code -Dout=FOLDER} the rows go to a file there, through the stream LogDirectory opens, so
 * the write system calls count too (the file grows by about 0.4 GB per second of CPU).
 *
 * <p>Prints, per log (conn, connection_creation), the median and best ns per row over the rounds
 * after one warm-up round of the same length, and one sample row.
 */
public final class RowFormatCpu {
    /** Records decoded (a multiple of 40); {@code -Drows=} changes it: few rows stay in the CPU's caches. */
    private static final int ROWS = Integer.getInteger("rows", 40 * 256);

    private RowFormatCpu() {}

    public static void main(String[] args) throws IOException {
        LogFormat format = args.length > 0 && args[0].equalsIgnoreCase("zeek") ? LogFormat.ZEEK : LogFormat.JSON;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 1.0;
        for (Class<?> kind : List.of(FlowRecord.class, ConnectionCreation.class)) {
            LogEntry[] rows = CollectorRows.of(kind, ROWS, (long) ExportDatagrams.RECORDS * 977);
            var sample = new ByteArrayOutputStream();
            try (var w = LogWriter.create(format, rows[0].schema(), sample, 0)) {
                w.write(rows[rows.length / 2]);
            }
            String text = sample.toString(StandardCharsets.UTF_8);
            String[] lines = text.split("\n");
            String row = format == LogFormat.JSON ? lines[0] : lines[lines.length - 2];
            double[] ns = new double[rounds];
            // -Dout=FOLDER: into a file there, opened as LogDirectory opens logs (the write calls included)
            String folder = System.getProperty("out");
            OutputStream sink = folder == null ? OutputStream.nullOutputStream()
                    : new java.io.BufferedOutputStream(java.nio.file.Files.newOutputStream(
                            java.nio.file.Path.of(folder, rows[0].schema().path() + ".log")), 1 << 16);
            LogWriter writer = LogWriter.create(format, rows[0].schema(), sink, 0);
            round(writer, rows, seconds); // warm-up
            for (int r = 0; r < rounds; r++) ns[r] = round(writer, rows, seconds);
            writer.close();
            Arrays.sort(ns);
            System.out.printf("%s %s: %.0f ns/row median, %.0f best, over %d rounds of %.1f s CPU (%d bytes/row)%n",
                    format, rows[0].schema().path(), ns[rounds / 2], ns[0], rounds, seconds, row.length() + 1);
            System.out.println("  " + row);
        }
    }

    /** Formats the rows over and over for about {@code seconds} of this thread's CPU; ns per row. */
    private static double round(LogWriter writer, LogEntry[] rows, double seconds) throws IOException {
        var mx = ManagementFactory.getThreadMXBean();
        long budget = (long) (seconds * 1e9);
        long start = mx.getCurrentThreadCpuTime();
        long used;
        long n = 0;
        do {
            for (LogEntry r : rows) writer.write(r);
            n += rows.length;
            used = mx.getCurrentThreadCpuTime() - start;
        } while (used < budget);
        return (double) used / n;
    }
}
