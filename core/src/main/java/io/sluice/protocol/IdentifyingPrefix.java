package io.sluice.protocol;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The payload a TCP connection carried before a signature recognised it, both directions, in the
 * order it arrived, as Zeek's protocol detection (PIA) buffers it: signatures can then be asked
 * about each direction's stream from its start instead of one delivery at a time, and the
 * dissector attached on a match is given the connection's beginning, not only the delivery that
 * matched. Without it a first segment of one byte ("G", then "ET / HTTP/1.1"), which costs a
 * sender nothing, hid the protocol or cut the first bytes off what the dissector saw.
 *
 * <p>Bounded by the identification limits ({@link DissectionConfig#identifyBytes()} bytes and
 * {@link DissectionConfig#identifyChunks()} deliveries). The arrays are made on first use and
 * kept by the pooled {@link FlowDissection}, so connections identified by their first delivery,
 * the usual case, never copy anything here.
 */
final class IdentifyingPrefix {
    private static final byte[] EMPTY = new byte[0];

    private final int limit;
    private byte[] orig = EMPTY, resp = EMPTY;
    private int origLen, respLen;
    private final boolean[] chunkFromOrig;
    private final int[] chunkLen;
    private int chunks;
    private boolean broken, origSeen, respSeen;

    IdentifyingPrefix(int limit, int maxChunks) {
        this.limit = limit;
        this.chunkFromOrig = new boolean[maxChunks];
        this.chunkLen = new int[maxChunks];
    }

    void reset() {
        origLen = respLen = chunks = 0;
        broken = origSeen = respSeen = false;
    }

    /** Whether the direction offered any bytes before (kept or not): its stream has begun. */
    boolean seen(boolean fromOrig) {
        return fromOrig ? origSeen : respSeen;
    }

    /** Bytes of the direction kept so far; 0 once a gap broke the prefix. */
    int length(boolean fromOrig) {
        return broken ? 0 : fromOrig ? origLen : respLen;
    }

    /**
     * Keeps as much of a delivery as the limits allow; returns how many bytes were kept (0 when the
     * prefix is broken or full). A delivery kept in part is the last one kept.
     */
    int add(boolean fromOrig, ByteBuffer buf, int off, int len) {
        if (fromOrig) origSeen = true; else respSeen = true;
        if (broken || chunks == chunkLen.length) return 0;
        int n = Math.min(len, limit - origLen - respLen);
        if (n <= 0) return 0;
        if (fromOrig) {
            orig = room(orig, origLen + n);
            buf.get(off, orig, origLen, n);
            origLen += n;
        } else {
            resp = room(resp, respLen + n);
            buf.get(off, resp, respLen, n);
            respLen += n;
        }
        chunkFromOrig[chunks] = fromOrig;
        chunkLen[chunks++] = n;
        return n;
    }

    /** The direction's kept bytes from its start, for a signature (valid until the next add). */
    ByteBuffer view(boolean fromOrig) {
        return ByteBuffer.wrap(fromOrig ? orig : resp, 0, length(fromOrig));
    }

    /** A gap: what follows is not contiguous with what was kept, which is no longer a stream start. */
    void gap() {
        broken = true;
    }

    /** The originator and responder swapped. */
    void flip() {
        byte[] b = orig; orig = resp; resp = b;
        int n = origLen; origLen = respLen; respLen = n;
        boolean s = origSeen; origSeen = respSeen; respSeen = s;
        for (int i = 0; i < chunks; i++) chunkFromOrig[i] = !chunkFromOrig[i];
    }

    /** Kept deliveries, in arrival order: {@link #chunkFromOrig(int)} and {@link #chunkLength(int)} say which. */
    int chunks() {
        return broken ? 0 : chunks;
    }

    boolean chunkFromOrig(int i) {
        return chunkFromOrig[i];
    }

    int chunkLength(int i) {
        return chunkLen[i];
    }

    /** The direction's kept bytes (the first {@link #length} of the array), for replaying them. */
    byte[] bytes(boolean fromOrig) {
        return fromOrig ? orig : resp;
    }

    private byte[] room(byte[] b, int need) {
        if (b.length >= need) return b;
        return Arrays.copyOf(b, Math.min(limit, Math.max(need, Math.max(64, b.length * 2))));
    }
}
