package io.sluice.ingest.zeek;

import io.sluice.ingest.IngestContext;
import io.sluice.protocol.http.HttpTransaction;
import java.util.List;

/**
 * {@code http.log} → {@link HttpTransaction}. Zeek's file-analysis ids and file names, tags and
 * the password have no place in the event (Sluice has no files framework and never keeps
 * passwords), so they are not carried over.
 */
final class HttpLogMapping implements ZeekLogMapping {

    @Override
    public String path() {
        return "http";
    }

    @Override
    public List<String> signature() {
        return List.of("trans_depth", "request_body_len");
    }

    @Override
    public void map(ZeekRow r, IngestContext context, String exporter) {
        context.emit(new HttpTransaction(r.requiredTime("ts"), r.required("uid"), r.connId(),
                r.count("trans_depth", 1), r.wire("method"), r.wire("host"), r.wire("uri"),
                r.wire("referrer"), r.string("version"), r.wire("user_agent"), r.wire("origin"),
                r.count("request_body_len", 0), r.count("response_body_len", 0), r.count("status_code"),
                r.wire("status_msg"), r.count("info_code"), r.wire("info_msg"), r.wire("username"),
                r.wires("proxied"), r.strings("orig_mime_types"), r.strings("resp_mime_types"), r.string("ja4h"),
                java.util.List.of(), null, r.strings("orig_fuids"), r.wires("orig_filenames"), r.strings("resp_fuids"),
                r.wires("resp_filenames")));
    }
}
