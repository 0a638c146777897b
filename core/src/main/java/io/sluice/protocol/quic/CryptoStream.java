package io.sluice.protocol.quic;

/**
 * One direction's Initial CRYPTO stream, reassembled from CRYPTO frames that may arrive out of
 * order, repeated or split across packets and datagrams, up to the end of its first TLS handshake
 * message (the ClientHello or the ServerHello), which is all an Initial carries and all Zeek reads.
 * Bytes beyond {@link #LIMIT} are refused; the buffer grows only as far as data arrives.
 */
final class CryptoStream {
    /** Offsets we keep at most. */
    static final int LIMIT = 64 * 1024;
    /** RFC 8446 5.1's largest record payload; Zeek refuses a longer hello in QUIC. */
    static final int MAX_MESSAGE = (1 << 14) + 256;

    private byte[] data;
    private long[] have; // one bit per byte received
    private int contiguous; // bytes [0, contiguous) are all present
    private int highest; // one past the highest byte received

    enum Result { OK, OUT_OF_BOUNDS, COMPLETE }

    /** Adds a CRYPTO frame's data at {@code offset}; the first copy of a byte wins. */
    Result add(long offset, byte[] src, int off, int len) {
        if (offset < 0 || offset + len > LIMIT) return Result.OUT_OF_BOUNDS;
        int o = (int) offset;
        int end = o + len;
        ensure(end);
        for (int i = 0; i < len; i++) {
            int at = o + i;
            long bit = 1L << (at & 63);
            if ((have[at >> 6] & bit) == 0) {
                have[at >> 6] |= bit;
                data[at] = src[off + i];
            }
        }
        if (end > highest) highest = end;
        while (contiguous < highest && (have[contiguous >> 6] & (1L << (contiguous & 63))) != 0) contiguous++;
        return messageLength() > 0 && contiguous >= messageLength() ? Result.COMPLETE : Result.OK;
    }

    /** Length of the first handshake message with its 4-byte header, 0 while the header is incomplete. */
    int messageLength() {
        if (contiguous < 4) return 0;
        return 4 + (((data[1] & 0xff) << 16) | ((data[2] & 0xff) << 8) | (data[3] & 0xff));
    }

    /** The bytes, valid from 0 to {@link #messageLength()} once complete. */
    byte[] bytes() {
        return data;
    }

    int bufferedBytes() {
        return data == null ? 0 : data.length;
    }

    void reset() {
        data = null;
        have = null;
        contiguous = highest = 0;
    }

    private void ensure(int size) {
        if (data != null && data.length >= size) return;
        int n = Math.min(LIMIT, Math.max(size, data == null ? 2048 : data.length * 2));
        byte[] d = new byte[n];
        long[] h = new long[(n + 63) >> 6];
        if (data != null) {
            System.arraycopy(data, 0, d, 0, data.length);
            System.arraycopy(have, 0, h, 0, have.length);
        }
        data = d;
        have = h;
    }
}
