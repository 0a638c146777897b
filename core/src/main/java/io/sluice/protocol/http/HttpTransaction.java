package io.sluice.protocol.http;

import io.sluice.event.ConnId;
import io.sluice.event.ContentEvent;
import io.sluice.event.FieldSink;
import io.sluice.event.LogSchema;
import java.util.List;

/**
 * DS0029 Network Traffic Content: one HTTP/1.x request and its response, as a row of Zeek's
 * {@code http.log} (same field names, order and meanings), plus Sluice's {@code ja4h}.
 *
 * <p>Each body is a file of files.log ({@link io.sluice.protocol.files.FileAnalysis}), or, when it
 * is multipart, each of its parts is: their ids are in {@code orig_fuids} or {@code resp_fuids},
 * the Content-Disposition file names of those that have one in {@code orig_filenames} or
 * {@code resp_filenames}, and the types sniffed from their first bytes
 * ({@link io.sluice.protocol.files.MimeSniffer}) in the MIME types; at most 15 each, Zeek's
 * {@code HTTP::max_files_orig} and {@code max_files_resp}. {@code password} stays unset as in
 * Zeek's default ({@code HTTP::default_capture_password = F}). Nullable fields are unset in the log.
 *
 * <p>Two components are for the analytics and are not logged, as Zeek hands its scripts
 * {@code http_header} and {@code http_entity_data} without logging them: {@code otherHeaders}, the
 * request's other headers as "Name: value" (not Host, User-Agent, Referer, Origin, which are fields,
 * nor Authorization and Proxy-Authorization, which hold credentials; at most
 * {@link #MAX_OTHER_HEADERS}, each cut to {@link #MAX_HEADER_CHARS}), and {@code requestBodyHead},
 * the request body's first bytes after transfer and content decoding (at most 1,024, as ISO-8859-1
 * text; null without a body).
 */
public record HttpTransaction(
        long tsNanos,
        String uid,
        ConnId id,
        long transDepth,
        String method,
        String host,
        String uri,
        String referrer,
        String version,
        String userAgent,
        String origin,
        long requestBodyLen,
        long responseBodyLen,
        Long statusCode,
        String statusMsg,
        Long infoCode,
        String infoMsg,
        String username,
        List<String> proxied,
        List<String> origMimeTypes,
        List<String> respMimeTypes,
        String ja4h,
        List<String> otherHeaders,
        String requestBodyHead,
        List<String> origFuids,
        List<String> origFilenames,
        List<String> respFuids,
        List<String> respFilenames)
        implements ContentEvent {

    /** Other request headers kept per transaction, and characters kept of each. */
    public static final int MAX_OTHER_HEADERS = 32, MAX_HEADER_CHARS = 1024;

    public HttpTransaction {
        proxied = proxied == null ? List.of() : List.copyOf(proxied);
        origMimeTypes = origMimeTypes == null ? List.of() : List.copyOf(origMimeTypes);
        respMimeTypes = respMimeTypes == null ? List.of() : List.copyOf(respMimeTypes);
        otherHeaders = otherHeaders == null ? List.of() : List.copyOf(otherHeaders);
        origFuids = origFuids == null ? List.of() : List.copyOf(origFuids);
        origFilenames = origFilenames == null ? List.of() : List.copyOf(origFilenames);
        respFuids = respFuids == null ? List.of() : List.copyOf(respFuids);
        respFilenames = respFilenames == null ? List.of() : List.copyOf(respFilenames);
    }

    /** A transaction without the unlogged request headers and body (read from http.log, or built by tests). */
    public HttpTransaction(long tsNanos, String uid, ConnId id, long transDepth, String method, String host, String uri,
            String referrer, String version, String userAgent, String origin, long requestBodyLen, long responseBodyLen,
            Long statusCode, String statusMsg, Long infoCode, String infoMsg, String username, List<String> proxied,
            List<String> origMimeTypes, List<String> respMimeTypes, String ja4h) {
        this(tsNanos, uid, id, transDepth, method, host, uri, referrer, version, userAgent, origin, requestBodyLen,
                responseBodyLen, statusCode, statusMsg, infoCode, infoMsg, username, proxied, origMimeTypes,
                respMimeTypes, ja4h, List.of(), null);
    }

    /** A transaction with its unlogged request headers and body head, but no files (built by tests). */
    public HttpTransaction(long tsNanos, String uid, ConnId id, long transDepth, String method, String host, String uri,
            String referrer, String version, String userAgent, String origin, long requestBodyLen, long responseBodyLen,
            Long statusCode, String statusMsg, Long infoCode, String infoMsg, String username, List<String> proxied,
            List<String> origMimeTypes, List<String> respMimeTypes, String ja4h, List<String> otherHeaders,
            String requestBodyHead) {
        this(tsNanos, uid, id, transDepth, method, host, uri, referrer, version, userAgent, origin, requestBodyLen,
                responseBodyLen, statusCode, statusMsg, infoCode, infoMsg, username, proxied, origMimeTypes,
                respMimeTypes, ja4h, otherHeaders, requestBodyHead, List.of(), List.of(), List.of(), List.of());
    }

    public static final LogSchema SCHEMA = LogSchema.named("http")
            .field("ts", "time")
            .field("uid", "string")
            .connId()
            .field("trans_depth", "count")
            .field("method", "string")
            .field("host", "string")
            .field("uri", "string")
            .field("referrer", "string")
            .field("version", "string")
            .field("user_agent", "string")
            .field("origin", "string")
            .field("request_body_len", "count")
            .field("response_body_len", "count")
            .field("status_code", "count")
            .field("status_msg", "string")
            .field("info_code", "count")
            .field("info_msg", "string")
            .field("tags", "set[enum]")
            .field("username", "string")
            .field("password", "string")
            .field("proxied", "set[string]")
            .field("orig_fuids", "vector[string]")
            .field("orig_filenames", "vector[string]")
            .field("orig_mime_types", "vector[string]")
            .field("resp_fuids", "vector[string]")
            .field("resp_filenames", "vector[string]")
            .field("resp_mime_types", "vector[string]")
            .field("ja4h", "string")
            .build();

    @Override
    public LogSchema schema() {
        return SCHEMA;
    }

    @Override
    public void write(FieldSink out) {
        out.time(tsNanos);
        out.string(uid);
        id.write(out);
        out.count(transDepth);
        out.wireOrUnset(method);
        out.wireOrUnset(host);
        out.wireOrUnset(uri);
        out.wireOrUnset(referrer);
        out.stringOrUnset(version);
        out.wireOrUnset(userAgent);
        out.wireOrUnset(origin);
        out.count(requestBodyLen);
        out.count(responseBodyLen);
        out.countOrUnset(statusCode);
        out.wireOrUnset(statusMsg);
        out.countOrUnset(infoCode);
        out.wireOrUnset(infoMsg);
        out.strings(List.of()); // tags: Zeek's base scripts never add one
        out.wireOrUnset(username);
        out.unset(); // password: not captured, as Zeek's default
        if (proxied.isEmpty()) out.unset(); else out.wires(proxied);
        stringsOrUnset(out, origFuids);
        wiresOrUnset(out, origFilenames);
        stringsOrUnset(out, origMimeTypes);
        stringsOrUnset(out, respFuids);
        wiresOrUnset(out, respFilenames);
        stringsOrUnset(out, respMimeTypes);
        out.stringOrUnset(ja4h);
    }

    private static void stringsOrUnset(FieldSink out, List<String> values) {
        if (values.isEmpty()) out.unset(); else out.strings(values);
    }

    private static void wiresOrUnset(FieldSink out, List<String> values) {
        if (values.isEmpty()) out.unset(); else out.wires(values);
    }
}
