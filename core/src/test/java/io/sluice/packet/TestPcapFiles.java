package io.sluice.packet;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * TEST SCAFFOLDING, to be replaced by io.sluice.capture's reader once it is merged: reads the
 * records of a classic pcap file (micro- or nanosecond, either byte order; no pcapng) so the
 * decoder's corpus test does not depend on a package written in parallel.
 */
final class TestPcapFiles {
    record Frame(long tsNanos, int linkType, byte[] data, int wireLen) {}

    private TestPcapFiles() {}

    static List<Frame> read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        int magic = b.order(ByteOrder.BIG_ENDIAN).getInt(0);
        boolean nanos = magic == 0xa1b23c4d || magic == 0x4d3cb2a1;
        if (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1) {
            b.order(ByteOrder.LITTLE_ENDIAN);
        } else if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
            throw new IOException(file + " is not a classic pcap file");
        }
        int linkType = b.getInt(20) & 0x0fff_ffff;
        var frames = new ArrayList<Frame>();
        int o = 24;
        while (o + 16 <= b.limit()) {
            long sec = Integer.toUnsignedLong(b.getInt(o));
            long frac = Integer.toUnsignedLong(b.getInt(o + 4));
            int incl = b.getInt(o + 8);
            int orig = b.getInt(o + 12);
            if (incl < 0 || o + 16 + incl > b.limit()) {
                throw new IOException(file + ": record at " + o + " is cut short");
            }
            byte[] data = new byte[incl];
            b.get(o + 16, data);
            frames.add(new Frame(sec * 1_000_000_000L + (nanos ? frac : frac * 1000), linkType, data, orig));
            o += 16 + incl;
        }
        return frames;
    }
}
