package io.sluice.protocol;

import java.nio.ByteBuffer;

/**
 * One direction of a TCP stream put back in order, in the flow layer's relative sequence space
 * (64-bit, wraps already unfolded; the first data byte after the SYN is 1).
 *
 * <ul>
 *   <li>In-order data is delivered straight from the packet buffer, without a copy.
 *   <li>Out-of-order data is copied into chunks of the table's {@link SegmentPool} and held,
 *       bounded in bytes and segments per direction and by the pool's cap; data over a bound is
 *       dropped and later reaches the sink as a gap.
 *   <li>Overlaps: the first data wins. A segment that overlaps held data with different bytes is
 *       reported ({@link StreamSink#streamInconsistent}). Bytes already delivered are not kept, so
 *       a retransmission of them is dropped without comparison (as Zeek does with its default
 *       {@code tcp_max_old_segments = 0}).
 *   <li>Gaps: the flow layer decides when a hole is lost for good (Zeek's rule: the peer acked
 *       past it) and calls {@link #advanceTo}; held data below that point is delivered, the
 *       holes become {@link StreamSink#streamGap} calls.
 *   <li>Depth: nothing at or beyond relative sequence {@code 1 + depth} is delivered or held;
 *       once the stream gets there it is done and frees its chunks.
 * </ul>
 *
 * Reused with its flow; {@link #reset} prepares it for a new stream.
 */
public final class StreamReassembler {
    private final SegmentPool pool;

    private long next = 1;
    private long depthEnd = Long.MAX_VALUE;
    private boolean done;
    private int maxHeldBytes, maxHeldSegments;

    // held out-of-order data, sorted by start, never overlapping, every start > next
    private long[] hStart;
    private int[] hLen;
    private ByteBuffer[] hData;
    private int hCount;
    private int heldBytes;

    private long deliveredBytes, gapBytes, droppedBytes, inconsistencies;

    StreamReassembler(SegmentPool pool) {
        this.pool = pool;
    }

    void reset(long depth, int maxHeldBytes, int maxHeldSegments) {
        release();
        next = 1;
        depthEnd = depth >= Long.MAX_VALUE - 1 ? Long.MAX_VALUE : 1 + depth;
        done = depth == 0;
        this.maxHeldBytes = maxHeldBytes;
        this.maxHeldSegments = maxHeldSegments;
        deliveredBytes = gapBytes = droppedBytes = inconsistencies = 0;
    }

    /**
     * Moves the depth once the protocol is known (it may follow the whole connection). Bytes beyond
     * the old depth that were not held are gone; the stream takes what comes next up to the new depth.
     */
    void depth(long depth) {
        if (done && next < depthEnd) return; // stopped, not merely at the old depth
        depthEnd = depth >= Long.MAX_VALUE - 1 ? Long.MAX_VALUE : 1 + depth;
        done = next >= depthEnd;
    }

    /** Relative sequence number of the next byte to deliver. */
    public long next() {
        return next;
    }

    /** True once the stream reached its depth or was stopped: it takes nothing more. */
    public boolean done() {
        return done;
    }

    public long deliveredBytes() {
        return deliveredBytes;
    }

    public long gapBytes() {
        return gapBytes;
    }

    /** Out-of-order bytes dropped because a bound was reached. */
    public long droppedBytes() {
        return droppedBytes;
    }

    public int heldBytes() {
        return heldBytes;
    }

    public int heldSegments() {
        return hCount;
    }

    /** Stops the stream and returns its chunks. */
    void stop() {
        done = true;
        release();
    }

    /** One segment's payload, starting at relative sequence {@code seq}. */
    void segment(boolean fromOrig, long seq, ByteBuffer buf, int off, int len, StreamSink sink) {
        if (done || len <= 0) return;
        long end = seq + len;
        if (end <= next) return;
        if (seq > next) {
            hold(fromOrig, seq, buf, off, len, sink);
            return;
        }
        int skip = (int) (next - seq);
        off += skip;
        len -= skip;
        seq = next;
        while (len > 0 && !done) {
            if (hCount > 0 && hStart[0] <= seq) {
                // Held data is already at this position: it came first, so it wins.
                long hs = hStart[0];
                int hl = hLen[0];
                int into = (int) (seq - hs);
                int overlap = (int) Math.min(len, hl - into);
                if (differs(buf, off, hData[0], into, overlap)) inconsistent(fromOrig, seq, overlap, sink);
                deliverFirstHeld(fromOrig, sink);
                long consumed = hs + hl - seq;
                if (consumed >= len) break;
                off += (int) consumed;
                len -= (int) consumed;
                seq = hs + hl;
            } else {
                int n = hCount > 0 ? (int) Math.min(len, hStart[0] - seq) : len;
                deliver(fromOrig, buf, off, n, sink);
                off += n;
                len -= n;
                seq += n;
            }
        }
        drain(fromOrig, sink);
    }

    /**
     * The flow layer gave up on everything below {@code target}: held data there is delivered,
     * holes become gaps.
     */
    void advanceTo(boolean fromOrig, long target, StreamSink sink) {
        while (!done && next < target) {
            if (hCount > 0 && hStart[0] < target) {
                long hs = hStart[0];
                if (hs > next) gap(fromOrig, hs - next, sink);
                else deliverFirstHeld(fromOrig, sink);
            } else {
                gap(fromOrig, target - next, sink);
            }
        }
        drain(fromOrig, sink);
    }

    // ---------------------------------------------------------------- delivery

    private void drain(boolean fromOrig, StreamSink sink) {
        while (!done && hCount > 0 && hStart[0] <= next) deliverFirstHeld(fromOrig, sink);
    }

    /** Delivers the part of the first held segment at or beyond {@link #next} and returns its chunk. */
    private void deliverFirstHeld(boolean fromOrig, StreamSink sink) {
        long hs = hStart[0];
        int hl = hLen[0];
        ByteBuffer chunk = hData[0];
        removeFirst();
        long end = hs + hl;
        // The chunk leaves the held list before the sink runs, so a stop() inside the sink
        // cannot return it twice.
        if (end > next) {
            int into = (int) (next - hs);
            deliver(fromOrig, chunk, into, hl - into, sink);
        }
        pool.give(chunk);
    }

    private void deliver(boolean fromOrig, ByteBuffer buf, int off, int len, StreamSink sink) {
        long room = depthEnd - next;
        int n = (int) Math.min(len, room);
        next += len;
        deliveredBytes += n;
        if (next >= depthEnd) stop();
        if (n > 0) sink.streamData(fromOrig, buf, off, n);
    }

    private void gap(boolean fromOrig, long len, StreamSink sink) {
        long n = Math.min(len, depthEnd - next);
        next += len;
        gapBytes += n;
        if (next >= depthEnd) stop();
        if (n > 0) sink.streamGap(fromOrig, n);
    }

    private void inconsistent(boolean fromOrig, long seq, int len, StreamSink sink) {
        inconsistencies++;
        sink.streamInconsistent(fromOrig, seq, len);
    }

    // ---------------------------------------------------------------- holding

    private void hold(boolean fromOrig, long seq, ByteBuffer buf, int off, int len, StreamSink sink) {
        if (seq >= depthEnd) return;
        long end = Math.min(seq + len, depthEnd);
        long s = seq;
        int i = 0;
        while (i < hCount && hStart[i] + hLen[i] <= s) i++;
        while (s < end) {
            if (i < hCount && hStart[i] <= s) {
                long coveredEnd = Math.min(end, hStart[i] + hLen[i]);
                int n = (int) (coveredEnd - s);
                if (differs(buf, off + (int) (s - seq), hData[i], (int) (s - hStart[i]), n)) {
                    inconsistent(fromOrig, s, n, sink);
                }
                s = coveredEnd;
                i++;
            } else {
                long uncoveredEnd = i < hCount ? Math.min(end, hStart[i]) : end;
                while (s < uncoveredEnd) {
                    int n = (int) Math.min(uncoveredEnd - s, SegmentPool.CHUNK);
                    ByteBuffer chunk = hCount < maxHeldSegments && heldBytes + n <= maxHeldBytes ? pool.take() : null;
                    if (chunk == null) {
                        droppedBytes += end - s;
                        return;
                    }
                    chunk.put(0, buf, off + (int) (s - seq), n);
                    insertAt(i, s, n, chunk);
                    i++;
                    s += n;
                }
            }
        }
    }

    private void insertAt(int i, long start, int len, ByteBuffer chunk) {
        if (hStart == null || hCount == hStart.length) grow();
        System.arraycopy(hStart, i, hStart, i + 1, hCount - i);
        System.arraycopy(hLen, i, hLen, i + 1, hCount - i);
        System.arraycopy(hData, i, hData, i + 1, hCount - i);
        hStart[i] = start;
        hLen[i] = len;
        hData[i] = chunk;
        hCount++;
        heldBytes += len;
    }

    private void grow() {
        int n = hStart == null ? Math.min(8, Math.max(1, maxHeldSegments)) : Math.min(hStart.length * 2, maxHeldSegments);
        hStart = hStart == null ? new long[n] : java.util.Arrays.copyOf(hStart, n);
        hLen = hLen == null ? new int[n] : java.util.Arrays.copyOf(hLen, n);
        hData = hData == null ? new ByteBuffer[n] : java.util.Arrays.copyOf(hData, n);
    }

    private void removeFirst() {
        heldBytes -= hLen[0];
        hCount--;
        System.arraycopy(hStart, 1, hStart, 0, hCount);
        System.arraycopy(hLen, 1, hLen, 0, hCount);
        System.arraycopy(hData, 1, hData, 0, hCount);
        hData[hCount] = null;
    }

    private void release() {
        for (int i = 0; i < hCount; i++) {
            pool.give(hData[i]);
            hData[i] = null;
        }
        hCount = 0;
        heldBytes = 0;
    }

    private static boolean differs(ByteBuffer a, int aOff, ByteBuffer b, int bOff, int n) {
        for (int k = 0; k < n; k++) {
            if (a.get(aOff + k) != b.get(bOff + k)) return true;
        }
        return false;
    }
}
