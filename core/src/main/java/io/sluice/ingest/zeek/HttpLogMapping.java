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
                r.count("trans_depth", 1), r.string("method"), r.string("host"), r.string("uri"),
                r.string("referrer"), r.string("version"), r.string("user_agent"), r.string("origin"),
                r.count("request_body_len", 0), r.count("response_body_len", 0), r.count("status_code"),
                r.string("status_msg"), r.count("info_code"), r.string("info_msg"), r.string("username"),
                r.strings("proxied"), r.strings("orig_mime_types"), r.strings("resp_mime_types"), r.string("ja4h"),
                java.util.List.of(), null, r.strings("orig_fuids"), r.strings("orig_filenames"), r.strings("resp_fuids"),
                r.strings("resp_filenames")));
    }
}
