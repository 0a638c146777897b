package io.sluice.protocol.tls;

import io.sluice.protocol.ProtocolSignature;

/**
 * TLS for the stream layer: register {@link #SIGNATURE}. Emits {@link TlsHandshake} (ssl.log) and
 * {@link X509Certificate} (x509.log) with JA3, JA3S, JA4, JA4S and JA4X; the hello parsers
 * ({@link ClientHello}, {@link ServerHello}) and fingerprints ({@link Ja3}, {@link Ja4},
 * {@link Ja4x}) work on their own for QUIC.
 */
public final class TlsProtocol {
    public static final ProtocolSignature SIGNATURE = new TlsSignature();
    /** DTLS 1.0/1.2 over UDP, logged in ssl.log as Zeek's DTLS analyzer does (service "dtls"). */
    public static final ProtocolSignature DTLS_SIGNATURE = new DtlsSignature();

    private TlsProtocol() {}
}
