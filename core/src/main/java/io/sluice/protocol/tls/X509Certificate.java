package io.sluice.protocol.tls;

import io.sluice.event.ContentEvent;
import io.sluice.event.FieldSink;
import io.sluice.event.LogSchema;
import io.sluice.protocol.tls.x509.ParsedCertificate;
import java.util.List;

/**
 * DS0029 Network Traffic Content: one X.509 certificate seen in a TLS handshake, a row of Zeek's
 * {@code x509.log} (same fields and order; the fingerprint is SHA-256 of the DER, Zeek's default),
 * plus JA4X and a self-signed flag appended. Like Zeek's log it carries no uid; the record keeps
 * the connection's uid for analytics.
 *
 * @param selfSigned subject and issuer are the same name (the signature is not verified)
 */
public record X509Certificate(
        long tsNanos,
        String uid,
        String fingerprint,
        ParsedCertificate certificate,
        boolean hostCert,
        boolean clientCert,
        String ja4x,
        boolean selfSigned)
        implements ContentEvent {

    public static final LogSchema SCHEMA = LogSchema.named("x509")
            .field("ts", "time")
            .field("fingerprint", "string")
            .field("certificate.version", "count")
            .field("certificate.serial", "string")
            .field("certificate.subject", "string")
            .field("certificate.issuer", "string")
            .field("certificate.not_valid_before", "time")
            .field("certificate.not_valid_after", "time")
            .field("certificate.key_alg", "string")
            .field("certificate.sig_alg", "string")
            .field("certificate.key_type", "string")
            .field("certificate.key_length", "count")
            .field("certificate.exponent", "string")
            .field("certificate.curve", "string")
            .field("san.dns", "vector[string]")
            .field("san.uri", "vector[string]")
            .field("san.email", "vector[string]")
            .field("san.ip", "vector[addr]")
            .field("basic_constraints.ca", "bool")
            .field("basic_constraints.path_len", "count")
            .field("host_cert", "bool")
            .field("client_cert", "bool")
            .field("ja4x", "string")
            .field("self_signed", "bool")
            .build();

    @Override
    public LogSchema schema() {
        return SCHEMA;
    }

    @Override
    public void write(FieldSink out) {
        ParsedCertificate c = certificate;
        out.time(tsNanos);
        out.string(fingerprint);
        out.count(c.version());
        out.string(c.serial());
        out.string(c.subject());
        out.string(c.issuer());
        if (c.notValidBeforeNanos() == null) out.unset(); else out.time(c.notValidBeforeNanos());
        if (c.notValidAfterNanos() == null) out.unset(); else out.time(c.notValidAfterNanos());
        out.string(c.keyAlg());
        out.string(c.sigAlg());
        out.stringOrUnset(c.keyType());
        if (c.keyLength() == null) out.unset(); else out.count(c.keyLength());
        out.stringOrUnset(c.exponent());
        out.stringOrUnset(c.curve());
        wires(out, c.sanDns());
        wires(out, c.sanUri());
        wires(out, c.sanEmail());
        strings(out, c.sanIp());
        if (c.basicConstraintsCa() == null) out.unset(); else out.bool(c.basicConstraintsCa());
        if (c.basicConstraintsPathLen() == null) out.unset(); else out.count(c.basicConstraintsPathLen());
        out.bool(hostCert);
        out.bool(clientCert);
        out.stringOrUnset(ja4x);
        out.bool(selfSigned);
    }

    private static void strings(FieldSink out, List<String> v) {
        if (v == null || v.isEmpty()) out.unset(); else out.strings(v);
    }

    /** SAN names are IA5String bytes, kept one char per byte. */
    private static void wires(FieldSink out, List<String> v) {
        if (v == null || v.isEmpty()) out.unset(); else out.wires(v);
    }
}
