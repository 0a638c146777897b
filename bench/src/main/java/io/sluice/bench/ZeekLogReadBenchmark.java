package io.sluice.bench;

import io.sluice.event.ConnId;
import io.sluice.event.FlowRecord;
import io.sluice.event.LogFormat;
import io.sluice.event.LogWriter;
import io.sluice.ingest.IngestContext;
import io.sluice.ingest.zeek.ZeekLogFormat;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The Zeek log reader over a conn.log of {@value #ROWS} rows held in memory, as Zeek TSV and as
 * Zeek JSON lines (written by Sluice's own writers, so every field Sluice reads is set). Each row
 * gives a ConnectionCreation and a FlowRecord, with the Community ID recomputed as a log without
 * one needs. Score: conn rows per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ZeekLogReadBenchmark {
    static final int ROWS = 100_000;

    @Param({"ZEEK", "JSON"})
    public LogFormat format;

    private byte[] log;
    private final ZeekLogFormat reader = new ZeekLogFormat();

    @Setup
    public void setup() throws IOException {
        var out = new ByteArrayOutputStream();
        try (LogWriter w = LogWriter.create(format, FlowRecord.SCHEMA, out, 0)) {
            for (int i = 0; i < ROWS; i++) {
                var id = new ConnId("10.0." + (i >> 8 & 0xff) + "." + (i & 0xff), 1024 + i % 60000,
                        "192.0.2." + i % 200, i % 3 == 0 ? 53 : 443);
                w.write(new FlowRecord(1_700_000_000_000_000_000L + i * 1_000_000L, "C" + Integer.toString(i, 36),
                        id, i % 3 == 0 ? "udp" : "tcp", i % 3 == 0 ? "dns" : "ssl", 1_234_567_000L, 517L, 4096L,
                        "SF", true, false, 0, i % 3 == 0 ? "Dd" : "ShADadFf", 12, 1200, 10, 5000, List.of(),
                        i % 3 == 0 ? 17 : 6, -1, -1, null, null, null, "pcap", null));
            }
        }
        log = out.toByteArray();
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long read(Blackhole bh) throws IOException {
        var context = IngestContext.collecting("conn.log", bh::consume);
        reader.read(new ByteArrayInputStream(log), context);
        return context.emitted();
    }
}
