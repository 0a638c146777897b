package io.sluice.protocol.http;

import io.sluice.protocol.DissectorContext;
import io.sluice.protocol.files.FileAnalysis;
import io.sluice.protocol.files.FileInfo;
import io.sluice.protocol.mime.MimeEntityFile;
import io.sluice.protocol.mime.MimeHeader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a multipart body (RFC 2046: a multipart/form-data upload, a multipart/byteranges answer,
 * ...) into its parts as its decoded bytes arrive, in pieces of any size, and makes each leaf part
 * a file of files.log ({@link MimeEntityFile}: its own id, its type sniffed from its own first
 * bytes, the name of its own Content-Disposition, its Content-Transfer-Encoding decoded), as Zeek's
 * HTTP analyzer, a MIME entity parser, does. A part that is itself multipart is split in turn. The
 * preamble and the epilogue are no files.
 *
 * <p>A delimiter is a line break (CRLF or LF; none at the start of a body), "--" and the boundary
 * of the multipart being read or of one enclosing it (which then ends the inner one too); "--"
 * after the boundary closes the multipart, and the rest of the delimiter's line is ignored. The line
 * break belongs to the delimiter, not to the part before it. Each part's file ends at the delimiter
 * after it. In an answer to a range request ({@code ranges}), the parts that carry a Content-Range
 * are pieces of one file at their offsets, as in Zeek, whose file handle for them is the URL.
 *
 * <p>Nothing of the body is buffered but a delimiter's start at a piece's end (at most "\r\n--"
 * and the longest boundary), a part's headers (at most {@link #MAX_HEADERS} bytes; more, and the
 * part is data without headers) and, until the first delimiter, the preamble: a body with no
 * delimiter in its first {@link #MAX_PREAMBLE} bytes is not split ({@link #gaveUp}), its caller
 * makes it one file from {@link #preamble} on. Multiparts nest at most {@link #MAX_DEPTH} deep (a
 * deeper one is a leaf: one file) and a body has at most {@link #MAX_PARTS} parts (the rest is
 * ignored); each bound is a weird when it is reached.
 */
final class MultipartSplitter {
    /** Longest boundary split on (RFC 2046 allows 70 characters). */
    static final int MAX_BOUNDARY = 200;
    static final int MAX_DEPTH = 8;
    static final int MAX_PARTS = 100;
    static final int MAX_HEADERS = 8 * 1024;
    static final int MAX_PREAMBLE = 4 * 1024;

    private static final int PREAMBLE = 0, DELIMITER = 1, DELIMITER_LINE = 2, HEADERS = 3, DATA = 4, EPILOGUE = 5;
    // what match() answers when it cannot give the index after a delimiter
    private static final int NEED_MORE = -1, NO = -2;

    /** Where the rows of ended files go, at most {@link HttpTxn#MAX_FILES} (the transaction lists no more). */
    private final List<FileInfo> files;
    private final byte[][] boundaries = new byte[MAX_DEPTH][];
    /** Boundaries in {@link #boundaries}: the multiparts open around the bytes being read. */
    private int depth;
    private int state;
    private boolean fromOrig;
    private long fileDepth;
    private boolean ranges;
    private FileAnalysis rangeFile;
    /** The leaf part being read, or null (a preamble, an epilogue, a part beyond the bounds). */
    private MimeEntityFile part;
    /** The next byte is a body's first: a delimiter there has no line break before it. */
    private boolean bodyStart;
    private int parts;
    /** The level in {@link #boundaries} of the boundary {@link #match} found. */
    private int matchedLevel;
    private int dashes;
    /** A piece's end that may start a delimiter, and whether it is at a body's start. */
    private final byte[] hold = new byte[4 + MAX_BOUNDARY];
    private int holdLength;
    private boolean holdAtBodyStart;
    private byte[] headers;
    private int headersLength;
    private int lineStart;
    private byte[] preamble;
    private int preambleLength;
    private int searchFrom;
    private boolean gaveUp;
    private byte[] scratch;

    MultipartSplitter(List<FileInfo> files) {
        this.files = files;
    }

    /** Whether {@code boundary} can be split on: not empty, no line break, at most {@link #MAX_BOUNDARY}. */
    static boolean usable(String boundary) {
        return boundary != null && !boundary.isEmpty() && boundary.length() <= MAX_BOUNDARY
                && boundary.indexOf('\r') < 0 && boundary.indexOf('\n') < 0;
    }

    /**
     * A new body.
     *
     * @param boundary the Content-Type's boundary ({@link #usable})
     * @param fromOrig who sends it, for the files' {@code is_orig}
     * @param fileDepth the transaction's position on the connection (the files' {@code depth})
     * @param ranges whether the body answers a range request with 206
     */
    void start(String boundary, boolean fromOrig, long fileDepth, boolean ranges) {
        boundaries[0] = boundary.getBytes(StandardCharsets.ISO_8859_1);
        depth = 1;
        state = PREAMBLE;
        this.fromOrig = fromOrig;
        this.fileDepth = fileDepth;
        this.ranges = ranges;
        rangeFile = null;
        part = null;
        bodyStart = true;
        parts = 0;
        holdLength = 0;
        headersLength = 0;
        preambleLength = 0;
        searchFrom = 0;
        gaveUp = false;
    }

    /** Whether the body turned out not to be multipart: the caller takes it from {@link #preamble} on. */
    boolean gaveUp() {
        return gaveUp;
    }

    /** The bytes before the first delimiter, held until it comes; what a caller that gave up starts with. */
    byte[] preamble() {
        return preamble;
    }

    int preambleLength() {
        return preambleLength;
    }

    /** Decoded body bytes; returns how many were taken (fewer than {@code len} only when it gave up). */
    int feed(ByteBuffer buf, int off, int len, DissectorContext ctx) {
        if (buf.hasArray()) return feed(buf.array(), buf.arrayOffset() + off, len, ctx);
        if (scratch == null) scratch = new byte[8192];
        int done = 0;
        while (done < len && !gaveUp) {
            int n = Math.min(scratch.length, len - done);
            buf.get(off + done, scratch, 0, n);
            done += feed(scratch, 0, n, ctx);
        }
        return done;
    }

    int feed(byte[] b, int off, int len, DissectorContext ctx) {
        if (gaveUp) return 0;
        int i = off, end = off + len;
        if (state == PREAMBLE) {
            i = preamble(b, i, end, ctx);
            if (state == PREAMBLE) return i - off;
        }
        run(b, i, end, ctx);
        return len;
    }

    /**
     * Bytes of the body were never seen. Returns false when that ends the split (still in the
     * preamble: the caller makes the body one file). In a part, the part's file misses them; where a
     * part's headers were being read, its data is skipped up to the next delimiter.
     */
    boolean gap(long bytes, DissectorContext ctx) {
        switch (state) {
            case PREAMBLE -> {
                gaveUp = true;
                return false;
            }
            case DATA -> {
                releaseHold(ctx);
                if (part != null) part.gap(bytes, ctx);
            }
            case DELIMITER, DELIMITER_LINE, HEADERS -> {
                state = DATA;
                part = null;
            }
            default -> { }
        }
        bodyStart = false;
        return true;
    }

    /**
     * The body ended: the part being read ends there, and so does the file of the ranges. Returns
     * false when no delimiter was ever found: the caller makes the body one file.
     */
    boolean finish(DissectorContext ctx) {
        if (gaveUp) return false;
        if (state == PREAMBLE) {
            ctx.weird("HTTP_multipart_boundary_not_found", null);
            gaveUp = true;
            return false;
        }
        releaseHold(ctx);
        endPart(ctx);
        if (rangeFile != null) {
            add(rangeFile.end(ctx));
            rangeFile = null;
        }
        state = EPILOGUE;
        return true;
    }

    // ---- the states ----

    /** Holds the preamble and looks for the first delimiter in it; past {@link #MAX_PREAMBLE}, gives up. */
    private int preamble(byte[] b, int i, int end, DissectorContext ctx) {
        if (preamble == null) preamble = new byte[MAX_PREAMBLE];
        int take = Math.min(end - i, MAX_PREAMBLE - preambleLength);
        System.arraycopy(b, i, preamble, preambleLength, take);
        preambleLength += take;
        i += take;
        int p = searchFrom;
        for (; p < preambleLength; p++) {
            byte c = preamble[p];
            boolean atStart = p == 0 && c == '-';
            if (!atStart && c != '\r' && c != '\n') continue;
            int r = match(preamble, p, preambleLength, atStart);
            if (r == NEED_MORE) break;
            if (r >= 0) {
                bodyStart = false;
                delimiter(ctx);
                run(preamble, r, preambleLength, ctx);
                return i;
            }
        }
        searchFrom = p;
        if (preambleLength == MAX_PREAMBLE) {
            ctx.weird("HTTP_multipart_boundary_not_found", Integer.toString(MAX_PREAMBLE));
            gaveUp = true;
        }
        return i;
    }

    private void run(byte[] w, int i, int end, DissectorContext ctx) {
        if (holdLength > 0) i = resolveHold(w, i, end, ctx);
        while (i < end) {
            switch (state) {
                case DELIMITER -> i = afterBoundary(w, i, end, ctx);
                case DELIMITER_LINE -> {
                    int lf = i;
                    while (lf < end && w[lf] != '\n') lf++;
                    if (lf == end) return;
                    i = lf + 1;
                    beginPart(ctx);
                }
                case HEADERS -> i = headers(w, i, end, ctx);
                case DATA -> i = data(w, i, end, ctx);
                default -> i = end;
            }
        }
    }

    /** A part's (or a preamble's, an epilogue's) bytes up to a delimiter. */
    private int data(byte[] w, int i, int end, DissectorContext ctx) {
        int from = i;
        for (; i < end; i++) {
            byte c = w[i];
            boolean atStart = bodyStart && c == '-';
            bodyStart = false;
            if (!atStart && c != '\r' && c != '\n') continue;
            int r = match(w, i, end, atStart);
            if (r == NO) continue;
            partData(w, from, i - from, ctx);
            if (r == NEED_MORE) {
                System.arraycopy(w, i, hold, 0, end - i);
                holdLength = end - i;
                holdAtBodyStart = atStart;
                return end;
            }
            delimiter(ctx);
            return r;
        }
        partData(w, from, i - from, ctx);
        return end;
    }

    /**
     * Decides, with the next bytes, whether the held end of the last piece starts a delimiter. When
     * it does not, the held bytes are data and the next ones are read again: no delimiter can start
     * inside the held bytes, as their only line break opens them (no boundary has one).
     */
    private int resolveHold(byte[] w, int i, int end, DissectorContext ctx) {
        int had = holdLength;
        int take = Math.min(hold.length - had, end - i);
        System.arraycopy(w, i, hold, had, take);
        holdLength += take;
        int r = match(hold, 0, holdLength, holdAtBodyStart);
        if (r == NEED_MORE && i + take == end) return end;
        holdLength = 0;
        if (r >= 0) {
            delimiter(ctx);
            return i + (r - had);
        }
        partData(hold, 0, had, ctx);
        return i;
    }

    /** After "--boundary": "--" closes the multipart; otherwise a part's headers follow the line. */
    private int afterBoundary(byte[] w, int i, int end, DissectorContext ctx) {
        for (; i < end; i++) {
            byte c = w[i];
            if (c == '-') {
                if (++dashes == 2) {
                    close();
                    return i + 1;
                }
            } else if (c == '\n') {
                beginPart(ctx);
                return i + 1;
            } else {
                state = DELIMITER_LINE;
                return i;
            }
        }
        return i;
    }

    /** A part's header lines, gathered up to the empty line that ends them. */
    private int headers(byte[] w, int i, int end, DissectorContext ctx) {
        while (i < end) {
            int lf = i;
            while (lf < end && w[lf] != '\n') lf++;
            int n = (lf < end ? lf + 1 : end) - i;
            if (headersLength + n > MAX_HEADERS) {
                ctx.weird("HTTP_multipart_headers_too_long", Integer.toString(MAX_HEADERS));
                part = newPart(null, MimeEntityFile.IDENTITY, null, ctx);
                state = DATA;
                bodyStart = false;
                partData(headers, 0, headersLength, ctx);
                return i;
            }
            if (headers == null) headers = new byte[MAX_HEADERS];
            System.arraycopy(w, i, headers, headersLength, n);
            headersLength += n;
            i += n;
            if (lf == end) return i;
            int le = headersLength - 1;
            if (le > lineStart && headers[le - 1] == '\r') le--;
            if (le == lineStart) {
                headersDone(ctx);
                return i;
            }
            if (headers[lineStart] == '-') {
                // a delimiter where headers were expected: the part had neither an empty line nor a body
                int r = match(headers, lineStart, le, true);
                if (r >= 0) {
                    depth = matchedLevel + 1;
                    if (le - r >= 2 && headers[r] == '-' && headers[r + 1] == '-') close(); else beginPart(ctx);
                    return i;
                }
            }
            lineStart = headersLength;
        }
        return i;
    }

    private void headersDone(DissectorContext ctx) {
        String type = header("content-type");
        String boundary = MimeHeader.mediaType(type).startsWith("multipart/") ? MimeHeader.param(type, "boundary") : null;
        state = DATA;
        bodyStart = true;
        part = null;
        if (usable(boundary)) {
            if (depth < MAX_DEPTH) {
                boundaries[depth++] = boundary.getBytes(StandardCharsets.ISO_8859_1);
                return; // its preamble follows
            }
            ctx.weird("HTTP_multipart_too_deep", Integer.toString(MAX_DEPTH));
        }
        String filename = ContentDisposition.filename(header("content-disposition"));
        if (filename == null) filename = ContentDisposition.typeName(header("content-type"));
        int encoding = MimeEntityFile.encoding(header("content-transfer-encoding"));
        part = newPart(filename, encoding, ranges ? header("content-range") : null, ctx);
    }

    /** A leaf part's file: its own, or a piece of the ranges' file when it has a Content-Range. */
    private MimeEntityFile newPart(String filename, int encoding, String contentRange, DissectorContext ctx) {
        ContentRange range = ContentRange.parse(contentRange);
        if (range == null) return new MimeEntityFile("HTTP", fromOrig, fileDepth, filename, encoding);
        long first = range.first(), total = range.total();
        if (rangeFile == null) {
            rangeFile = FileAnalysis.open(ctx, "HTTP", fromOrig, fileDepth);
            rangeFile.filename(filename);
        }
        if (total >= 0) rangeFile.totalBytes(total);
        return new MimeEntityFile(rangeFile, first, encoding);
    }

    /** The value of the header {@code lowerName} (folded lines joined) in the part's headers, or null. */
    private String header(String lowerName) {
        int p = 0, end = lineStart, n = lowerName.length();
        while (p < end) {
            int e = p;
            while (e < end && headers[e] != '\n') e++;
            if (e - p > n && headers[p + n] == ':' && nameIs(p, lowerName)) {
                var value = new StringBuilder(latin1(p + n + 1, e));
                for (p = e + 1; p < end && (headers[p] == ' ' || headers[p] == '\t'); p = e + 1) {
                    e = p;
                    while (e < end && headers[e] != '\n') e++;
                    value.append(' ').append(latin1(p, e).strip());
                }
                return value.toString().strip();
            }
            p = e + 1;
        }
        return null;
    }

    private boolean nameIs(int at, String lower) {
        for (int k = 0; k < lower.length(); k++) {
            int c = headers[at + k];
            if (c >= 'A' && c <= 'Z') c += 32;
            if (c != lower.charAt(k)) return false;
        }
        return true;
    }

    /** Header bytes {@code [from, to)} as text, without a line's CR. */
    private String latin1(int from, int to) {
        if (to > from && headers[to - 1] == '\r') to--;
        return new String(headers, from, to - from, StandardCharsets.ISO_8859_1);
    }

    // ---- delimiters ----

    /**
     * Whether {@code w[p..to)} starts a delimiter: a line break (unless {@code atStart}), "--" and a
     * boundary of {@link #boundaries}, the innermost first. Returns the index after the boundary (and
     * sets {@link #matchedLevel}), {@link #NEED_MORE} when the bytes end before it can tell, or
     * {@link #NO}.
     */
    private int match(byte[] w, int p, int to, boolean atStart) {
        int q = p;
        if (!atStart) {
            if (w[q] == '\r') {
                if (++q == to) return NEED_MORE;
            }
            if (w[q] != '\n') return NO;
            q++;
        }
        for (int k = 0; k < 2; k++, q++) {
            if (q == to) return NEED_MORE;
            if (w[q] != '-') return NO;
        }
        boolean possible = false;
        for (int level = depth - 1; level >= 0; level--) {
            byte[] b = boundaries[level];
            int n = Math.min(b.length, to - q);
            if (!Arrays.equals(w, q, q + n, b, 0, n)) continue;
            if (n == b.length) {
                matchedLevel = level;
                return q + n;
            }
            possible = true;
        }
        return possible ? NEED_MORE : NO;
    }

    /** A delimiter of the multipart at {@link #matchedLevel}: the part before it ends, and inner multiparts with it. */
    private void delimiter(DissectorContext ctx) {
        endPart(ctx);
        depth = matchedLevel + 1;
        state = DELIMITER;
        dashes = 0;
    }

    /** "--boundary--": the multipart ends; what follows, up to a delimiter of an enclosing one, is its epilogue. */
    private void close() {
        depth--;
        part = null;
        bodyStart = false;
        state = depth == 0 ? EPILOGUE : DATA;
    }

    private void beginPart(DissectorContext ctx) {
        if (++parts > MAX_PARTS) {
            if (parts == MAX_PARTS + 1) ctx.weird("HTTP_multipart_too_many_parts", Integer.toString(MAX_PARTS));
            state = EPILOGUE;
            return;
        }
        state = HEADERS;
        headersLength = 0;
        lineStart = 0;
    }

    private void partData(byte[] w, int off, int len, DissectorContext ctx) {
        if (len > 0 && part != null) part.feed(w, off, len, ctx);
    }

    /** Held bytes that may start a delimiter are the part's when the body or its data stops there. */
    private void releaseHold(DissectorContext ctx) {
        if (holdLength == 0) return;
        partData(hold, 0, holdLength, ctx);
        holdLength = 0;
    }

    private void endPart(DissectorContext ctx) {
        if (part == null) return;
        add(part.end(true, ctx));
        part = null;
    }

    private void add(FileInfo row) {
        if (row != null && files.size() < HttpTxn.MAX_FILES) files.add(row);
    }
}
