package io.sluice.protocol;

import io.sluice.packet.ByteEntropy;
import java.nio.ByteBuffer;

/**
 * The first payload bytes of each direction of one connection, copied as the stream delivers them
 * in order (TCP) or datagram after datagram (UDP), for the measure of connections that no dissector
 * identifies: custom C2 that encrypts with a symmetric cipher and no framing shows as payload that
 * is uniformly random from its first byte. Bounded: at most {@code limit} bytes per direction, into
 * two arrays made once per pooled {@link FlowDissection}, so a warm pipeline copies but never
 * allocates. A gap ends a direction's sample (what follows a hole is not the direction's start).
 */
public final class FirstBytes {
    /** Fewer bytes than this say nothing about randomness: no measure is given for them. */
    public static final int MIN_MEASURED = 64;

    private final int limit;
    private byte[] orig, resp;
    private ByteBuffer origView, respView;
    private int origLen, respLen;
    private boolean origEnded, respEnded;

    FirstBytes(int limit) {
        this.limit = limit;
        this.orig = new byte[limit];
        this.resp = new byte[limit];
        this.origView = ByteBuffer.wrap(orig);
        this.respView = ByteBuffer.wrap(resp);
    }

    void reset() {
        origLen = respLen = 0;
        origEnded = respEnded = limit == 0;
    }

    /** Whether the direction's sample still takes bytes. */
    public boolean wants(boolean fromOrig) {
        return fromOrig ? !origEnded && origLen < limit : !respEnded && respLen < limit;
    }

    /** Copies what the sample still takes of {@code buf[off, off+len)} (absolute indexing). */
    void take(boolean fromOrig, ByteBuffer buf, int off, int len) {
        if (fromOrig) {
            int n = Math.min(len, limit - origLen);
            if (n <= 0 || origEnded) return;
            buf.get(off, orig, origLen, n);
            origLen += n;
        } else {
            int n = Math.min(len, limit - respLen);
            if (n <= 0 || respEnded) return;
            buf.get(off, resp, respLen, n);
            respLen += n;
        }
    }

    /** The direction's sample ends here (a gap, or its stream stopped). */
    void end(boolean fromOrig) {
        if (fromOrig) origEnded = true; else respEnded = true;
    }

    /** The originator and responder swapped. */
    void flip() {
        byte[] b = orig; orig = resp; resp = b;
        ByteBuffer v = origView; origView = respView; respView = v;
        int n = origLen; origLen = respLen; respLen = n;
        boolean e = origEnded; origEnded = respEnded; respEnded = e;
    }

    /** Bytes sampled in the direction. */
    public int length(boolean fromOrig) {
        return fromOrig ? origLen : respLen;
    }

    /** Shannon entropy of the direction's sample, bits per byte; NaN under {@link #MIN_MEASURED} bytes. */
    public double entropy(boolean fromOrig, ByteEntropy entropy) {
        int n = length(fromOrig);
        if (n < MIN_MEASURED) return Double.NaN;
        return entropy.bits(fromOrig ? origView : respView, 0, n);
    }

    /**
     * The direction's sample as ISO-8859-1 text when it is text (at least {@link #MIN_MEASURED} bytes,
     * at least {@link #TEXT_SHARE} of them printable ASCII, tab or line ends), else null: what a
     * plaintext protocol that no dissector knows said first, for the analytics. Binary and random
     * samples are never turned into strings.
     */
    public String text(boolean fromOrig) {
        int n = length(fromOrig);
        if (n < MIN_MEASURED) return null;
        byte[] b = fromOrig ? orig : resp;
        int printable = 0;
        for (int i = 0; i < n; i++) {
            int c = b[i] & 0xff;
            if (c >= 0x20 && c < 0x7f || c == '\t' || c == '\r' || c == '\n') printable++;
        }
        return printable >= TEXT_SHARE * n ? new String(b, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1) : null;
    }

    /** Share of printable bytes that makes a sample text. */
    public static final double TEXT_SHARE = 0.75;

    /** The direction's first four bytes, big-endian, or -1 when fewer were sampled (framing checks). */
    public long head(boolean fromOrig) {
        if (length(fromOrig) < 4) return -1;
        byte[] b = fromOrig ? orig : resp;
        return ((b[0] & 0xffL) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }
}
