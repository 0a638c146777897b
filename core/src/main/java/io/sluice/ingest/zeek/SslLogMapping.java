package io.sluice.ingest.zeek;

import io.sluice.ingest.IngestContext;
import io.sluice.protocol.tls.TlsHandshake;
import java.util.List;

/**
 * {@code ssl.log} → {@link TlsHandshake}, without the parsed hellos (a log has only their
 * fingerprints). Logs of Zeek before 6.0 have no {@code ssl_history}; the event gets an empty one.
 */
final class SslLogMapping implements ZeekLogMapping {

    @Override
    public String path() {
        return "ssl";
    }

    @Override
    public List<String> signature() {
        return List.of("established", "resumed");
    }

    @Override
    public void map(ZeekRow r, IngestContext context, String exporter) {
        String history = r.string("ssl_history");
        context.emit(new TlsHandshake(r.requiredTime("ts"), r.required("uid"), r.connId(), r.string("version"),
                r.string("cipher"), r.string("curve"), r.wire("server_name"), r.bool("resumed", false),
                r.string("last_alert"), r.wire("next_protocol"), r.bool("established", false),
                history == null ? "" : history, r.strings("cert_chain_fps"), r.strings("client_cert_chain_fps"),
                r.bool("sni_matches_cert"), r.string("ja3"), r.string("ja3s"), r.string("ja4"), r.string("ja4s"),
                r.text("subject"), r.text("issuer"), List.of(), List.of()));
    }
}
