package io.sluice.protocol.quic;

import java.nio.ByteBuffer;

/**
 * QUIC variable-length integers (RFC 9000 16): the two high bits of the first byte give the
 * length, 1, 2, 4 or 8 bytes. Callers check {@link #size} against what is left before reading.
 */
final class Varint {
    private Varint() {}

    static int size(int firstByte) {
        return 1 << ((firstByte & 0xff) >> 6);
    }

    static long read(byte[] b, int p) {
        int n = size(b[p]);
        long v = b[p] & 0x3f;
        for (int i = 1; i < n; i++) v = (v << 8) | (b[p + i] & 0xff);
        return v;
    }

    static long read(ByteBuffer b, int p) {
        int n = size(b.get(p));
        long v = b.get(p) & 0x3f;
        for (int i = 1; i < n; i++) v = (v << 8) | (b.get(p + i) & 0xff);
        return v;
    }
}
