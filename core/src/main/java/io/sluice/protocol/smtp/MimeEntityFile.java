package io.sluice.protocol.smtp;

import io.sluice.protocol.DissectorContext;
import io.sluice.protocol.files.FileAnalysis;
import java.nio.charset.StandardCharsets;

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
    private final char[] carry = new char[4];
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

    /** One body line (without its CRLF). */
    void line(String line, DissectorContext ctx) {
        switch (encoding) {
            case "base64" -> base64(line, ctx);
            case "quoted-printable" -> quotedPrintable(line, ctx);
            default -> {
                breakBefore(ctx);
                int n = latin1(line, 0, line.length());
                write(n, ctx);
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

    private void base64(String line, DissectorContext ctx) {
        int n = 0;
        ensure(line.length());
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (value(c) < 0 && c != '=') continue; // whitespace and junk are skipped, as decoders do
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
        int a = value(carry[0]), b = value(carry[1]), c = value(carry[2]), d = value(carry[3]);
        if (a < 0 || b < 0) return n;
        out[n++] = (byte) (a << 2 | b >> 4);
        if (c < 0) return n;
        out[n++] = (byte) (b << 4 | c >> 2);
        if (d < 0) return n;
        out[n++] = (byte) (c << 6 | d);
        return n;
    }

    private static int value(char c) {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '+') return 62;
        if (c == '/') return 63;
        return -1;
    }

    private void quotedPrintable(String line, DissectorContext ctx) {
        breakBefore(ctx);
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) end--; // trailing blanks are transport padding
        boolean soft = end > 0 && line.charAt(end - 1) == '=';
        if (soft) end--;
        ensure(end);
        int n = 0;
        for (int i = 0; i < end; i++) {
            char c = line.charAt(i);
            int hi, lo;
            if (c == '=' && i + 2 < end && (hi = Character.digit(line.charAt(i + 1), 16)) >= 0
                    && (lo = Character.digit(line.charAt(i + 2), 16)) >= 0) {
                out[n++] = (byte) (hi << 4 | lo);
                i += 2;
            } else {
                out[n++] = (byte) c;
            }
        }
        write(n, ctx);
        pendingBreak = !soft;
    }

    private void breakBefore(DissectorContext ctx) {
        if (!pendingBreak) return;
        pendingBreak = false;
        ensure(2);
        out[0] = '\r';
        out[1] = '\n';
        write(2, ctx);
    }

    private int latin1(String s, int from, int to) {
        ensure(to - from);
        // ISO-8859-1: the dissector made each byte one char, so this gives the bytes back
        byte[] b = s.substring(from, to).getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(b, 0, out, 0, b.length);
        return b.length;
    }

    private void write(int n, DissectorContext ctx) {
        if (n <= 0) return;
        if (file == null) {
            file = FileAnalysis.open(ctx, "SMTP", true, depth);
            file.filename(filename);
        }
        file.append(out, 0, n, ctx.tsNanos());
    }

    private void ensure(int n) {
        if (out.length < n) out = new byte[Math.max(n, out.length * 2)];
    }
}
