package io.sluice.capture;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** Builds pcapng files block by block; each section may use its own byte order. */
final class PcapngBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private ByteOrder order = ByteOrder.LITTLE_ENDIAN;
    /** Start offset of every block, in order. */
    final List<Long> blockStarts = new ArrayList<>();
    /** Start offsets of the blocks that carry a packet. */
    final List<Long> packetStarts = new ArrayList<>();

    PcapngBytes section(ByteOrder order) {
        this.order = order;
        var body = buffer(16);
        body.putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1L);
        return block(PcapngReader.SHB, body.array());
    }

    PcapngBytes idb(int linkType, int snaplen, byte[]... options) {
        var body = new ByteArrayOutputStream();
        var fixed = buffer(8);
        fixed.putShort((short) linkType).putShort((short) 0).putInt(snaplen);
        body.writeBytes(fixed.array());
        for (byte[] o : options) {
            body.writeBytes(o);
        }
        if (options.length > 0) {
            body.writeBytes(option(0, new byte[0]));
        }
        return block(1, body.toByteArray());
    }

    /** An option TLV, padded to 4 bytes. */
    byte[] option(int code, byte[] value) {
        var b = buffer(4 + pad(value.length));
        b.putShort((short) code).putShort((short) value.length).put(value);
        return b.array();
    }

    byte[] tsresol(int v) {
        return option(9, new byte[] {(byte) v});
    }

    byte[] tsoffset(long seconds) {
        return option(14, buffer(8).putLong(seconds).array());
    }

    PcapngBytes epb(int ifid, long rawTs, byte[] data, int origLen) {
        packetStarts.add((long) out.size());
        var b = buffer(20 + pad(data.length));
        b.putInt(ifid).putInt((int) (rawTs >>> 32)).putInt((int) rawTs).putInt(data.length).putInt(origLen).put(data);
        return block(6, b.array());
    }

    PcapngBytes opb(int ifid, long rawTs, byte[] data, int origLen) {
        packetStarts.add((long) out.size());
        var b = buffer(20 + pad(data.length));
        b.putShort((short) ifid).putShort((short) 0).putInt((int) (rawTs >>> 32)).putInt((int) rawTs)
                .putInt(data.length).putInt(origLen).put(data);
        return block(2, b.array());
    }

    PcapngBytes spb(byte[] data, int origLen) {
        packetStarts.add((long) out.size());
        var b = buffer(4 + pad(data.length));
        b.putInt(origLen).put(data);
        return block(3, b.array());
    }

    PcapngBytes block(int type, byte[] body) {
        int len = 12 + pad(body.length);
        return rawBlock(type, len, body, len);
    }

    /** A block with the given length fields, whatever the body's size (for damage tests). */
    PcapngBytes rawBlock(int type, int len, byte[] body, int trailer) {
        blockStarts.add((long) out.size());
        var b = buffer(12 + pad(body.length));
        b.putInt(type).putInt(len).put(body).position(8 + pad(body.length));
        b.putInt(trailer);
        out.writeBytes(b.array());
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    long size() {
        return out.size();
    }

    private ByteBuffer buffer(int n) {
        return ByteBuffer.allocate(n).order(order);
    }

    static int pad(int n) {
        return (n + 3) & ~3;
    }
}
