package io.sluice.protocol.http;

import io.sluice.protocol.DissectorContext;
import io.sluice.protocol.files.FileAnalysis;
import io.sluice.protocol.files.FileInfo;
import io.sluice.protocol.files.MimeSniffer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The body of one HTTP message in one direction: its length after Content-Encoding (Zeek's
 * {@code body_length} counts gzip and deflate bodies uncompressed), its first bytes (the analytics'
 * {@code requestBodyHead}), and the decoded bytes as files of files.log, as Zeek's HTTP analyzer
 * hands decoded entity data to its file analysis: one file ({@link FileAnalysis}, opened at the
 * first byte), or, for a multipart body, one per part ({@link MultipartSplitter}, made only for
 * such a body). Nothing else of the body is kept. Decompression is bounded by
 * {@link #MAX_INFLATED} bytes per message so that a compression bomb costs bounded time.
 */
final class HttpBody {
    static final int IDENTITY = 0, GZIP = 1, DEFLATE = 2;
    /** Decoded bytes counted per message before decompression gives up. */
    static final long MAX_INFLATED = 64L << 20;

    private byte[] sniff;
    private int sniffLen;
    private long length;
    private int encoding;
    private Inflater inflater;
    private byte[] out;
    private boolean failed;
    // gzip member header (RFC 1952) parsed byte by byte: the header is short and rarely split
    private int gzPos;
    private int gzFlags;
    private int gzXlenRead;
    private int gzXlen;
    private boolean gzHeaderDone;
    private FileAnalysis file;
    private boolean fromOrig;
    private long depth;
    private String filename;
    private long total;
    /** A single-part 206 body's place in its file, or null. */
    private ContentRange range;
    /** Whether {@link #file} was begun by an earlier range answer on this connection (it outlives this body). */
    private boolean continued;
    /** The file offset of this range body's next byte. */
    private long rangeNext;
    /** A range file this body leaves open for later pieces (the transaction lists it), or null. */
    private FileAnalysis openRange;
    /** Splits the multipart bodies of this direction; made at the first one. */
    private MultipartSplitter parts;
    /** Whether this body is being split into parts. */
    private boolean split;
    /** The rows of the body's ended files, for the transaction (at most {@link HttpTxn#MAX_FILES}). */
    private List<FileInfo> files;

    void start(int encoding) {
        start(encoding, false, 0, null, -1, null, false, null);
    }

    /**
     * A new message body.
     *
     * @param fromOrig who sends it, for the file's {@code is_orig}
     * @param depth the transaction's position on the connection (the file's {@code depth})
     * @param filename the Content-Disposition file name, or null
     * @param total the Content-Length of an identity body, or -1
     * @param boundary the boundary of a multipart body ({@link MultipartSplitter#usable}), or null
     * @param ranges whether the body answers a range request with 206 (its parts are pieces of one file)
     * @param range the Content-Range of a single-part 206 body, or null: its bytes sit at the range's
     *     first byte of the file (the bytes before it were not seen), and its total is the file's size
     */
    void start(int encoding, boolean fromOrig, long depth, String filename, long total, String boundary,
            boolean ranges, ContentRange range) {
        this.encoding = encoding;
        this.fromOrig = fromOrig;
        this.depth = depth;
        this.filename = filename;
        this.range = encoding == IDENTITY && boundary == null ? range : null;
        this.total = this.range != null ? this.range.total() : encoding == IDENTITY ? total : -1;
        file = null;
        continued = false;
        openRange = null;
        rangeNext = range == null ? 0 : range.first();
        if (files != null) files.clear();
        split = boundary != null;
        if (split) {
            if (parts == null) parts = new MultipartSplitter(files());
            parts.start(boundary, fromOrig, depth, ranges);
        }
        length = 0;
        sniffLen = 0;
        failed = false;
        gzPos = 0;
        gzFlags = 0;
        gzXlenRead = 0;
        gzXlen = 0;
        gzHeaderDone = encoding != GZIP;
        if (inflater != null) {
            inflater.end();
            inflater = null;
        }
    }

    long length() {
        return length;
    }

    /**
     * Bytes never seen (a capture gap) inside a body of known length: counted, as Zeek does, and
     * missing from the file (of a compressed body the decoded size is unknown: the raw bytes count).
     */
    void skipped(long bytes, DissectorContext ctx) {
        length += bytes;
        if (encoding != IDENTITY) failed = true;
        if (split) {
            if (parts.gap(bytes, ctx)) return;
            unsplit(ctx);
        }
        if (range != null) {
            rangeNext += bytes; // a hole in the piece: counted when its file ends
            return;
        }
        file(ctx).gap(bytes);
    }

    /**
     * Ends the body's files: the last part of a multipart body (the others ended at their
     * delimiters) or the body's one file. Their rows are then in {@link #files}.
     */
    void endFiles(DissectorContext ctx) {
        if (split && !parts.finish(ctx)) unsplit(ctx);
        split = false;
        if (file != null && range != null && !file.complete() && range.total() >= 0) {
            // a piece of a file whose other pieces may follow on this connection: it stays open
            // (the dissector ends it at the connection's end, incomplete then)
            openRange = file;
            file = null;
            return;
        }
        if (file != null) {
            if (range != null && !range.wholeFile() && !continued && !file.complete()) file.incomplete();
            FileInfo row = file.end(ctx);
            file = null;
            if (row != null && files().size() < HttpTxn.MAX_FILES) files().add(row);
        }
    }

    /**
     * This range body is another piece of a file an earlier answer for the same URL began (Zeek's
     * file handle for range answers is the URL): its bytes go there at their offset.
     */
    void continueFile(FileAnalysis shared) {
        if (range == null) return;
        file = shared;
        continued = true;
    }

    /** The range file this body leaves open for later pieces (listed by the transaction), or null. */
    FileAnalysis openRange() {
        return openRange;
    }

    /** The rows of the files the body ended, in the order they began. */
    List<FileInfo> files() {
        if (files == null) files = new ArrayList<>(2);
        return files;
    }

    /** The multipart body was not one after all: it is one file, from the bytes the splitter held on. */
    private void unsplit(DissectorContext ctx) {
        split = false;
        FileAnalysis f = file(ctx);
        if (parts.preambleLength() > 0) f.append(parts.preamble(), 0, parts.preambleLength(), ctx.tsNanos());
    }

    private FileAnalysis file(DissectorContext ctx) {
        if (file == null) {
            file = FileAnalysis.open(ctx, "HTTP", fromOrig, depth);
            file.filename(filename);
            if (total >= 0) file.totalBytes(total);

        }
        return file;
    }

    void feed(ByteBuffer buf, int off, int len, DissectorContext ctx) {
        if (encoding == IDENTITY) {
            decoded(buf, off, len, ctx);
            return;
        }
        if (failed) return;
        int i = off, end = off + len;
        if (!gzHeaderDone) {
            i = gzipHeader(buf, i, end, ctx);
            if (!gzHeaderDone || failed) return;
        }
        if (i >= end) return;
        if (inflater == null) {
            boolean zlibWrapped = encoding == DEFLATE && looksLikeZlib(buf, i, end);
            inflater = new Inflater(!zlibWrapped);
            out = out == null ? new byte[8192] : out;
        }
        if (inflater.finished()) return; // trailer or a second member: not counted
        inflater.setInput(buf.slice(i, end - i));
        try {
            while (!inflater.finished()) {
                int n = inflater.inflate(out);
                if (n > 0) {
                    decodedArray(out, n, ctx);
                    if (length > MAX_INFLATED) {
                        ctx.weird("HTTP_decompression_limit", Long.toString(MAX_INFLATED));
                        fail();
                        return;
                    }
                } else if (inflater.needsInput() || inflater.needsDictionary()) {
                    break;
                }
            }
        } catch (DataFormatException e) {
            ctx.weird("HTTP_decompression_failed", encoding == GZIP ? "gzip" : "deflate");
            fail();
        }
    }

    /** The body's first bytes (at most {@link MimeSniffer#SNIFF_BYTES}) as ISO-8859-1 text, or null. */
    String head() {
        return sniff == null || sniffLen == 0 ? null : new String(sniff, 0, sniffLen, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** Frees the inflater; the message is complete. */
    void end() {
        if (inflater != null) {
            inflater.end();
            inflater = null;
        }
    }

    private void fail() {
        failed = true;
        end();
    }

    private void decoded(ByteBuffer buf, int off, int len, DissectorContext ctx) {
        if (len <= 0) return;
        if (split) {
            int used = parts.feed(buf, off, len, ctx);
            if (parts.gaveUp()) {
                unsplit(ctx);
                file(ctx).append(buf, off + used, len - used, ctx.tsNanos());
            }
        } else if (range != null) {
            file(ctx).at(rangeNext, buf, off, len, ctx.tsNanos());
            rangeNext += len;
        } else {
            file(ctx).append(buf, off, len, ctx.tsNanos());
        }
        length += len;
        int want = Math.min(len, MimeSniffer.SNIFF_BYTES - sniffLen);
        if (want > 0) {
            if (sniff == null) sniff = new byte[MimeSniffer.SNIFF_BYTES];
            buf.get(off, sniff, sniffLen, want);
            sniffLen += want;
        }
    }

    private void decodedArray(byte[] b, int len, DissectorContext ctx) {
        if (split) {
            int used = parts.feed(b, 0, len, ctx);
            if (parts.gaveUp()) {
                unsplit(ctx);
                file(ctx).append(b, used, len - used, ctx.tsNanos());
            }
        } else if (range != null) {
            file(ctx).at(rangeNext, b, 0, len, ctx.tsNanos());
            rangeNext += len;
        } else {
            file(ctx).append(b, 0, len, ctx.tsNanos());
        }
        length += len;
        int want = Math.min(len, MimeSniffer.SNIFF_BYTES - sniffLen);
        if (want > 0) {
            if (sniff == null) sniff = new byte[MimeSniffer.SNIFF_BYTES];
            System.arraycopy(b, 0, sniff, sniffLen, want);
            sniffLen += want;
        }
    }

    private static boolean looksLikeZlib(ByteBuffer buf, int i, int end) {
        if (end - i < 2) return true;
        int cmf = buf.get(i) & 0xff, flg = buf.get(i + 1) & 0xff;
        return (cmf & 0x0f) == 8 && ((cmf << 8) | flg) % 31 == 0;
    }

    /** Consumes gzip header bytes from {@code i}; returns the index of the first deflate byte. */
    private int gzipHeader(ByteBuffer buf, int i, int end, DissectorContext ctx) {
        while (i < end && !gzHeaderDone) {
            int b = buf.get(i++) & 0xff;
            if (gzPos < 10) {
                if ((gzPos == 0 && b != 0x1f) || (gzPos == 1 && b != 0x8b) || (gzPos == 2 && b != 8)) {
                    ctx.weird("HTTP_decompression_failed", "gzip header");
                    fail();
                    return end;
                }
                if (gzPos == 3) gzFlags = b;
                gzPos++;
                if (gzPos == 10) gzPos = 100; // fixed part done; optional parts follow
                continue;
            }
            if ((gzFlags & 4) != 0) { // FEXTRA: two length bytes (little-endian) then that many bytes
                if (gzXlenRead == 0) {
                    gzXlen = b;
                    gzXlenRead = 1;
                } else if (gzXlenRead == 1) {
                    gzXlen |= b << 8;
                    gzXlenRead = 2;
                    if (gzXlen == 0) gzFlags &= ~4;
                } else if (--gzXlen == 0) {
                    gzFlags &= ~4;
                }
                continue;
            }
            if ((gzFlags & 8) != 0) { // FNAME, zero-terminated
                if (b == 0) gzFlags &= ~8;
                continue;
            }
            if ((gzFlags & 16) != 0) { // FCOMMENT, zero-terminated
                if (b == 0) gzFlags &= ~16;
                continue;
            }
            if ((gzFlags & 2) != 0) { // FHCRC: two bytes
                gzFlags = (gzFlags & ~2) | 0x100;
                continue;
            }
            if ((gzFlags & 0x100) != 0) {
                gzFlags &= ~0x100;
                continue;
            }
            i--; // this byte is deflate data
            gzHeaderDone = true;
        }
        if (!gzHeaderDone && (gzFlags & 0x11e) == 0 && gzPos == 100) gzHeaderDone = true;
        return i;
    }
}
