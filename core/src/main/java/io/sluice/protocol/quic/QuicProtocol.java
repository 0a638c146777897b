package io.sluice.protocol.quic;

import io.sluice.protocol.ProtocolSignature;

/**
 * QUIC for the stream layer: register {@link #SIGNATURE}. Its dissector ({@link QuicDissector})
 * emits {@link QuicConnection} (quic.log) with JA4/JA4S, and the ssl.log row
 * ({@link io.sluice.protocol.tls.TlsHandshake}) Zeek writes for the TLS handshake inside QUIC;
 * it confirms "quic" and then "ssl", so conn.log's service reads "quic,ssl" as Zeek's.
 */
public final class QuicProtocol {
    public static final ProtocolSignature SIGNATURE = new QuicSignature();

    private QuicProtocol() {}
}
