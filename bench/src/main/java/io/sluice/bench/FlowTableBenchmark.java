package io.sluice.bench;

import io.sluice.flow.FlowConfig;
import io.sluice.flow.FlowTable;
import io.sluice.packet.LinkType;
import io.sluice.packet.Packet;
import io.sluice.packet.PacketDecoder;
import java.nio.ByteBuffer;
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
 * The flow table alone: {@value #PACKETS} packets decoded at setup (outer headers only) metered
 * over and over with packet time moving on 37 µs per packet, so conversations close, time out and
 * start again as new connections, and their records are built. Checksums are not verified here
 * (the pipeline benchmark measures that). Score: packets per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FlowTableBenchmark {
    static final int PACKETS = 65_536;

    @Param({"MIXED", "TCP", "UDP"})
    public TrafficMix.Kind kind;

    private final Packet[] packets = new Packet[PACKETS];
    private FlowTable table;
    private CountingListener listener;
    private long now = 1_700_000_000_000_000_000L;

    @Setup
    public void setup() {
        List<byte[]> frames = TrafficMix.frames(kind, PACKETS);
        var decoder = new PacketDecoder();
        for (int i = 0; i < PACKETS; i++) {
            Packet p = new Packet();
            p.buf = ByteBuffer.wrap(frames.get(i)).asReadOnlyBuffer();
            p.linkType = LinkType.ETHERNET;
            p.frameOffset = 0;
            p.capLen = p.wireLen = frames.get(i).length;
            decoder.decode(p);
            packets[i] = p;
        }
        listener = new CountingListener();
        table = new FlowTable(FlowConfig.defaults().withVerifyChecksums(false), listener);
    }

    @Benchmark
    @OperationsPerInvocation(PACKETS)
    public void meter(Blackhole bh) {
        FlowTable t = table;
        long ts = now;
        for (Packet p : packets) {
            ts += 37_000;
            p.tsNanos = ts;
            t.process(p);
        }
        now = ts;
        bh.consume(t.size());
        bh.consume(listener.events);
    }
}
