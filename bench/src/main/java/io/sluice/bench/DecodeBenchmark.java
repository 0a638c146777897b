package io.sluice.bench;

import io.sluice.packet.LinkType;
import io.sluice.packet.Packet;
import io.sluice.packet.PacketDecoder;
import io.sluice.packet.Tunnel;
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
 * The packet decoder over {@value #FRAMES} frames of one traffic kind, laid end to end in a
 * read-only direct buffer as the memory-mapped reader hands them out. A tunnelled packet's inner
 * frame is decoded too, as the pipeline does; it counts as one packet. Score: packets per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DecodeBenchmark {
    static final int FRAMES = 8192;

    @Param({"MIXED", "TCP", "UDP", "IPV6", "VLAN", "TUNNEL"})
    public TrafficMix.Kind kind;

    private ByteBuffer buf;
    private final int[] offset = new int[FRAMES];
    private final int[] length = new int[FRAMES];
    private final Packet outer = new Packet();
    private final Packet inner = new Packet();
    private PacketDecoder decoder;

    @Setup
    public void setup() {
        List<byte[]> frames = TrafficMix.frames(kind, FRAMES);
        int total = 0;
        for (byte[] f : frames) {
            total += f.length;
        }
        ByteBuffer b = ByteBuffer.allocateDirect(total);
        for (int i = 0; i < FRAMES; i++) {
            offset[i] = b.position();
            length[i] = frames.get(i).length;
            b.put(frames.get(i));
        }
        buf = b.asReadOnlyBuffer();
        decoder = new PacketDecoder();
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void decode(Blackhole bh) {
        Packet p = outer;
        long acc = 0;
        for (int i = 0; i < FRAMES; i++) {
            p.reset();
            p.buf = buf;
            p.linkType = LinkType.ETHERNET;
            p.frameOffset = offset[i];
            p.capLen = length[i];
            p.wireLen = length[i];
            p.tsNanos = i;
            decoder.decode(p);
            Packet q = p;
            if (p.tunnel != Tunnel.NONE && decoder.decodeInner(p, inner)) {
                q = inner;
            }
            // What the flow table reads to find the flow; summing it keeps every field live.
            acc += q.srcLo ^ q.dstLo ^ q.srcHi ^ (q.srcPort << 16 | q.dstPort) ^ q.ipProto ^ q.tcpFlags ^ q.payloadLength;
        }
        bh.consume(acc);
    }
}
