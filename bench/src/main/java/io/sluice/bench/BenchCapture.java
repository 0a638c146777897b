package io.sluice.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the captures the benchmarks read, at setup time, as classic little-endian microsecond
 * pcap files (a tiny writer of our own, so the benchmarks do not depend on the writer they might
 * one day measure).
 */
final class BenchCapture {
    /** Packets per generated capture: enough that per-invocation costs vanish, few enough to stay in the page cache. */
    static final int PACKETS = 200_000;

    private BenchCapture() {}

    /** Writes {@code count} frames, frame {@code i} being {@code frames.frame(i)}, 37 µs apart. */
    static void write(Path file, int linkType, Frames frames, int count) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                    .putInt(262_144).putInt(linkType);
            out.write(h.array());
            ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            long usec = 1_700_000_000_000_000L;
            for (int i = 0; i < count; i++) {
                byte[] frame = frames.frame(i);
                usec += 37;
                r.clear();
                r.putInt((int) (usec / 1_000_000)).putInt((int) (usec % 1_000_000))
                        .putInt(frame.length).putInt(frame.length);
                out.write(r.array());
                out.write(frame);
            }
        }
    }

    /** The i-th frame of a capture. */
    interface Frames {
        byte[] frame(int i);
    }
}
