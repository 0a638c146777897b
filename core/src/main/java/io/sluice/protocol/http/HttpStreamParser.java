package io.sluice.protocol.http;

import io.sluice.protocol.DissectorContext;
import io.sluice.protocol.files.FileAnalysis;
import java.nio.ByteBuffer;

/**
 * Splits one direction of an HTTP/1.x connection into messages, incrementally: start line,
 * header lines, then the body by Content-Length, chunked transfer coding or until the connection
 * closes. Lines are kept in a buffer bounded by {@link #MAX_LINE}; a longer line is reported as a
 * weird and truncated (a start line) or skipped (a header line), never buffered beyond the bound.
 * What the lines mean is decided by the {@link Listener} (the dissector), which also chooses how
 * the body is delimited once the headers are complete.
 */
final class HttpStreamParser {
    /** Longest header or start line kept; longer lines are cut (start line) or skipped (header). */
    static final int MAX_LINE = 64 * 1024;

    enum BodyMode { NONE, LENGTH, CHUNKED, UNTIL_CLOSE, STOP }

    /** What the dissector does with the parts of a message. */
    interface Listener {
        /** A non-empty start line; false if it is not one (the direction then stops parsing). */
        boolean startLine(boolean fromOrig, byte[] line, int len, boolean truncated, DissectorContext ctx);

        /** A header line: the name is {@code line[0..colon)}, the value {@code line[colon+1..len)}. */
        void header(boolean fromOrig, byte[] line, int colon, int len, DissectorContext ctx);

        /** A folded continuation line (starts with space or tab) of the previous header. */
        void continuation(boolean fromOrig, byte[] line, int len, DissectorContext ctx);

        /** Headers complete: how the body is delimited; for LENGTH see {@link #bodyLength}. */
        BodyMode headersDone(boolean fromOrig, DissectorContext ctx);

        /** The message ended (normally or interrupted); the body's length and type are in {@code body}. */
        void messageDone(boolean fromOrig, HttpBody body, boolean interrupted, DissectorContext ctx);
    }

    private static final int START = 0, HEADERS = 1, BODY_LENGTH = 2, CHUNK_SIZE = 3, CHUNK_DATA = 4,
            CHUNK_CRLF = 5, TRAILERS = 6, BODY_CLOSE = 7, STOPPED = 8;

    private final boolean fromOrig;
    private final Listener listener;
    final HttpBody body = new HttpBody();
    private byte[] line = new byte[128];
    private int lineLen;
    private boolean lineTooLong;
    private int state = START;
    private boolean inMessage;
    private long remaining;
    /** Set by the listener in headersDone when it answers LENGTH. */
    long bodyLength;
    /** Set by the listener in headersDone: the Content-Encoding of the body. */
    int bodyEncoding;
    /** Set by the listener in headersDone: the body's file depth and Content-Disposition name (or null). */
    long fileDepth;
    String fileName;
    /** Set by the listener in headersDone: the boundary of a multipart body, or null. */
    String multipartBoundary;
    /** Set by the listener in headersDone: whether the body answers a range request with 206. */
    boolean ranges;
    /** Set by the listener in headersDone: the byte range a single-part 206 body is of its file, or null. */
    ContentRange range;
    /** Set by the listener in headersDone with {@link #range}: the file earlier pieces of the same URL began, or null. */
    FileAnalysis rangeFile;

    HttpStreamParser(boolean fromOrig, Listener listener) {
        this.fromOrig = fromOrig;
        this.listener = listener;
    }

    boolean stopped() {
        return state == STOPPED;
    }

    /** Parsing of this direction ends for good (tunnel, upgrade, not HTTP). */
    void stop() {
        state = STOPPED;
        inMessage = false;
        body.end();
        line = null;
    }

    /** The next bytes are an HTTP/0.9 reply: no start line, no headers, body until close. */
    void startHttp09Body() {
        if (state != START) return;
        inMessage = true;
        body.start(HttpBody.IDENTITY);
        state = BODY_CLOSE;
    }

    /** Parses the bytes; returns how many at the end were left unread because parsing stopped. */
    int feed(ByteBuffer buf, int off, int len, DissectorContext ctx) {
        int i = off, end = off + len;
        while (i < end && state != STOPPED) {
            switch (state) {
                case BODY_LENGTH, CHUNK_DATA -> {
                    int n = (int) Math.min(remaining, end - i);
                    body.feed(buf, i, n, ctx);
                    i += n;
                    remaining -= n;
                    if (remaining == 0) {
                        if (state == CHUNK_DATA) state = CHUNK_CRLF; else finish(false, ctx);
                    }
                }
                case BODY_CLOSE -> {
                    body.feed(buf, i, end - i, ctx);
                    i = end;
                }
                default -> i = readLine(buf, i, end, ctx);
            }
        }
        return end - i;
    }

    /** {@code bytes} of this direction were lost: bodies of known length skip them, else parsing stops. */
    void gap(long bytes, DissectorContext ctx) {
        if ((state == BODY_LENGTH || state == CHUNK_DATA) && bytes <= remaining) {
            body.skipped(bytes, ctx);
            remaining -= bytes;
            if (remaining == 0) {
                if (state == CHUNK_DATA) state = CHUNK_CRLF; else finish(false, ctx);
            }
            return;
        }
        if (state == STOPPED) return;
        if (inMessage) finish(true, ctx);
        stop();
    }

    /** The connection ended: a message in progress (a body until close, typically) ends here. */
    void end(DissectorContext ctx) {
        if (inMessage) finish(state != BODY_CLOSE, ctx);
        if (state != STOPPED) stop();
    }

    private int readLine(ByteBuffer buf, int i, int end, DissectorContext ctx) {
        int lf = i;
        while (lf < end && buf.get(lf) != '\n') lf++;
        append(buf, i, lf - i, ctx);
        if (lf == end) return end;
        int n = lineLen;
        if (n > 0 && line[n - 1] == '\r' && !lineTooLong) n--;
        boolean tooLong = lineTooLong;
        lineLen = 0;
        lineTooLong = false;
        onLine(n, tooLong, ctx);
        return lf + 1;
    }

    private void append(ByteBuffer buf, int i, int n, DissectorContext ctx) {
        if (n == 0 || lineTooLong) return;
        int room = MAX_LINE - lineLen;
        if (n > room) {
            ctx.weird("HTTP_line_too_long", Integer.toString(MAX_LINE));
            lineTooLong = true;
            n = room;
        }
        if (lineLen + n > line.length) {
            line = java.util.Arrays.copyOf(line, Math.min(MAX_LINE, Math.max(line.length * 2, lineLen + n)));
        }
        buf.get(i, line, lineLen, n);
        lineLen += n;
    }

    private void onLine(int n, boolean tooLong, DissectorContext ctx) {
        switch (state) {
            case START -> {
                if (n == 0) return; // blank lines between messages are tolerated
                if (!listener.startLine(fromOrig, line, n, tooLong, ctx)) {
                    stop();
                    return;
                }
                inMessage = true;
                state = HEADERS;
            }
            case HEADERS -> {
                if (n == 0) {
                    headersDone(ctx);
                    return;
                }
                if (tooLong) return;
                if (line[0] == ' ' || line[0] == '\t') {
                    listener.continuation(fromOrig, line, n, ctx);
                    return;
                }
                int colon = indexOf(line, n, (byte) ':');
                if (colon <= 0) {
                    ctx.weird("HTTP_header_without_colon", null);
                    return;
                }
                listener.header(fromOrig, line, colon, n, ctx);
            }
            case CHUNK_SIZE -> {
                long size = chunkSize(n, tooLong);
                if (size < 0) {
                    ctx.weird("HTTP_bad_chunk_size", new String(line, 0, Math.min(n, 64), java.nio.charset.StandardCharsets.ISO_8859_1));
                    size = 0;
                }
                if (size > 0) {
                    remaining = size;
                    state = CHUNK_DATA;
                } else {
                    state = TRAILERS;
                }
            }
            case CHUNK_CRLF -> {
                if (n > 0) ctx.weird("HTTP_chunk_without_CRLF", null);
                state = CHUNK_SIZE;
            }
            case TRAILERS -> {
                if (n == 0) finish(false, ctx);
            }
            default -> { }
        }
    }

    private void headersDone(DissectorContext ctx) {
        bodyLength = 0;
        bodyEncoding = HttpBody.IDENTITY;
        fileDepth = 0;
        fileName = null;
        multipartBoundary = null;
        ranges = false;
        range = null;
        rangeFile = null;
        BodyMode mode = listener.headersDone(fromOrig, ctx);
        if (state == STOPPED) return;
        body.start(bodyEncoding, fromOrig, fileDepth, fileName, mode == BodyMode.LENGTH ? bodyLength : -1,
                multipartBoundary, ranges, range);
        if (rangeFile != null) body.continueFile(rangeFile);
        switch (mode) {
            case NONE -> finish(false, ctx);
            case LENGTH -> {
                if (bodyLength <= 0) {
                    finish(false, ctx);
                } else {
                    remaining = bodyLength;
                    state = BODY_LENGTH;
                }
            }
            case CHUNKED -> state = CHUNK_SIZE;
            case UNTIL_CLOSE -> state = BODY_CLOSE;
            case STOP -> {
                state = STOPPED; // the listener sees the direction stopped when the message ends
                finish(false, ctx);
                stop();
            }
        }
    }

    private void finish(boolean interrupted, DissectorContext ctx) {
        inMessage = false;
        if (state != STOPPED) state = START;
        body.end();
        listener.messageDone(fromOrig, body, interrupted, ctx);
    }

    /** Hex digits up to an extension or whitespace; -1 if there are none or too many. */
    private long chunkSize(int n, boolean tooLong) {
        if (tooLong) return -1;
        int i = 0;
        while (i < n && (line[i] == ' ' || line[i] == '\t')) i++;
        long v = 0;
        int digits = 0;
        for (; i < n; i++) {
            int d = Character.digit(line[i], 16);
            if (d < 0) break;
            if (++digits > 15) return -1;
            v = v << 4 | d;
        }
        if (digits == 0) return -1;
        for (; i < n; i++) {
            byte c = line[i];
            if (c == ';') break;
            if (c != ' ' && c != '\t') return -1;
        }
        return v;
    }

    private static int indexOf(byte[] b, int n, byte c) {
        for (int i = 0; i < n; i++) if (b[i] == c) return i;
        return -1;
    }
}
