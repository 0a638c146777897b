package io.sluice.protocol.http;

import io.sluice.event.ConnId;
import io.sluice.protocol.files.FileInfo;
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
    /** Whether the request asked for ranges (a Range header): the parts of a multipart answer are then one file. */
    boolean rangeRequest;
    /**
     * The files of the request's and of the response's body (one per body, or one per part of a
     * multipart body): ids, Content-Disposition names (of the files that have one) and sniffed
     * types, null until the first. Zeek's vectors are bounded by {@code HTTP::max_files_orig} and
     * {@code max_files_resp}, 15 each by default; so are these, by {@link #MAX_FILES}, which also
     * bounds what a transaction holds.
     */
    List<String> origFuids, origFilenames, origMimeTypes, respFuids, respFilenames, respMimeTypes;
    String ja4h;
    String version;
    Long statusCode;
    String statusMsg;
    Long infoCode;
    String infoMsg;
    long responseBodyLen;
    boolean responseStarted;
    /** Characters held in this transaction's strings, for the per-connection memory bound. */
    long retained;
    boolean emitted;

    /** Files listed per direction, as Zeek's {@code HTTP::max_files_orig} and {@code max_files_resp}. */
    static final int MAX_FILES = 15;

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

    /**
     * Lists one more file of the request ({@code orig}) or of the response, as Zeek's
     * base/protocols/http/entities.zeek does: its id and name when the file begins, its type when it
     * is sniffed, each list at most {@link #MAX_FILES} long. Returns the characters it holds.
     */
    int addFile(boolean orig, String fuid, String name, String type) {
        int chars = 0;
        if (size(orig ? origFuids : respFuids) < MAX_FILES) {
            if (orig) origFuids = add(origFuids, fuid); else respFuids = add(respFuids, fuid);
            chars += fuid.length();
            if (name != null) {
                if (orig) origFilenames = add(origFilenames, name); else respFilenames = add(respFilenames, name);
                chars += name.length();
            }
        }
        // the type is one of MimeSniffer's constants: nothing to hold
        if (type != null && size(orig ? origMimeTypes : respMimeTypes) < MAX_FILES) {
            if (orig) origMimeTypes = add(origMimeTypes, type); else respMimeTypes = add(respMimeTypes, type);
        }
        return chars;
    }

    private static int size(List<String> list) {
        return list == null ? 0 : list.size();
    }

    private static List<String> add(List<String> list, String value) {
        if (list == null) list = new ArrayList<>(2);
        list.add(value);
        return list;
    }

    HttpTransaction toEvent(String uid, ConnId id) {
        return new HttpTransaction(tsNanos, uid, id, transDepth, method, host, uri, referrer, version, userAgent,
                origin, requestBodyLen, responseBodyLen, statusCode, statusMsg, infoCode, infoMsg, username, proxied,
                origMimeTypes, respMimeTypes, ja4h, otherHeaders, requestBodyHead, origFuids, origFilenames, respFuids,
                respFilenames);
    }
}
