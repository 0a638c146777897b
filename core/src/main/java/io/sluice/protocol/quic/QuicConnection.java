package io.sluice.protocol.quic;

import io.sluice.event.ConnId;
import io.sluice.event.ContentEvent;
import io.sluice.event.FieldSink;
import io.sluice.event.LogSchema;

/**
 * DS0029 Network Traffic Content: one QUIC connection's handshake as seen in its Initial packets,
 * a row of Zeek's {@code quic.log} (same fields, order and meanings as Zeek's
 * {@code base/protocols/quic/main.zeek}), plus Sluice's additions appended: the JA4 of the
 * ClientHello and the JA4S of the ServerHello, QUIC variant (transport letter {@code q}).
 *
 * @param version Zeek's name of the version of the first long-header packet ("1", "quicv2", "draft-29", ...)
 * @param clientInitialDcid hex of the client's first non-empty Destination Connection ID
 * @param clientScid hex of the Source Connection ID of the client's last long-header packet ("" if empty)
 * @param serverScid hex of the Source Connection ID of the server's last long-header packet
 * @param serverName first SNI name of the ClientHello
 * @param clientProtocol first ALPN value of the ClientHello
 * @param history Zeek's QUIC history letters, client's upper case: I Initial, H Handshake, Z 0-RTT,
 *     R Retry, C CONNECTION_CLOSE, S TLS hello, U unhandled version, X discarded packet, O short
 *     packets (the 1st, 2nd, 4th, 8th, ...)
 */
public record QuicConnection(
        long tsNanos,
        String uid,
        ConnId id,
        String version,
        String clientInitialDcid,
        String clientScid,
        String serverScid,
        String serverName,
        String clientProtocol,
        String history,
        String ja4,
        String ja4s)
        implements ContentEvent {

    public static final LogSchema SCHEMA = LogSchema.named("quic")
            .field("ts", "time")
            .field("uid", "string")
            .connId()
            .field("version", "string")
            .field("client_initial_dcid", "string")
            .field("client_scid", "string")
            .field("server_scid", "string")
            .field("server_name", "string")
            .field("client_protocol", "string")
            .field("history", "string")
            .field("ja4", "string")
            .field("ja4s", "string")
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
        out.string(version);
        out.stringOrUnset(clientInitialDcid);
        out.stringOrUnset(clientScid);
        out.stringOrUnset(serverScid);
        out.wireOrUnset(serverName);
        out.wireOrUnset(clientProtocol);
        out.string(history);
        out.stringOrUnset(ja4);
        out.stringOrUnset(ja4s);
    }
}
