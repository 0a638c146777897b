package io.sluice.protocol;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Fixed-size chunks for out-of-order TCP data, shared by every stream of one flow table, with a
 * cap on the bytes handed out at once (the reassembly memcap). In-order data never comes here: it
 * is delivered straight from the packet buffer. Returned chunks are kept for reuse, so a warm
 * pipeline holds out-of-order data without allocating. Not thread-safe: one pool per flow table.
 */
public final class SegmentPool {
    public static final int CHUNK = 2048;

    private final long capBytes;
    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
    private long inUse;
    private long refused;

    public SegmentPool(long capBytes) {
        this.capBytes = capBytes;
    }

    /** A chunk, or null when the cap is reached (the caller drops the data). */
    ByteBuffer take() {
        if (inUse + CHUNK > capBytes) {
            refused++;
            return null;
        }
        inUse += CHUNK;
        ByteBuffer c = free.pollLast();
        return c != null ? c : ByteBuffer.allocate(CHUNK);
    }

    void give(ByteBuffer chunk) {
        inUse -= CHUNK;
        free.addLast(chunk);
    }

    /** Bytes handed out and not yet returned. */
    public long bytesInUse() {
        return inUse;
    }

    /** Chunks refused because the cap was reached. */
    public long refused() {
        return refused;
    }
}
