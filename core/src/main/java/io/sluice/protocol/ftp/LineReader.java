package io.sluice.protocol.ftp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits one direction of a text protocol into lines ending in LF (CR before it dropped), keeping at
 * most {@code max} bytes of a line; the rest of an over-long line is dropped and the line marked.
 * Shared by the FTP and SMTP dissectors.
 *
 * <p>A completed line is readable as bytes ({@link #array()}, {@link #length()}) as well as a
 * String ({@link #take()}): a message body's lines are many and only their bytes are wanted, so
 * building a String for each of them cost SMTP a quarter of its time. The line's bytes are copied
 * in bulk once its LF is found (not byte by byte), into a buffer that starts small and grows to
 * {@code max} only for long lines, so an idle connection does not hold {@code max} bytes per direction.
 */
public final class LineReader {
    private static final int INITIAL = 256;
    private final int max;
    private byte[] line;
    private int len;
    private boolean overflow;

    public LineReader(int max) {
        this.max = max;
        this.line = new byte[Math.min(max, INITIAL)];
    }

    /** Consumes bytes up to and including the next LF; returns where it stopped, or -1 if no line ended. */
    public int feed(ByteBuffer buf, int p, int end) {
        int lf = indexOfLf(buf, p, end);
        keep(buf, p, lf);
        return lf < end ? lf + 1 : -1;
    }

    private static final long LFS = 0x0A0A0A0A0A0A0A0AL, LOW7 = 0x7F7F7F7F7F7F7F7FL;

    /**
     * The index of the first LF in {@code buf[p..end)}, or {@code end}, looked for eight bytes at a
     * time (a long read in the buffer's byte order): byte by byte, the scan was the largest cost left
     * in reading a body line (measured once: about a fifth less CPU per SMTP benchmark conversation).
     */
    static int indexOfLf(ByteBuffer buf, int p, int end) {
        boolean bigEndian = buf.order() == ByteOrder.BIG_ENDIAN;
        for (; p + 8 <= end; p += 8) {
            long v = buf.getLong(p) ^ LFS; // a zero byte where there was an LF
            long zeros = ~(((v & LOW7) + LOW7) | v | LOW7); // 0x80 in exactly the zero bytes (no carry between bytes)
            if (zeros != 0) {
                return p + ((bigEndian ? Long.numberOfLeadingZeros(zeros) : Long.numberOfTrailingZeros(zeros)) >>> 3);
            }
        }
        while (p < end && buf.get(p) != '\n') p++;
        return p;
    }

    /** Appends bytes of the line up to the bound; past it they are dropped and the line marked. */
    private void keep(ByteBuffer buf, int from, int to) {
        int n = to - from;
        if (n > max - len) {
            overflow = true;
            n = max - len;
        }
        if (n <= 0) return;
        if (len + n > line.length) line = Arrays.copyOf(line, Math.min(max, Math.max(len + n, line.length * 2)));
        buf.get(from, line, len, n);
        len += n;
    }

    /** The completed line (ISO-8859-1, so every byte survives), without CR LF; resets for the next. */
    public String take() {
        String s = new String(line, 0, length(), StandardCharsets.ISO_8859_1);
        discard();
        return s;
    }

    /**
     * The completed line's bytes are {@code array()[0..length())}; the caller reads them there, then
     * calls {@link #discard} before feeding on (the array is reused, and replaced when it grows).
     */
    public byte[] array() {
        return line;
    }

    /** The completed line's length without the CR before its LF. */
    public int length() {
        int n = len;
        return n > 0 && line[n - 1] == '\r' ? n - 1 : n;
    }

    /** Whether the completed line is exactly {@code text} (CR before the LF ignored); allocates nothing. */
    public boolean is(String text) {
        int n = length();
        if (n != text.length()) return false;
        for (int i = 0; i < n; i++) if (line[i] != text.charAt(i)) return false;
        return true;
    }

    /** Drops the completed line without building a string (message bodies, which nothing logs). */
    public void discard() {
        len = 0;
        overflow = false;
    }

    public boolean overflowed() {
        return overflow;
    }

    /** Bytes of an unfinished line held now. */
    public int pending() {
        return len;
    }
}
