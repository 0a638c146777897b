package io.sluice.bench;

import io.sluice.event.ConnectionCreation;
import io.sluice.event.FlowRecord;
import io.sluice.event.LogEntry;
import io.sluice.event.LogFormat;
import io.sluice.event.LogWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Rows per second through the JSON log writer for what {@code sluice collect} writes per NetFlow v9
 * record: the conn.log row ({@code log=conn}) or the connection_creation.log row
 * ({@code log=connection_creation}), to a stream that discards the bytes (formatting only, no disk).
 * Each of the collector's two writer threads does one of these per record.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CollectorRowFormatBenchmark {
    private static final int ROWS = 2560;

    @Param({"conn", "connection_creation"})
    public String log;

    private LogEntry[] rows;
    private LogWriter writer;

    @Setup
    public void setUp() throws IOException {
        Class<?> kind = log.equals("conn") ? FlowRecord.class : ConnectionCreation.class;
        rows = CollectorRows.of(kind, ROWS, ExportDatagrams.RECORDS);
        writer = LogWriter.create(LogFormat.JSON, rows[0].schema(), OutputStream.nullOutputStream(), 0);
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long format() throws IOException {
        for (LogEntry r : rows) writer.write(r);
        return writer.rows();
    }
}
