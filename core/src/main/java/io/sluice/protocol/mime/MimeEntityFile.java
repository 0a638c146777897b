package io.sluice.protocol.mime;

import io.sluice.protocol.DissectorContext;
import io.sluice.protocol.files.FileAnalysis;
import io.sluice.protocol.files.FileInfo;
import java.util.Locale;

/**
 * The body of one MIME entity as a file of files.log, the way Zeek's MIME analyzer hands entity data
 * to its file analysis: decoded from its Content-Transfer-Encoding (base64, quoted-printable; any
 * other is taken as it is) as the bytes arrive, in pieces of any size. The caller hands over the
 * body without the line break before the boundary that ends it: RFC 2046 gives that break to the
 * boundary. The file is opened at the first decoded byte, so an entity that decodes to nothing is no
 * file, as in Zeek. Used by SMTP (a mail's entities) and HTTP (the parts of a multipart body).
 */
public final class MimeEntityFile {
    public static final int IDENTITY = 0, BASE64 = 1, QUOTED_PRINTABLE = 2;

    // quoted-printable: where the decoder is between pieces
    private static final int TEXT = 0, TEXT_CR = 1, EQUALS = 2, EQUALS_HEX = 3, EQUALS_CR = 4;
    /** Blanks held at most while waiting to see whether they end a quoted-printable line (transport padding). */
    private static final int MAX_BLANKS = 64;

    private final String source;
    private final boolean isOrig;
    private final long depth;
    private final String filename;
    private final int encoding;
    private final boolean owned;
    private FileAnalysis file;
    /** Where the next decoded byte goes in a file the entity shares, or -1 when it is appended. */
    private long offset = -1;
    private byte[] out;
    private int outLen;
    // base64: the characters of the group of four being read (-1 for '=')
    private final int[] group = new int[4];
    private int grouped;
    // quoted-printable
    private int qp = TEXT;
    private final byte[] blanks = new byte[MAX_BLANKS];
    private int blankCount;
    private byte hexHigh;

    /**
     * An entity that is a file of its own.
     *
     * @param source the protocol, as files.log names it ("SMTP", "HTTP")
     * @param isOrig whether the connection's originator sends it
     * @param depth files.log's depth (SMTP: the entity's position in the mail; HTTP: the request's)
     * @param filename the entity's file name, or null
     * @param encoding {@link #IDENTITY}, {@link #BASE64} or {@link #QUOTED_PRINTABLE}
     */
    public MimeEntityFile(String source, boolean isOrig, long depth, String filename, int encoding) {
        this.source = source;
        this.isOrig = isOrig;
        this.depth = depth;
        this.filename = filename;
        this.encoding = encoding;
        this.owned = true;
    }

    /**
     * An entity whose bytes are a piece of {@code shared}, from {@code offset} on (the parts of an
     * HTTP multipart/byteranges answer): {@link #end} does not end that file.
     */
    public MimeEntityFile(FileAnalysis shared, long offset, int encoding) {
        this.source = null;
        this.isOrig = shared.isOrig();
        this.depth = 0;
        this.filename = null;
        this.encoding = encoding;
        this.owned = false;
        this.file = shared;
        this.offset = Math.max(0, offset);
    }

    /** The encoding constant of a Content-Transfer-Encoding value (null or unknown: {@link #IDENTITY}). */
    public static int encoding(String contentTransferEncoding) {
        if (contentTransferEncoding == null) return IDENTITY;
        return switch (contentTransferEncoding.strip().toLowerCase(Locale.ROOT)) {
            case "base64" -> BASE64;
            case "quoted-printable" -> QUOTED_PRINTABLE;
            default -> IDENTITY;
        };
    }

    /** The file's id, once it has a byte; else null. */
    public String fuid() {
        return file == null ? null : file.fuid();
    }

    /** Encoded bytes of the body, in order. */
    public void feed(byte[] b, int off, int len, DissectorContext ctx) {
        if (len <= 0) return;
        switch (encoding) {
            case BASE64 -> base64(b, off, off + len, ctx);
            case QUOTED_PRINTABLE -> quotedPrintable(b, off, off + len, ctx);
            default -> write(b, off, len, ctx);
        }
        flush(ctx); // the file's times are those of the pieces that carried its bytes
    }

    /**
     * Bytes of the body that were never seen: missing from the file. Of an encoded body the decoded
     * size is unknown, so the file only gives up its hashes.
     */
    public void gap(long bytes, DissectorContext ctx) {
        if (bytes <= 0) return;
        flush(ctx);
        open(ctx);
        if (encoding == IDENTITY) {
            if (offset >= 0) offset += bytes; else file.gap(bytes);
        } else {
            grouped = 0;
            qp = TEXT;
            blankCount = 0;
            file.incomplete();
        }
    }

    /**
     * The entity ended; {@code complete} false when the dissector stopped inside it (the rest is
     * unseen). Returns its files.log row, or null when it had no byte or its file is shared.
     */
    public FileInfo end(boolean complete, DissectorContext ctx) {
        finishDecoding(ctx);
        flush(ctx);
        if (file == null || !owned) return null;
        if (!complete) file.incomplete();
        return file.end(ctx);
    }

    private void base64(byte[] b, int i, int end, DissectorContext ctx) {
        for (; i < end; i++) {
            int c = b[i] & 0xff;
            int v = sextet(c);
            if (v < 0 && c != '=') continue; // line breaks, blanks and junk are skipped, as decoders do
            group[grouped++] = v;
            if (grouped < 4) continue;
            grouped = 0;
            int a = group[0], bb = group[1], cc = group[2], d = group[3];
            if (a < 0 || bb < 0) continue;
            put((byte) (a << 2 | bb >> 4), ctx);
            if (cc < 0) continue;
            put((byte) (bb << 4 | cc >> 2), ctx);
            if (d >= 0) put((byte) (cc << 6 | d), ctx);
        }
    }

    private static int sextet(int c) {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '+') return 62;
        if (c == '/') return 63;
        return -1;
    }

    /**
     * RFC 2045's quoted-printable: "=XX" is a byte, "=" at a line's end joins it to the next, blanks
     * at a line's end are transport padding and dropped; anything else (a bad escape included) is
     * taken as it is. Line breaks are kept as they came.
     */
    private void quotedPrintable(byte[] b, int i, int end, DissectorContext ctx) {
        while (i < end) {
            byte c = b[i];
            switch (qp) {
                case TEXT -> {
                    if (c == ' ' || c == '\t') {
                        blank(c, ctx);
                    } else if (c == '\r') {
                        qp = TEXT_CR;
                    } else if (c == '\n') {
                        blankCount = 0;
                        put(c, ctx);
                    } else if (c == '=') {
                        putBlanks(ctx);
                        qp = EQUALS;
                    } else {
                        putBlanks(ctx);
                        put(c, ctx);
                    }
                    i++;
                }
                case TEXT_CR -> {
                    qp = TEXT;
                    if (c == '\n') {
                        blankCount = 0;
                        put((byte) '\r', ctx);
                        put(c, ctx);
                        i++;
                    } else {
                        putBlanks(ctx);
                        put((byte) '\r', ctx); // a lone CR is data; c is read again as text
                    }
                }
                case EQUALS -> {
                    if (blankCount == 0 && Character.digit(c, 16) >= 0) {
                        hexHigh = c;
                        qp = EQUALS_HEX;
                    } else if (c == ' ' || c == '\t') {
                        blank(c, ctx);
                    } else if (c == '\r') {
                        qp = EQUALS_CR;
                    } else if (c == '\n') {
                        blankCount = 0; // a soft line break
                        qp = TEXT;
                    } else {
                        put((byte) '=', ctx); // not an escape; c (after the blanks) is read again as text
                        qp = TEXT;
                        continue;
                    }
                    i++;
                }
                case EQUALS_HEX -> {
                    qp = TEXT;
                    int lo = Character.digit(c, 16);
                    if (lo >= 0) {
                        put((byte) (Character.digit(hexHigh, 16) << 4 | lo), ctx);
                        i++;
                    } else {
                        put((byte) '=', ctx);
                        put(hexHigh, ctx);
                    }
                }
                default -> { // EQUALS_CR
                    qp = TEXT;
                    if (c == '\n') {
                        blankCount = 0;
                        i++;
                    } else {
                        put((byte) '=', ctx);
                        putBlanks(ctx);
                        put((byte) '\r', ctx);
                    }
                }
            }
        }
    }

    /** The body ended: what the decoder still holds is settled as the end of a line would settle it. */
    private void finishDecoding(DissectorContext ctx) {
        if (encoding != QUOTED_PRINTABLE) return;
        switch (qp) {
            case TEXT_CR -> {
                putBlanks(ctx);
                put((byte) '\r', ctx);
            }
            case EQUALS_HEX -> {
                put((byte) '=', ctx);
                put(hexHigh, ctx);
            }
            case EQUALS_CR -> {
                put((byte) '=', ctx);
                putBlanks(ctx);
                put((byte) '\r', ctx);
            }
            default -> { } // trailing blanks and a final "=" are dropped
        }
        qp = TEXT;
        blankCount = 0;
    }

    private void blank(byte c, DissectorContext ctx) {
        if (blankCount == MAX_BLANKS) putBlanks(ctx); // that many are not padding
        blanks[blankCount++] = c;
    }

    private void putBlanks(DissectorContext ctx) {
        for (int k = 0; k < blankCount; k++) put(blanks[k], ctx);
        blankCount = 0;
    }

    private void put(byte c, DissectorContext ctx) {
        if (out == null) out = new byte[512];
        if (outLen == out.length) flush(ctx);
        out[outLen++] = c;
    }

    private void flush(DissectorContext ctx) {
        if (outLen == 0) return;
        int n = outLen;
        outLen = 0;
        write(out, 0, n, ctx);
    }

    private void write(byte[] b, int off, int len, DissectorContext ctx) {
        if (len <= 0) return;
        open(ctx);
        if (offset < 0) {
            file.append(b, off, len, ctx.tsNanos());
        } else {
            file.at(offset, b, off, len, ctx.tsNanos());
            offset += len;
        }
    }

    private void open(DissectorContext ctx) {
        if (file != null) return;
        file = FileAnalysis.open(ctx, source, isOrig, depth);
        file.filename(filename);
    }
}
