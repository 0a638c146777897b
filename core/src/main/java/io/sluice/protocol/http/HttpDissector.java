package io.sluice.protocol.http;

import io.sluice.protocol.Dissector;
import io.sluice.protocol.DissectorContext;
import io.sluice.protocol.mime.MimeHeader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;

/**
 * HTTP/1.x on one connection, as Zeek's HTTP analyzer and base/protocols/http/main.zeek do it:
 * requests and responses are parsed per direction ({@link HttpStreamParser}), requests wait in a
 * queue and the n-th response answers the n-th request (pipelining), 1xx interim responses keep
 * the transaction open, and a transaction is emitted when its final response ends (or, without
 * one, when the connection ends). After a {@code CONNECT} answered by 200 the connection is a
 * tunnel whose protocol the stream layer identifies anew ({@link #tunnelledBytes()}), as Zeek does;
 * after a 101 upgrade parsing just stops.
 *
 * <p>Bounds: at most {@link #MAX_PENDING} unanswered requests and {@link #MAX_RETAINED}
 * characters of their logged strings are held; beyond either, the oldest unanswered request is
 * emitted without its response (weird {@code HTTP_too_many_pending_requests}, once per
 * connection) and the response that later answers it is parsed but not logged again.
 */
final class HttpDissector implements Dissector, HttpStreamParser.Listener {
    static final int MAX_PENDING = 1000;
    static final long MAX_RETAINED = 1 << 20;
    /** Characters of header names kept per request for JA4H. */
    static final int MAX_JA4H_NAMES = 16 * 1024;

    /** Zeek's {@code HTTP::http_methods}: other methods are a weird {@code unknown_HTTP_method}. */
    private static final String[] ZEEK_METHODS = {"GET", "POST", "HEAD", "OPTIONS", "PUT", "DELETE",
        "TRACE", "CONNECT", "PROPFIND", "PROPPATCH", "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK", "POLL",
        "REPORT", "SUBSCRIBE", "BMOVE", "SEARCH"};
    /** "major.minor" of the one-digit versions a start line can carry, made once. */
    private static final String[] VERSIONS = new String[100];

    static {
        for (int v = 0; v < 100; v++) VERSIONS[v] = (v / 10) + "." + (v % 10);
    }
    /** Zeek's {@code HTTP::proxy_headers}. */
    private static final String[] PROXY_HEADERS = {"forwarded", "x-forwarded-for", "x-forwarded-from", "client-ip",
        "via", "xroxy-connection", "proxy-connection"};

    private static final int F_NONE = 0, F_HOST = 1, F_REFERRER = 2, F_USER_AGENT = 3, F_ORIGIN = 4;

    private final HttpStreamParser req = new HttpStreamParser(true, this);
    private final HttpStreamParser resp = new HttpStreamParser(false, this);
    private final ArrayDeque<HttpTxn> awaiting = new ArrayDeque<>();
    private HttpTxn request;
    private HttpTxn response;
    private boolean discardResponse;
    private long transDepth;
    private long evictedAwaitingResponse;
    private long retained;
    private boolean confirmed;
    private boolean winrm;
    private boolean overflowReported;
    private boolean connectionClose;
    private boolean finished;

    // request headers of the message being parsed
    private final StringBuilder ja4Names = new StringBuilder();
    private int ja4Count;
    private String cookie;
    private String acceptLanguage;
    private boolean referer;
    private int lastField;
    // body framing of the message being parsed, per direction
    private long reqContentLength = -1, respContentLength = -1;
    private boolean reqChunked, respChunked;
    private int reqEncoding, respEncoding;
    /** The Content-Disposition file names of the message being parsed in each direction, or null. */
    private String reqFilename, respFilename;
    /** The multipart boundaries of the message being parsed in each direction, or null. */
    private String reqBoundary, respBoundary;
    /** The Content-Range of the response being parsed, or null. */
    private String respContentRange;
    /**
     * Files that range answers on this connection began and later answers may continue, by URL (Zeek's
     * file handle for range answers; across connections Zeek also joins them, Sluice does not). A
     * few: BITS and download managers fetch one URL at a time.
     */
    private final java.util.LinkedHashMap<String, io.sluice.protocol.files.FileAnalysis> rangeFiles =
            new java.util.LinkedHashMap<>();
    private static final int MAX_RANGE_FILES = 4;
    private int respMajor = -1, respMinor = -1;
    private boolean upgradeConnection, upgradeProtocol;
    /** A CONNECT was just answered by 200: the bytes after this response are the tunnel's. */
    private boolean tunnelOpening;
    /** See {@link #tunnelledBytes()}: -1 until the CONNECT tunnel opens. */
    private int tunnelled = -1;

    @Override
    public void onData(boolean fromOrig, ByteBuffer buf, int offset, int length, DissectorContext ctx) {
        if (finished || length <= 0) return;
        int unread = (fromOrig ? req : resp).feed(buf, offset, length, ctx);
        if (tunnelOpening) {
            tunnelOpening = false;
            tunnelled = unread;
        }
    }

    @Override
    public int tunnelledBytes() {
        return tunnelled;
    }

    @Override
    public void onGap(boolean fromOrig, long bytes, DissectorContext ctx) {
        if (finished) return;
        (fromOrig ? req : resp).gap(bytes, ctx);
    }

    @Override
    public void onEnd(DissectorContext ctx) {
        if (finished) return;
        req.end(ctx);
        resp.end(ctx);
        flushAll(ctx);
        for (var f : rangeFiles.values()) endRangeFile(f, ctx);
        rangeFiles.clear();
        finished = true;
    }

    private static String rangeKey(HttpTxn t) {
        return (t.host == null ? "" : t.host) + t.uri;
    }

    /** A range file no later piece will join: ended, without hashes unless every byte came. */
    private static void endRangeFile(io.sluice.protocol.files.FileAnalysis f, DissectorContext ctx) {
        if (!f.complete()) f.incomplete();
        f.end(ctx);
    }

    /** Requests waiting for their response (bounded by {@link #MAX_PENDING}). */
    int pendingRequests() {
        return awaiting.size();
    }

    @Override
    public boolean wantsMore() {
        return !finished && !(req.stopped() && resp.stopped());
    }

    // ---- start lines ----

    @Override
    public boolean startLine(boolean fromOrig, byte[] line, int len, boolean truncated, DissectorContext ctx) {
        return fromOrig ? requestLine(line, len, ctx) : statusLine(line, len, ctx);
    }

    private boolean requestLine(byte[] line, int len, DissectorContext ctx) {
        int methodEnd = 0;
        while (methodEnd < len && isTokenChar(line[methodEnd])) methodEnd++;
        if (methodEnd == 0) {
            boolean withVersion = len >= 9 && regionMatches(line, len, len - 9, " HTTP/", true);
            ctx.weird(withVersion ? "bad_HTTP_request_with_version" : "bad_HTTP_request", null);
            return false;
        }
        int rest = skipSpace(line, methodEnd, len);
        if (rest == methodEnd) {
            ctx.weird("bad_HTTP_request", null);
            return false;
        }
        // URI: URI characters first; then, as Zeek, up to the whitespace before "HTTP/" if any
        int uriEnd = rest;
        while (uriEnd < len && isUriChar(line[uriEnd])) uriEnd++;
        int versionAt = -1;
        for (int v = uriEnd; v < len; v++) {
            uriEnd = v;
            v = skipSpace(line, v, len);
            if (regionMatches(line, len, v, "HTTP/", false)) {
                versionAt = v;
                break;
            }
            if (regionMatches(line, len, v, "HTTP/", true)) {
                ctx.weird("lowercase_HTTP_keyword", null);
                versionAt = v;
                break;
            }
        }
        int major = 0, minor = 9;
        if (versionAt >= 0) {
            int d = versionAt + 5;
            if (d + 3 <= len && isDigit(line[d]) && line[d + 1] == '.' && isDigit(line[d + 2])) {
                major = line[d] - '0';
                minor = line[d + 2] - '0';
            } else {
                major = -1;
                minor = -1;
            }
        }
        boolean http09 = versionAt < 0;
        if (http09 && (methodEnd < 3 || uriEnd == rest)) {
            ctx.weird("bad_HTTP_request", null);
            return false;
        }
        String method = knownMethod(line, methodEnd);
        if (method == null) {
            method = new String(line, 0, methodEnd, StandardCharsets.ISO_8859_1);
            ctx.weird("unknown_HTTP_method", method);
        }

        makeRoomForRequest(ctx);
        var txn = new HttpTxn(ctx.tsNanos(), ++transDepth);
        txn.method = method;
        txn.uri = unescapeUri(line, rest, uriEnd, ctx);
        txn.reqMajor = major;
        txn.reqMinor = minor;
        hold(txn, method.length() + txn.uri.length());
        awaiting.addLast(txn);
        request = txn;
        ja4Names.setLength(0);
        ja4Count = 0;
        cookie = null;
        acceptLanguage = null;
        referer = false;
        lastField = F_NONE;
        reqContentLength = -1;
        reqChunked = false;
        reqEncoding = HttpBody.IDENTITY;
        reqFilename = null;
        reqBoundary = null;
        confirm(ctx);
        if (!winrm && WinRm.isWsmanRequest(method, txn.uri)) {
            winrm = true;
            ctx.confirm(WinRm.SERVICE);
        }
        if (http09) startHttp09Reply(ctx);
        return true;
    }

    private void startHttp09Reply(DissectorContext ctx) {
        if (resp.stopped()) return;
        bindResponse(ctx);
        if (response != null) {
            response.version = "0.9";
            response.statusCode = 0L;
            response.statusMsg = "<empty>";
        }
        resp.startHttp09Body();
    }

    private boolean statusLine(byte[] line, int len, DissectorContext ctx) {
        if (!regionMatches(line, len, 0, "HTTP/", false)) {
            if (!regionMatches(line, len, 0, "HTTP/", true)) {
                ctx.weird("bad_HTTP_reply", null);
                return false;
            }
            ctx.weird("lowercase_HTTP_keyword", null);
        }
        int p = 5;
        respMajor = -1;
        respMinor = -1;
        if (p + 3 <= len && isDigit(line[p]) && line[p + 1] == '.' && isDigit(line[p + 2])) {
            respMajor = line[p] - '0';
            respMinor = line[p + 2] - '0';
        }
        while (p < len && !isSpace(line[p])) p++;
        if (p >= len) {
            ctx.weird("HTTP_reply_code_missing", null);
            return false;
        }
        p = skipSpace(line, p, len);
        if (p + 3 > len) {
            ctx.weird("HTTP_reply_code_missing", null);
            return false;
        }
        int code = isDigit(line[p]) && isDigit(line[p + 1]) && isDigit(line[p + 2])
                ? (line[p] - '0') * 100 + (line[p + 1] - '0') * 10 + (line[p + 2] - '0')
                : 0;
        p += 3;
        while (p < len && !isSpace(line[p])) p++;
        String reason = null;
        if (p < len) {
            p = skipSpace(line, p, len);
            reason = new String(line, p, len - p, StandardCharsets.ISO_8859_1);
        }

        boolean continuesInterim = response != null && response.statusCode != null
                && response.statusCode >= 100 && response.statusCode < 200;
        if (!continuesInterim) bindResponse(ctx);
        respContentLength = -1;
        respChunked = false;
        respEncoding = HttpBody.IDENTITY;
        respFilename = null;
        respBoundary = null;
        respContentRange = null;
        upgradeConnection = false;
        upgradeProtocol = false;
        if (response != null) {
            response.responseStarted = true;
            response.statusCode = (long) code;
            response.statusMsg = reason == null ? "<empty>" : reason;
            response.version = respMajor < 0 ? null : VERSIONS[respMajor * 10 + respMinor];
            if (code >= 100 && code < 200) {
                response.infoCode = (long) code;
                response.infoMsg = response.statusMsg;
            }
            hold(response, response.statusMsg.length());
        }
        confirm(ctx);
        return true;
    }

    /** The transaction the next response answers: the oldest unanswered request, or a new one. */
    private void bindResponse(DissectorContext ctx) {
        if (evictedAwaitingResponse > 0) {
            evictedAwaitingResponse--;
            discardResponse = true;
            response = new HttpTxn(ctx.tsNanos(), 0);
            return;
        }
        discardResponse = false;
        response = awaiting.pollFirst();
        if (response == null) response = new HttpTxn(ctx.tsNanos(), ++transDepth);
    }

    // ---- headers ----

    @Override
    public void header(boolean fromOrig, byte[] line, int colon, int len, DissectorContext ctx) {
        int vs = skipSpace(line, colon + 1, len);
        int ve = len;
        while (ve > vs && isSpace(line[ve - 1])) ve--;
        if (fromOrig) requestHeader(line, colon, vs, ve, len, ctx); else responseHeader(line, colon, vs, ve, ctx);
    }

    /**
     * A request header; {@code [vs, ve)} is its value trimmed for parsing, {@code [vs, end)} the value
     * as the logged fields keep it: Zeek's MIME header value loses its leading whitespace only, and
     * tshark shows the same.
     */
    private void requestHeader(byte[] line, int colon, int vs, int ve, int end, DissectorContext ctx) {
        HttpTxn t = request;
        lastField = F_NONE;
        boolean isCookie = nameIs(line, colon, "cookie");
        boolean isReferer = nameIs(line, colon, "referer");
        if (!isCookie && !isReferer) {
            if (ja4Names.length() + colon + 1 <= MAX_JA4H_NAMES) {
                if (ja4Count > 0) ja4Names.append(',');
                for (int i = 0; i < colon; i++) ja4Names.append((char) (line[i] & 0xff));
            }
            ja4Count++;
        }
        if (isCookie) {
            if (cookie == null) cookie = value(line, vs, ve);
            otherHeader(t, line, colon, vs, ve);
        } else if (isReferer) {
            referer = true;
            t.referrer = held(t, value(line, vs, end));
            lastField = F_REFERRER;
        } else if (nameIs(line, colon, "host")) {
            t.host = held(t, value(line, vs, end));
            lastField = F_HOST;
        } else if (nameIs(line, colon, "user-agent")) {
            t.userAgent = held(t, value(line, vs, end));
            lastField = F_USER_AGENT;
        } else if (nameIs(line, colon, "origin")) {
            t.origin = held(t, value(line, vs, end));
            lastField = F_ORIGIN;
        } else if (nameIs(line, colon, "accept-language")) {
            if (acceptLanguage == null) acceptLanguage = value(line, vs, ve);
        } else if (nameIs(line, colon, "authorization") || nameIs(line, colon, "proxy-authorization")) {
            basicAuth(t, line, vs, ve);
        } else if (nameIs(line, colon, "content-length")) {
            reqContentLength = contentLength(line, vs, ve, reqChunked, ctx);
        } else if (nameIs(line, colon, "transfer-encoding")) {
            reqChunked = tokenIs(line, vs, ve, "chunked") && t.reqMajor == 1 && t.reqMinor == 1;
            if (reqChunked && reqContentLength >= 0) ctx.weird("HTTP_content_length_and_chunked", null);
        } else if (nameIs(line, colon, "content-encoding")) {
            reqEncoding = encoding(line, vs, ve);
        } else if (nameIs(line, colon, "content-disposition")) {
            reqFilename = ContentDisposition.filename(value(line, vs, ve));
        } else {
            if (nameIs(line, colon, "content-type")) {
                reqBoundary = boundary(line, vs, ve, ctx);
                if (reqFilename == null && mentionsName(line, vs, ve)) reqFilename = ContentDisposition.typeName(value(line, vs, ve));
            } else if (nameIs(line, colon, "range")) {
                t.rangeRequest = true;
            }
            proxyHeader(t, line, colon, vs, end);
            otherHeader(t, line, colon, vs, ve);
        }
    }

    /** Keeps a header the log has no field for, bounded, for the analytics (HttpTransaction#otherHeaders). */
    private void otherHeader(HttpTxn t, byte[] line, int colon, int vs, int ve) {
        if (t == null) return;
        int end = Math.min(ve, vs + HttpTransaction.MAX_HEADER_CHARS);
        String header = value(line, 0, colon) + ": " + value(line, vs, end);
        if (t.addOtherHeader(header)) hold(t, header.length());
    }

    /** Zeek's proxied set: "NAME -> value" of the proxy headers (rare; kept out of requestHeader). */
    private void proxyHeader(HttpTxn t, byte[] line, int colon, int vs, int ve) {
        for (String proxy : PROXY_HEADERS) {
            if (nameIs(line, colon, proxy)) {
                String entry = proxy.toUpperCase(java.util.Locale.ROOT) + " -> " + value(line, vs, ve);
                t.addProxied(held(t, entry));
                break;
            }
        }
    }

    private void responseHeader(byte[] line, int colon, int vs, int ve, DissectorContext ctx) {
        if (nameIs(line, colon, "content-length")) {
            respContentLength = contentLength(line, vs, ve, respChunked, ctx);
        } else if (nameIs(line, colon, "transfer-encoding")) {
            respChunked = tokenIs(line, vs, ve, "chunked") && respMajor == 1 && respMinor == 1;
            if (respChunked && respContentLength >= 0) ctx.weird("HTTP_content_length_and_chunked", null);
        } else if (nameIs(line, colon, "content-encoding")) {
            respEncoding = encoding(line, vs, ve);
        } else if (nameIs(line, colon, "content-disposition")) {
            respFilename = ContentDisposition.filename(value(line, vs, ve));
        } else if (nameIs(line, colon, "content-type")) {
            respBoundary = boundary(line, vs, ve, ctx);
            if (respFilename == null && mentionsName(line, vs, ve)) respFilename = ContentDisposition.typeName(value(line, vs, ve));
        } else if (nameIs(line, colon, "content-range")) {
            respContentRange = value(line, vs, ve);
        } else if (nameIs(line, colon, "connection")) {
            if (tokenIs(line, vs, ve, "close")) connectionClose = true;
            else if (tokenIs(line, vs, ve, "upgrade")) upgradeConnection = true;
        } else if (nameIs(line, colon, "upgrade")) {
            upgradeProtocol = ve > vs;
        }
    }

    @Override
    public void continuation(boolean fromOrig, byte[] line, int len, DissectorContext ctx) {
        ctx.weird("HTTP_obsolete_line_folding", null);
        if (!fromOrig || request == null || lastField == F_NONE) return;
        // Zeek joins the folded line as it is, leading whitespace included (MIME_Entity::ContHeader),
        // and only the joined value's leading whitespace is dropped
        String more = value(line, 0, len);
        HttpTxn t = request;
        switch (lastField) {
            case F_HOST -> t.host = held(t, unfold(t.host, more));
            case F_REFERRER -> t.referrer = held(t, unfold(t.referrer, more));
            case F_USER_AGENT -> t.userAgent = held(t, unfold(t.userAgent, more));
            case F_ORIGIN -> t.origin = held(t, unfold(t.origin, more));
            default -> { }
        }
    }

    private static String unfold(String value, String more) {
        return value.isEmpty() ? more.stripLeading() : value + more;
    }

    @Override
    public HttpStreamParser.BodyMode headersDone(boolean fromOrig, DissectorContext ctx) {
        if (fromOrig) {
            HttpTxn t = request;
            if (t != null && t.reqMajor >= 0 && !(t.reqMajor == 0 && t.reqMinor == 9)) {
                t.ja4h = Ja4h.compute(t.method, t.reqMajor, t.reqMinor, ja4Names.toString(), ja4Count, cookie, referer,
                        acceptLanguage);
            }
            req.bodyEncoding = reqEncoding;
            req.fileDepth = t == null ? 0 : t.transDepth;
            req.fileName = reqFilename;
            req.multipartBoundary = reqBoundary;
            if (reqChunked) return HttpStreamParser.BodyMode.CHUNKED;
            if (reqContentLength >= 0) {
                req.bodyLength = reqContentLength;
                return HttpStreamParser.BodyMode.LENGTH;
            }
            return connectionClose || reqEncoding != HttpBody.IDENTITY
                    ? HttpStreamParser.BodyMode.UNTIL_CLOSE
                    : HttpStreamParser.BodyMode.NONE;
        }
        HttpTxn t = response;
        long code = t == null || t.statusCode == null ? 0 : t.statusCode;
        if (t != null && t.isConnect() && code == 200) {
            tunnelOpening = true;
            return HttpStreamParser.BodyMode.STOP;
        }
        if (code == 101 && upgradeConnection && upgradeProtocol && awaiting.isEmpty()) {
            return HttpStreamParser.BodyMode.STOP;
        }
        resp.bodyEncoding = respEncoding;
        resp.fileDepth = t == null ? 0 : t.transDepth;
        resp.fileName = respFilename;
        resp.multipartBoundary = respBoundary;
        resp.ranges = code == 206 && t != null && t.rangeRequest;
        if (code == 206 && respBoundary == null) {
            resp.range = ContentRange.parse(respContentRange);
            if (resp.range != null && t != null && t.rangeRequest) resp.rangeFile = rangeFiles.get(rangeKey(t));
        }
        if ((t != null && t.isHead()) || (code >= 100 && code < 200) || code == 204 || code == 304) {
            return HttpStreamParser.BodyMode.NONE;
        }
        if (respChunked) return HttpStreamParser.BodyMode.CHUNKED;
        if (respContentLength >= 0) {
            resp.bodyLength = respContentLength;
            return HttpStreamParser.BodyMode.LENGTH;
        }
        return HttpStreamParser.BodyMode.UNTIL_CLOSE;
    }

    // ---- message ends ----

    @Override
    public void messageDone(boolean fromOrig, HttpBody body, boolean interrupted, DissectorContext ctx) {
        body.endFiles(ctx); // before the transaction's row, which lists them
        if (fromOrig) {
            if (request != null) {
                addFiles(request, true, body, ctx);
                request.requestBodyLen = body.length();
                String head = body.length() > 0 ? body.head() : null;
                if (head != null) request.requestBodyHead = held(request, head);
                request = null;
            }
            return;
        }
        HttpTxn t = response;
        if (t == null || discardResponse) {
            // no transaction lists this body: a range piece it left open is ended, not kept
            var open = body.openRange();
            if (open != null && !rangeFiles.containsValue(open)) endRangeFile(open, ctx);
            if (t == null) return;
            discardResponse = false;
            response = null;
            return;
        }
        addFiles(t, false, body, ctx);
        t.responseBodyLen = body.length();
        if (resp.stopped()) { // CONNECT tunnel or upgrade: nothing more will be parsed
            response = null;
            emit(t, ctx);
            req.stop();
            flushAll(ctx);
            return;
        }
        long code = t.statusCode == null ? 0 : t.statusCode;
        if (code >= 100 && code < 200 && !interrupted) return; // the final response follows
        response = null;
        emit(t, ctx);
    }

    private void addFiles(HttpTxn t, boolean orig, HttpBody body, DissectorContext ctx) {
        var files = body.files();
        for (int k = 0; k < files.size(); k++) {
            var f = files.get(k);
            hold(t, t.addFile(orig, f.fuid(), f.filename(), f.mimeType()));
            if (!orig && t.rangeRequest) rangeFiles.values().removeIf(open -> open.fuid().equals(f.fuid())); // complete now
        }
        files.clear();
        var open = body.openRange();
        if (open != null && !orig) {
            hold(t, t.addFile(false, open.fuid(), open.filename(), open.mimeType()));
            String key = rangeKey(t);
            if (rangeFiles.get(key) != open) {
                if (rangeFiles.size() >= MAX_RANGE_FILES) {
                    var oldest = rangeFiles.entrySet().iterator().next();
                    endRangeFile(oldest.getValue(), ctx);
                    rangeFiles.remove(oldest.getKey());
                }
                rangeFiles.put(key, open);
            }
        }
    }

    private void flushAll(DissectorContext ctx) {
        if (response != null && !discardResponse) emit(response, ctx);
        response = null;
        HttpTxn t;
        while ((t = awaiting.pollFirst()) != null) emit(t, ctx);
    }

    private void makeRoomForRequest(DissectorContext ctx) {
        while (!awaiting.isEmpty() && (awaiting.size() >= MAX_PENDING || retained > MAX_RETAINED)) {
            if (!overflowReported) {
                overflowReported = true;
                ctx.weird("HTTP_too_many_pending_requests", Integer.toString(awaiting.size()));
            }
            HttpTxn oldest = awaiting.pollFirst();
            evictedAwaitingResponse++;
            emit(oldest, ctx);
        }
    }

    private void emit(HttpTxn t, DissectorContext ctx) {
        retained -= t.retained;
        t.retained = 0;
        t.emitted = true;
        ctx.emit(t.toEvent(ctx.uid(), ctx.id()));
    }

    private void confirm(DissectorContext ctx) {
        if (!confirmed) {
            confirmed = true;
            ctx.confirm("http");
        }
    }

    private void hold(HttpTxn t, long chars) {
        if (t.emitted || (t == response && discardResponse)) return; // not held by this connection any more
        t.retained += chars;
        retained += chars;
    }

    private String held(HttpTxn t, String s) {
        hold(t, s.length());
        return s;
    }

    // ---- header values ----

    private void basicAuth(HttpTxn t, byte[] line, int vs, int ve) {
        if (!regionMatches(line, ve, vs, "basic ", true) || ve - vs < 6) return;
        int b = skipSpace(line, vs + 6, ve);
        String encoded = value(line, b, ve);
        String userpass;
        try {
            userpass = new String(Base64.getMimeDecoder().decode(encoded), StandardCharsets.ISO_8859_1);
        } catch (IllegalArgumentException e) {
            userpass = "";
        }
        int c = userpass.indexOf(':');
        t.username = held(t, c >= 0 ? userpass.substring(0, c) : "<problem-decoding> (" + value(line, vs, ve) + ")");
    }

    private static long contentLength(byte[] line, int vs, int ve, boolean chunked, DissectorContext ctx) {
        if (chunked) ctx.weird("HTTP_content_length_and_chunked", null);
        long n = 0;
        int digits = 0;
        for (int i = vs; i < ve; i++) {
            if (!isDigit(line[i]) || ++digits > 18) {
                ctx.weird("HTTP_bad_content_length", value(line, vs, Math.min(ve, vs + 64)));
                return 0;
            }
            n = n * 10 + (line[i] - '0');
        }
        if (digits == 0) {
            ctx.weird("HTTP_bad_content_length", "");
            return 0;
        }
        return n;
    }

    /**
     * The boundary of a multipart Content-Type, or null (other types are not turned into strings: this
     * runs for every message).
     */
    /**
     * Whether a Content-Type value has "name" in it (any case): only then is it parsed for a file
     * name (Zeek takes {@code name=} as the file name when Content-Disposition gives none; here a
     * Content-Disposition name wins whichever header comes first). Most do not, and are not parsed.
     */
    private static boolean mentionsName(byte[] line, int vs, int ve) {
        for (int i = vs; i + 4 <= ve; i++) {
            if ((line[i] | 0x20) == 'n' && (line[i + 1] | 0x20) == 'a' && (line[i + 2] | 0x20) == 'm'
                    && (line[i + 3] | 0x20) == 'e') {
                return true;
            }
        }
        return false;
    }

    private static String boundary(byte[] line, int vs, int ve, DissectorContext ctx) {
        if (!regionMatches(line, ve, vs, "multipart/", true)) return null;
        String b = MimeHeader.param(value(line, vs, ve), "boundary");
        if (b == null || b.isEmpty()) return null;
        if (!MultipartSplitter.usable(b)) {
            ctx.weird("HTTP_multipart_bad_boundary", b.length() > 64 ? b.substring(0, 64) : b);
            return null;
        }
        return b;
    }

    private static int encoding(byte[] line, int vs, int ve) {
        if (tokenIs(line, vs, ve, "gzip") || tokenIs(line, vs, ve, "x-gzip")) return HttpBody.GZIP;
        if (tokenIs(line, vs, ve, "deflate")) return HttpBody.DEFLATE;
        return HttpBody.IDENTITY;
    }

    /** Whether the value's first token (up to ',', ';' or space) is {@code lower}, ignoring case. */
    private static boolean tokenIs(byte[] line, int vs, int ve, String lower) {
        int end = vs;
        while (end < ve && line[end] != ',' && line[end] != ';' && !isSpace(line[end])) end++;
        return end - vs == lower.length() && regionMatches(line, end, vs, lower, true);
    }

    /** The method's constant when it is one of Zeek's (compared as bytes, case-sensitively), else null. */
    private static String knownMethod(byte[] line, int len) {
        for (String m : ZEEK_METHODS) if (m.length() == len && regionMatches(line, len, 0, m, false)) return m;
        return null;
    }

    private static boolean nameIs(byte[] line, int nameLen, String lower) {
        return nameLen == lower.length() && regionMatches(line, nameLen, 0, lower, true);
    }

    private static String value(byte[] line, int from, int to) {
        return new String(line, from, Math.max(0, to - from), StandardCharsets.ISO_8859_1);
    }

    /** Zeek's unescape_URI: %XX and IIS %uXXXX are decoded; bad escapes are kept and reported. */
    static String unescapeUri(byte[] line, int from, int to, DissectorContext ctx) {
        var out = new StringBuilder(to - from);
        int i = from;
        while (i < to) {
            byte c = line[i];
            if (c != '%') {
                out.append((char) (c & 0xff));
                i++;
                continue;
            }
            i++;
            if (i == to) {
                out.append('%');
                ctx.weird("illegal_%_at_end_of_URI", null);
                break;
            }
            if (i + 1 == to) {
                out.append('%').append((char) (line[i] & 0xff));
                ctx.weird("partial_escape_at_end_of_URI", null);
                break;
            }
            if (line[i] == '%') {
                ctx.weird("double_%_in_URI", null);
                out.append('%');
                continue; // the second '%' starts the next escape
            }
            int h = Character.digit(line[i], 16), l = Character.digit(line[i + 1], 16);
            if (h >= 0 && l >= 0) {
                out.append((char) (h << 4 | l));
                i += 2;
            } else if (to - i >= 5 && line[i] == 'u' && hex4(line, i + 1)) {
                int hi = Character.digit(line[i + 1], 16) << 4 | Character.digit(line[i + 2], 16);
                int lo = Character.digit(line[i + 3], 16) << 4 | Character.digit(line[i + 4], 16);
                if (hi != 0) out.append((char) hi);
                out.append((char) lo);
                i += 5;
            } else {
                ctx.weird("unescaped_%_in_URI", null);
                out.append('%').append((char) (line[i] & 0xff));
                i++;
            }
        }
        return out.toString();
    }

    private static boolean hex4(byte[] b, int i) {
        for (int k = 0; k < 4; k++) if (Character.digit(b[i + k], 16) < 0) return false;
        return true;
    }

    // ---- characters ----

    /** Tables of the two character classes, looked up per byte of every request line. */
    private static final boolean[] TOKEN_CHAR = new boolean[256], URI_CHAR = new boolean[256];

    static {
        for (int c = 0; c < 256; c++) {
            TOKEN_CHAR[c] = c > 31 && c < 127 && "\t ()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
            URI_CHAR[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || ":/?#[]@!$&'()*+,;=-_.~%".indexOf(c) >= 0;
        }
    }

    private static boolean isTokenChar(byte b) {
        return TOKEN_CHAR[b & 0xff];
    }

    private static boolean isUriChar(byte b) {
        return URI_CHAR[b & 0xff];
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t';
    }

    private static int skipSpace(byte[] b, int i, int end) {
        while (i < end && isSpace(b[i])) i++;
        return i;
    }

    private static boolean regionMatches(byte[] b, int len, int at, String s, boolean ignoreCase) {
        if (at < 0 || len - at < s.length()) return false;
        for (int k = 0; k < s.length(); k++) {
            int c = b[at + k] & 0xff;
            int e = s.charAt(k);
            if (ignoreCase) {
                if (c >= 'A' && c <= 'Z') c += 32;
                if (e >= 'A' && e <= 'Z') e += 32;
            }
            if (c != e) return false;
        }
        return true;
    }
}
