package io.sluice.capture;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** Builds pcap files byte by byte in either byte order, for inputs the writer does not produce. */
final class PcapBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteOrder order;
    private final int recordHeader;
    /** Start offset of each record, then the end of the file. */
    final List<Long> recordStarts = new ArrayList<>();

    PcapBytes(ByteOrder order, int magic, int snaplen, int network) {
        this.order = order;
        this.recordHeader = magic == PcapReader.MAGIC_KUZNETZOV ? 24 : 16;
        ByteBuffer h = ByteBuffer.allocate(24).order(order);
        h.putInt(magic).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(snaplen).putInt(network);
        out.writeBytes(h.array());
    }

    PcapBytes packet(int sec, int frac, byte[] data, int origLen) {
        return record(sec, frac, data.length, origLen, data);
    }

    /** A record whose length fields need not match the data (for damage tests). */
    PcapBytes record(int sec, int frac, int capLen, int origLen, byte[] data) {
        recordStarts.add((long) out.size());
        ByteBuffer r = ByteBuffer.allocate(recordHeader).order(order);
        r.putInt(sec).putInt(frac).putInt(capLen).putInt(origLen);
        out.writeBytes(r.array());
        out.writeBytes(data);
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }
}
