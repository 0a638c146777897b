package io.sluice.bench;

import io.sluice.capture.CaptureException;
import io.sluice.capture.CaptureInputs;
import io.sluice.capture.PacketSource;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The pcap reader over a capture of {@value BenchCapture#PACKETS} mixed packets in a temp file:
 * memory-mapped (what {@code sluice analyze FILE} does) and as a stream (standard input, pipes).
 * Each invocation opens the file and reads it to the end; opening is a few system calls against
 * 200,000 packets. Score: packets per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ReadBenchmark {
    private Path file;

    @Setup
    public void setup() throws IOException {
        file = Files.createTempFile("sluice-bench-read", ".pcap");
        BenchCapture.write(file, io.sluice.packet.LinkType.ETHERNET, new TrafficMix(TrafficMix.Kind.MIXED), BenchCapture.PACKETS);
    }

    @TearDown
    public void tearDown() throws IOException {
        Files.deleteIfExists(file);
    }

    @Benchmark
    @OperationsPerInvocation(BenchCapture.PACKETS)
    public long mapped(Blackhole bh) throws CaptureException {
        try (PacketSource src = CaptureInputs.openMapped(file)) {
            return drain(src, bh);
        }
    }

    /** What {@code CaptureInputs.open(Path)} does for a regular file. */
    @Benchmark
    @OperationsPerInvocation(BenchCapture.PACKETS)
    public long file(Blackhole bh) throws CaptureException {
        try (PacketSource src = CaptureInputs.open(file)) {
            return drain(src, bh);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BenchCapture.PACKETS)
    public long stream(Blackhole bh) throws CaptureException, IOException {
        try (PacketSource src = CaptureInputs.open(new BufferedInputStream(Files.newInputStream(file), 1 << 16), "bench")) {
            return drain(src, bh);
        }
    }

    /** Touches what every consumer reads per packet: time, lengths and the first byte of the frame. */
    static long drain(PacketSource src, Blackhole bh) throws CaptureException {
        long n = 0;
        while (src.next()) {
            ByteBuffer b = src.buffer();
            bh.consume(src.timestampNanos());
            bh.consume(src.originalLength());
            bh.consume(b.get(src.offset() + src.capturedLength() - 1));
            n++;
        }
        return n;
    }
}
