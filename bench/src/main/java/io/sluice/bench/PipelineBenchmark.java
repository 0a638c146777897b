package io.sluice.bench;

import io.sluice.capture.CaptureException;
import io.sluice.capture.CaptureInputs;
import io.sluice.capture.PacketSource;
import io.sluice.flow.FlowConfig;
import io.sluice.packet.LinkType;
import io.sluice.pipeline.PacketPipeline;
import io.sluice.pipeline.ProgressListener;
import io.sluice.protocol.DissectionConfig;
import io.sluice.protocol.Protocols;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The whole packet path of {@code sluice analyze} short of writing logs: open the capture file,
 * read, decode (tunnels included), meter (and dissect, with {@code dissection=on}), and end every
 * flow at the end of input,
 * over {@value BenchCapture#PACKETS} mixed packets. Each invocation starts a fresh pipeline, as a
 * run of the command does. Score: packets per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PipelineBenchmark {
    /** Zeek verifies TCP/UDP/ICMP checksums by default (Sluice too); false is Zeek's {@code -C}. */
    @Param({"true", "false"})
    public boolean verifyChecksums;

    /**
     * How the file is read: memory-mapped windows (what {@code CaptureInputs.open(Path)} did for a
     * regular file) or streamed through the reader's reused buffer (standard input, pipes).
     */
    @Param({"mapped", "stream"})
    public String source;

    /**
     * {@code off} is {@code --flows-only}; {@code on} adds protocol identification and the standard
     * dissectors (the default of {@code sluice analyze}), though the generated payloads are zeros.
     */
    @Param({"off", "on"})
    public String dissection;

    /**
     * Whether reading, decoding and checksums run on a thread of their own ({@code
     * PacketPipeline.decodeAhead}); the score is still packets per second of the whole pipeline, so
     * it shows what a second core buys (analyze turns it on from four cores).
     */
    @Param({"false", "true"})
    public boolean decodeAhead;

    private Path file;
    private FlowConfig config;

    @Setup
    public void setup() throws IOException {
        file = Files.createTempFile("sluice-bench-pipeline", ".pcap");
        BenchCapture.write(file, LinkType.ETHERNET, new TrafficMix(TrafficMix.Kind.MIXED), BenchCapture.PACKETS);
        config = FlowConfig.defaults().withVerifyChecksums(verifyChecksums);
    }

    @TearDown
    public void tearDown() throws IOException {
        Files.deleteIfExists(file);
    }

    private PacketSource open() throws CaptureException {
        if (source.equals("mapped")) {
            return CaptureInputs.openMapped(file);
        }
        try {
            return CaptureInputs.open(new BufferedInputStream(Files.newInputStream(file), 1 << 16), file.toString());
        } catch (IOException e) {
            throw new CaptureException(file.toString(), 0, e.getMessage(), e);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BenchCapture.PACKETS)
    public long pipeline(Blackhole bh) throws CaptureException {
        var listener = new CountingListener();
        var content = dissection.equals("on") ? DissectionConfig.defaults() : DissectionConfig.off();
        var pipeline = new PacketPipeline(config, content, Protocols.standard(), listener).decodeAhead(decodeAhead);
        try (PacketSource src = open()) {
            CaptureException damage = pipeline.run(src, ProgressListener.NONE);
            if (damage != null) {
                throw damage;
            }
        }
        pipeline.finish();
        bh.consume(pipeline.stats());
        bh.consume(listener.last);
        return listener.events;
    }
}
