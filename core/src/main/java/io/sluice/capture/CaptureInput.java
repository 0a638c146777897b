package io.sluice.capture;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The bytes of one capture input, addressed by absolute position and exposed through a window
 * buffer, so readers parse records in place without copying.
 *
 * <p>Readers move forward only: once {@link #window} is asked for position {@code p}, bytes before
 * {@code p} may be dropped. After every {@code window} call the reader fetches {@link #buffer()}
 * again, because the window may have moved to a new buffer.
 */
abstract sealed class CaptureInput implements AutoCloseable permits MappedFileInput, StreamInput {

    /**
     * The largest span a reader asks for in one {@link #window} call (a pcapng block it parses
     * whole); bounds the stream buffer. Blocks that are only skipped may be larger.
     */
    static final int MAX_RECORD = 16 << 20;

    /** The current window, in network (big-endian) byte order; read with absolute indexes only. */
    abstract ByteBuffer buffer();

    /**
     * Makes {@code [pos, pos + n)} available in {@link #buffer()}.
     *
     * @return the index of {@code pos} in the buffer, or -1 when the input ends before
     *     {@code pos + n}; {@link #end()} is then the exact length of the input
     */
    abstract int window(long pos, int n) throws IOException;

    /** Length of the input when known (a file, or a stream read to its end), else -1. */
    abstract long end();

    /** Size of the input as known up front (a file's size), else -1. */
    abstract long size();

    abstract String name();

    @Override
    public abstract void close();
}
