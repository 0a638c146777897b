package io.sluice.capture;

import io.sluice.packet.LinkType;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * A throughput sanity check, kept out of the unit tests (no timed tests): writes a synthetic pcap
 * of the requested size unless it exists, then reads it over the mapped and the stream path,
 * touching one byte per packet, and prints MB/s and packets/s. The JMH benchmarks in bench/
 * measure properly; this only shows that the reader can be driven in a tight loop.
 *
 * <pre>
 * java -cp core/target/classes:core/target/test-classes io.sluice.capture.ReadThroughput /tmp/t.pcap 1024
 * </pre>
 */
public final class ReadThroughput {
    private ReadThroughput() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "/tmp/sluice-throughput.pcap");
        long mib = args.length > 1 ? Long.parseLong(args[1]) : 1024;
        if (!Files.exists(file)) {
            write(file, mib << 20);
        }
        for (int round = 0; round < 3; round++) {
            run("mapped", CaptureInputs.open(file), Files.size(file));
            run("stream", CaptureInputs.open(new FileInputStream(file.toFile()), file.toString()), Files.size(file));
        }
    }

    private static void run(String how, PacketSource src, long size) throws CaptureException {
        long t0 = System.nanoTime();
        long packets = 0;
        long sum = 0;
        try (src) {
            while (src.next()) {
                packets++;
                sum += src.buffer().get(src.offset() + (src.capturedLength() >> 1)) + src.timestampNanos();
            }
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%-6s %,d packets in %.3f s: %,.0f MB/s, %,.1f Mpps (checksum %d)%n",
                how, packets, s, size / s / 1e6, packets / s / 1e6, sum);
    }

    /** Packet sizes drawn from a rough internet mix: many small, many full, some in between. */
    private static void write(Path file, long bytes) throws IOException {
        var rnd = new Random(1);
        byte[] frame = new byte[1514];
        rnd.nextBytes(frame);
        long ts = 1_700_000_000_000_000_000L;
        try (var w = PcapWriter.create(file, LinkType.ETHERNET, 65535, PcapWriter.Resolution.MICROS)) {
            long written = 24;
            while (written < bytes) {
                int r = rnd.nextInt(10);
                int len = r < 5 ? 60 + rnd.nextInt(40) : r < 8 ? 1514 : 100 + rnd.nextInt(1400);
                ts += rnd.nextInt(20_000);
                w.write(ts, frame, 0, len, len);
                written += 16 + len;
            }
        }
    }
}
