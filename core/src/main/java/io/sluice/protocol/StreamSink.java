package io.sluice.protocol;

import java.nio.ByteBuffer;

/** Where a {@link StreamReassembler} delivers one direction's stream, in order. */
interface StreamSink {

    /** Stream bytes, valid only during the call. */
    void streamData(boolean fromOrig, ByteBuffer buf, int offset, int length);

    /** {@code length} bytes of the stream were never seen. */
    void streamGap(boolean fromOrig, long length);

    /** A segment overlapped held data with different bytes; the held (first) data won. */
    void streamInconsistent(boolean fromOrig, long seq, int length);
}
