package io.sluice.bench;

import io.sluice.packet.LinkType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The floor under the pcap reader: walking the record headers of a memory-mapped pcap with nothing
 * but absolute ByteBuffer reads. A reader far below this number does avoidable work per packet.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PcapScanBenchmark {
    private Path file;
    private FileChannel channel;
    private MappedByteBuffer map;

    @Setup
    public void setup() throws IOException {
        file = Files.createTempFile("sluice-bench-scan", ".pcap");
        BenchCapture.write(file, LinkType.ETHERNET, new TrafficMix(TrafficMix.Kind.MIXED), BenchCapture.PACKETS);
        channel = FileChannel.open(file, StandardOpenOption.READ);
        map = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
        map.order(ByteOrder.LITTLE_ENDIAN);
    }

    @TearDown
    public void tearDown() throws IOException {
        channel.close();
        Files.deleteIfExists(file);
    }

    @Benchmark
    @OperationsPerInvocation(BenchCapture.PACKETS)
    public void scanRecordHeaders(Blackhole bh) {
        ByteBuffer b = map;
        int limit = b.limit();
        long sum = 0;
        for (int pos = 24; pos + 16 <= limit; ) {
            int capLen = b.getInt(pos + 8);
            sum += b.getInt(pos) + capLen + b.get(pos + 16 + 12);
            pos += 16 + capLen;
        }
        bh.consume(sum);
    }
}
