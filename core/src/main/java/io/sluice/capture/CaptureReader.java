package io.sluice.capture;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * What the pcap and pcapng readers share: the current packet's view (the fields each reader's
 * {@code next()} fills), the position bookkeeping, windowed access to the input and the way a
 * damaged input ends reading. Subclasses only parse their format.
 */
abstract sealed class CaptureReader implements PacketSource permits PcapReader, PcapngReader {
    final CaptureInput in;

    /** Input position of the next record. */
    long pos;
    /** Input position of the current packet's record (for error messages). */
    long recordPos = -1;
    /** True after the end or after damage: next() returns false from then on. */
    boolean done;

    ByteBuffer buf;
    int offset;
    int capLen;
    int origLen;
    long tsNanos;
    int linkType;
    int fcsLength;

    CaptureReader(CaptureInput in, long startPos) {
        this.in = in;
        this.pos = startPos;
        this.buf = in.buffer();
    }

    /** Makes {@code n} bytes at input position {@code p} available; -1 at the end of the input. */
    final int window(long p, int n) throws CaptureException {
        try {
            return in.window(p, n);
        } catch (IOException e) {
            throw fail(p, "read error: " + e.getMessage(), e);
        }
    }

    final CaptureException fail(long at, String reason) {
        done = true;
        return new CaptureException(in.name(), at, reason);
    }

    final CaptureException fail(long at, String reason, Throwable cause) {
        done = true;
        return new CaptureException(in.name(), at, reason, cause);
    }

    @Override
    public final long timestampNanos() {
        return tsNanos;
    }

    @Override
    public final int linkType() {
        return linkType;
    }

    @Override
    public final int fcsLength() {
        return fcsLength;
    }

    @Override
    public final ByteBuffer buffer() {
        return buf;
    }

    @Override
    public final int offset() {
        return offset;
    }

    @Override
    public final int capturedLength() {
        return capLen;
    }

    @Override
    public final int originalLength() {
        return origLen;
    }

    @Override
    public final long recordPosition() {
        return recordPos;
    }

    @Override
    public final long bytesRead() {
        return pos;
    }

    @Override
    public final long totalBytes() {
        return in.size();
    }

    @Override
    public final String name() {
        return in.name();
    }

    @Override
    public final void close() {
        done = true;
        in.close();
    }
}
