package io.sluice.protocol.http;

import io.sluice.event.ConnId;
import java.util.ArrayList;
import java.util.List;

/**
 * One request/response pair while it is being parsed (Zeek's {@code HTTP::Info} before it is
 * logged). Mutable and short-lived; turned into an {@link HttpTransaction} when emitted.
 */
final class HttpTxn {
    final long tsNanos;
    final long transDepth;
    String method;
    String uri;
    int reqMajor = -1, reqMinor = -1;
    String host, referrer, userAgent, origin, username;
    List<String> proxied;
    /** The request's other headers, "Name: value", for the analytics (see {@link HttpTransaction}). */
    List<String> otherHeaders;
    String requestBodyHead;
    long requestBodyLen;
    String origMime;
    /** The request body's and the response body's file (id and Content-Disposition name), when it had bytes. */
    String origFuid, origFilename, respFuid, respFilename;
    String ja4h;
    String version;
    Long statusCode;
    String statusMsg;
    Long infoCode;
    String infoMsg;
    long responseBodyLen;
    String respMime;
    boolean responseStarted;
    /** Characters held in this transaction's strings, for the per-connection memory bound. */
    long retained;
    boolean emitted;

    HttpTxn(long tsNanos, long transDepth) {
        this.tsNanos = tsNanos;
        this.transDepth = transDepth;
    }

    boolean isConnect() {
        return method != null && method.equalsIgnoreCase("CONNECT");
    }

    boolean isHead() {
        return method != null && method.equalsIgnoreCase("HEAD");
    }

    void addProxied(String entry) {
        if (proxied == null) proxied = new ArrayList<>(2);
        if (!proxied.contains(entry)) proxied.add(entry);
    }

    /** Keeps one more "Name: value" header; false when the transaction holds its maximum already. */
    boolean addOtherHeader(String header) {
        if (otherHeaders == null) otherHeaders = new ArrayList<>(4);
        if (otherHeaders.size() >= HttpTransaction.MAX_OTHER_HEADERS) return false;
        otherHeaders.add(header);
        return true;
    }

    HttpTransaction toEvent(String uid, ConnId id) {
        return new HttpTransaction(tsNanos, uid, id, transDepth, method, host, uri, referrer, version, userAgent,
                origin, requestBodyLen, responseBodyLen, statusCode, statusMsg, infoCode, infoMsg, username, proxied,
                origMime == null ? List.of() : List.of(origMime), respMime == null ? List.of() : List.of(respMime),
                ja4h, otherHeaders, requestBodyHead, one(origFuid), one(origFilename), one(respFuid),
                one(respFilename));
    }

    private static List<String> one(String value) {
        return value == null ? List.of() : List.of(value);
    }
}
