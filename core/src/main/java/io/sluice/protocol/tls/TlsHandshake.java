package io.sluice.protocol.tls;

import io.sluice.event.ConnId;
import io.sluice.event.ContentEvent;
import io.sluice.event.FieldSink;
import io.sluice.event.LogSchema;
import java.util.List;

/**
 * DS0029 Network Traffic Content: one TLS session's handshake, a row of Zeek's {@code ssl.log}
 * (same fields, order and meanings as Zeek's default ssl.log), plus Sluice's additions appended:
 * JA3, JA3S, JA4, JA4S and the host certificate's subject and issuer (Zeek logs those two only
 * with {@code SSL::log_include_server_certificate_subject_issuer}).
 *
 * <p>Not logged but kept for analytics: every ClientHello of the session (a HelloRetryRequest
 * makes two) and every ServerHello (the HelloRetryRequest first), as parsed; ja3s and ja4s are
 * those of the last ServerHello.
 *
 * @param certChainFps SHA-256 of the server's certificates; null (unset) when no certificate was
 *     seen from either side, empty when only the client sent one (as Zeek)
 * @param sniMatchesCert null when there was no SNI or no host certificate
 */
public record TlsHandshake(
        long tsNanos,
        String uid,
        ConnId id,
        String version,
        String cipher,
        String curve,
        String serverName,
        boolean resumed,
        String lastAlert,
        String nextProtocol,
        boolean established,
        String sslHistory,
        List<String> certChainFps,
        List<String> clientCertChainFps,
        Boolean sniMatchesCert,
        String ja3,
        String ja3s,
        String ja4,
        String ja4s,
        String subject,
        String issuer,
        List<ClientHello> clientHellos,
        List<ServerHello> serverHellos)
        implements ContentEvent {

    public TlsHandshake {
        certChainFps = certChainFps == null ? null : List.copyOf(certChainFps);
        clientCertChainFps = clientCertChainFps == null ? null : List.copyOf(clientCertChainFps);
        clientHellos = clientHellos == null ? List.of() : List.copyOf(clientHellos);
        serverHellos = serverHellos == null ? List.of() : List.copyOf(serverHellos);
    }

    public static final LogSchema SCHEMA = LogSchema.named("ssl")
            .field("ts", "time")
            .field("uid", "string")
            .connId()
            .field("version", "string")
            .field("cipher", "string")
            .field("curve", "string")
            .field("server_name", "string")
            .field("resumed", "bool")
            .field("last_alert", "string")
            .field("next_protocol", "string")
            .field("established", "bool")
            .field("ssl_history", "string")
            .field("cert_chain_fps", "vector[string]")
            .field("client_cert_chain_fps", "vector[string]")
            .field("sni_matches_cert", "bool")
            .field("ja3", "string")
            .field("ja3s", "string")
            .field("ja4", "string")
            .field("ja4s", "string")
            .field("subject", "string")
            .field("issuer", "string")
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
        out.stringOrUnset(version);
        out.stringOrUnset(cipher);
        out.stringOrUnset(curve);
        out.wireOrUnset(serverName);
        out.bool(resumed);
        out.stringOrUnset(lastAlert);
        out.wireOrUnset(nextProtocol);
        out.bool(established);
        out.string(sslHistory);
        if (certChainFps == null) out.unset(); else out.strings(certChainFps);
        if (clientCertChainFps == null) out.unset(); else out.strings(clientCertChainFps);
        if (sniMatchesCert == null) out.unset(); else out.bool(sniMatchesCert);
        out.stringOrUnset(ja3);
        out.stringOrUnset(ja3s);
        out.stringOrUnset(ja4);
        out.stringOrUnset(ja4s);
        out.stringOrUnset(subject);
        out.stringOrUnset(issuer);
    }
}
