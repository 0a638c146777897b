package io.sluice.protocol.smtp;

import io.sluice.protocol.DissectorContext;
import io.sluice.protocol.files.FileAnalysis;
import java.util.Arrays;

/**
 * The decoded body of one MIME entity as a file of files.log (source SMTP), the way Zeek's MIME
 * analyzer hands entity data to its file analysis: base64 and quoted-printable bodies decoded,
 * other bodies as their lines with CRLF between them; the line break before a boundary belongs to
 * the boundary (RFC 2046), so it is not part of the file. Opened at the entity's first byte: an
 * empty entity is no file, as in Zeek.
 */
final class MimeEntityFile {
    private final String encoding;
    private final String filename;
    private final long depth;
    private FileAnalysis file;
    /** A line ended before this one: its CRLF is the file's, unless the entity ends here. */
    private boolean pendingBreak;
    /** Base64 characters left over from the previous line (fewer than four). */
    private final byte[] carry = new byte[4];
    private int carried;
    private byte[] out = new byte[256];

    /**
     * @param encoding the entity's Content-Transfer-Encoding, lower case ("" when none)
     * @param depth the entity's position in the message (Zeek's files.log depth for SMTP)
     */
    MimeEntityFile(String encoding, String filename, long depth) {
        this.encoding = encoding;
        this.filename = filename;
        this.depth = depth;
    }

    /** The file's id, once it has a byte; else null. */
    String fuid() {
        return file == null ? null : file.fuid();
    }

    /** One body line (without its CRLF): {@code b[from..to)}, each byte one character of the line. */
    void line(byte[] b, int from, int to, DissectorContext ctx) {
        switch (encoding) {
            case "base64" -> base64(b, from, to, ctx);
            case "quoted-printable" -> quotedPrintable(b, from, to, ctx);
            default -> {
                breakBefore(ctx);
                append(b, from, to - from, ctx);
                pendingBreak = true;
            }
        }
    }

    /**
     * The entity ended; {@code complete} false when the walk stopped inside it (the rest is unseen).
     * Returns its files.log row, or null when it had no bytes.
     */
    io.sluice.protocol.files.FileInfo end(boolean complete, DissectorContext ctx) {
        if (file == null) return null;
        if (!complete) file.incomplete();
        return file.end(ctx);
    }

    private void base64(byte[] b, int from, int to, DissectorContext ctx) {
        int n = 0;
        ensure(to - from);
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (VALUE[c & 0xFF] < 0 && c != '=') continue; // whitespace and junk are skipped, as decoders do
            carry[carried++] = c;
            if (carried == 4) {
                n = quad(n);
                carried = 0;
            }
        }
        write(n, ctx);
    }

    /** Decodes the four carried characters into out[n..]; returns the new length. */
    private int quad(int n) {
        int a = VALUE[carry[0] & 0xFF], b = VALUE[carry[1] & 0xFF], c = VALUE[carry[2] & 0xFF], d = VALUE[carry[3] & 0xFF];
        if (a < 0 || b < 0) return n;
        out[n++] = (byte) (a << 2 | b >> 4);
        if (c < 0) return n;
        out[n++] = (byte) (b << 4 | c >> 2);
        if (d < 0) return n;
        out[n++] = (byte) (c << 6 | d);
        return n;
    }

    /** The base64 value of each byte, -1 for bytes outside the alphabet ("=" among them). */
    private static final byte[] VALUE = values();

    private static byte[] values() {
        byte[] v = new byte[256];
        Arrays.fill(v, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) v[alphabet.charAt(i)] = (byte) i;
        return v;
    }

    private void quotedPrintable(byte[] b, int from, int to, DissectorContext ctx) {
        breakBefore(ctx);
        int end = to;
        while (end > from && (b[end - 1] == ' ' || b[end - 1] == '\t')) end--; // trailing blanks are transport padding
        boolean soft = end > from && b[end - 1] == '=';
        if (soft) end--;
        ensure(end - from);
        int n = 0;
        for (int i = from; i < end; i++) {
            byte c = b[i];
            int hi, lo;
            if (c == '=' && i + 2 < end && (hi = hex(b[i + 1])) >= 0 && (lo = hex(b[i + 2])) >= 0) {
                out[n++] = (byte) (hi << 4 | lo);
                i += 2;
            } else {
                out[n++] = c;
            }
        }
        write(n, ctx);
        pendingBreak = !soft;
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    private void breakBefore(DissectorContext ctx) {
        if (!pendingBreak) return;
        pendingBreak = false;
        ensure(2);
        out[0] = '\r';
        out[1] = '\n';
        write(2, ctx);
    }

    private void write(int n, DissectorContext ctx) {
        append(out, 0, n, ctx);
    }

    private void append(byte[] b, int off, int n, DissectorContext ctx) {
        if (n <= 0) return;
        if (file == null) {
            file = FileAnalysis.open(ctx, "SMTP", true, depth);
            file.filename(filename);
        }
        file.append(b, off, n, ctx.tsNanos());
    }

    private void ensure(int n) {
        if (out.length < n) out = new byte[Math.max(n, out.length * 2)];
    }
}
