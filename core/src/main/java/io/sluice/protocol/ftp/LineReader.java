package io.sluice.protocol.ftp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Splits one direction of a text protocol into lines ending in LF (CR before it dropped), keeping at
 * most {@code max} bytes of a line; the rest of an over-long line is dropped and the line marked.
 * Shared by the FTP and SMTP dissectors.
 */
public final class LineReader {
    private final byte[] line;
    private int len;
    private boolean overflow;

    public LineReader(int max) {
        this.line = new byte[max];
    }

    /** Consumes bytes up to and including the next LF; returns where it stopped, or -1 if no line ended. */
    public int feed(ByteBuffer buf, int p, int end) {
        while (p < end) {
            byte b = buf.get(p++);
            if (b == '\n') return p;
            if (len < line.length) line[len++] = b;
            else overflow = true;
        }
        return -1;
    }

    /** The completed line (ISO-8859-1, so every byte survives), without CR LF; resets for the next. */
    public String take() {
        int n = len;
        if (n > 0 && line[n - 1] == '\r') n--;
        String s = new String(line, 0, n, StandardCharsets.ISO_8859_1);
        len = 0;
        overflow = false;
        return s;
    }

    /** Whether the completed line is exactly {@code text} (CR before the LF ignored); allocates nothing. */
    public boolean is(String text) {
        int n = len;
        if (n > 0 && line[n - 1] == '\r') n--;
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
