package io.sluice.packet;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Big-endian absolute reads over a buffer the decoder does not own.
 *
 * <p>Why this shape: {@code ByteBuffer.getShort/getInt(index)} are JIT intrinsics (one bounds
 * check, one load), several times cheaper than assembling bytes from {@code get(i)}, but they obey
 * the buffer's byte order, which belongs to the capture reader (a pcap reader may well set
 * LITTLE_ENDIAN to read record headers of a little-endian file). So the order is looked at once
 * per packet and the value byte-swapped when needed ({@code Short/Integer.reverseBytes} are
 * intrinsics too); the buffer's position, limit and order are never changed. Callers check
 * {@link #has} before reading; every read is also within {@code buf.limit()} because
 * {@link #end} is clamped to it.
 */
final class FrameReader {
    ByteBuffer buf;
    /** One past the last readable byte (frame end, clamped to the buffer limit). */
    int end;
    private boolean swap;

    void set(ByteBuffer buf, int end) {
        this.buf = buf;
        this.end = Math.min(end, buf.limit());
        this.swap = buf.order() != ByteOrder.BIG_ENDIAN;
    }

    boolean has(int offset, int length) {
        return offset >= 0 && length >= 0 && offset <= end - length;
    }

    int u8(int i) {
        return buf.get(i) & 0xff;
    }

    int u16(int i) {
        short v = buf.getShort(i);
        return Short.toUnsignedInt(swap ? Short.reverseBytes(v) : v);
    }

    long u32(int i) {
        int v = buf.getInt(i);
        return Integer.toUnsignedLong(swap ? Integer.reverseBytes(v) : v);
    }

    int s32(int i) {
        int v = buf.getInt(i);
        return swap ? Integer.reverseBytes(v) : v;
    }

    long s64(int i) {
        long v = buf.getLong(i);
        return swap ? Long.reverseBytes(v) : v;
    }

    long u48(int i) {
        return ((long) u16(i) << 32) | u32(i + 2);
    }
}
