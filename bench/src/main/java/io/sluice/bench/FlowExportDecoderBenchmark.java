package io.sluice.bench;

import io.sluice.event.Event;
import io.sluice.ingest.IngestContext;
import io.sluice.ingest.netflow.ExportListener;
import io.sluice.ingest.netflow.ExporterTable;
import io.sluice.ingest.netflow.FlowExportDecoder;
import io.sluice.ingest.netflow.FlowExportEvents;
import io.sluice.packet.IpAddress;
import java.nio.ByteBuffer;
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
 * Records per second through the NetFlow v9 / IPFIX decoder on one core: 64 data datagrams of 40
 * records (2,560 records) per invocation from one exporter whose template is known.
 * {@code events=false} counts decoded records only (the decoder's own cost); {@code true} also
 * builds the FlowRecord and ConnectionCreation of every record (uid, Community ID, strings), which
 * is what the collector does before writing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FlowExportDecoderBenchmark {
    private static final int DATAGRAMS = 64;

    @Param({"9", "10"})
    public int version;

    @Param({"false", "true"})
    public boolean events;

    private FlowExportDecoder decoder;
    private ByteBuffer[] data;
    private long sink;
    private Blackhole hole;

    @Setup
    public void setUp(Blackhole bh) {
        hole = bh;
        ExportListener listener;
        if (events) {
            listener = new FlowExportEvents(IngestContext.collecting("bench", (Event e) -> hole.consume(e)));
        } else {
            listener = r -> sink += r.bytes;
        }
        decoder = new FlowExportDecoder(new ExporterTable(), listener);
        byte[] t = ExportDatagrams.template(version, 0);
        decoder.decode(ByteBuffer.wrap(t), 0, t.length, 0, IpAddress.v4Lo(0x0a000001), 2055);
        data = new ByteBuffer[DATAGRAMS];
        for (int i = 0; i < DATAGRAMS; i++) {
            byte[] d = ExportDatagrams.data(version, i + 1, (long) i * ExportDatagrams.RECORDS);
            data[i] = ByteBuffer.allocateDirect(d.length).put(d).flip();
        }
    }

    @Benchmark
    @OperationsPerInvocation(DATAGRAMS * ExportDatagrams.RECORDS)
    public long decode() {
        long n = 0;
        for (ByteBuffer d : data) n += decoder.decode(d, 0, d.limit(), 0, IpAddress.v4Lo(0x0a000001), 2055);
        return n + sink;
    }
}
