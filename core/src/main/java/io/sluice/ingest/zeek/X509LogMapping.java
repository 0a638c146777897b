package io.sluice.ingest.zeek;

import io.sluice.ingest.IngestContext;
import io.sluice.protocol.tls.X509Certificate;
import io.sluice.protocol.tls.x509.ParsedCertificate;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code x509.log} → {@link X509Certificate}. The log has no connection uid (the event's uid stays
 * null) and none of the OIDs a certificate parse gives, so those lists are empty; the subject's
 * common names are taken from the subject text. Self-signed means subject equals issuer, as the
 * TLS dissector decides it. Zeek before 4.2 had no {@code fingerprint} and identified the
 * certificate by its file id, {@code id}, which then stands in for it.
 */
final class X509LogMapping implements ZeekLogMapping {

    @Override
    public String path() {
        return "x509";
    }

    @Override
    public List<String> signature() {
        return List.of("certificate.version", "certificate.subject");
    }

    @Override
    public void map(ZeekRow r, IngestContext context, String exporter) {
        String fingerprint = r.has("fingerprint") ? r.string("fingerprint") : r.required("id");
        String subject = r.requiredText("certificate.subject");
        String issuer = r.requiredText("certificate.issuer");
        boolean selfIssued = subject.equals(issuer);
        var cert = new ParsedCertificate(r.integer("certificate.version") == null ? 0 : r.integer("certificate.version"),
                r.required("certificate.serial"), subject, issuer, r.time("certificate.not_valid_before"),
                r.time("certificate.not_valid_after"), r.required("certificate.key_alg"),
                r.required("certificate.sig_alg"), r.string("certificate.key_type"), r.integer("certificate.key_length"),
                r.string("certificate.exponent"), r.string("certificate.curve"), r.wires("san.dns"),
                r.wires("san.uri"), r.wires("san.email"), r.strings("san.ip"), r.bool("basic_constraints.ca"),
                r.integer("basic_constraints.path_len"), commonNames(subject), List.of(), List.of(), List.of(),
                selfIssued);
        Boolean selfSigned = r.bool("self_signed");
        context.emit(new X509Certificate(r.requiredTime("ts"), r.string("uid"), fingerprint, cert,
                r.bool("host_cert", false), r.bool("client_cert", false), r.string("ja4x"),
                selfSigned != null ? selfSigned : selfIssued));
    }

    /** The CN values of an RFC 2253-style subject as Zeek prints it ("CN=a,O=b"); escaped commas kept. */
    static List<String> commonNames(String subject) {
        var out = new ArrayList<String>();
        int start = 0;
        for (int i = 0; i <= subject.length(); i++) {
            boolean end = i == subject.length() || (subject.charAt(i) == ',' && (i == 0 || subject.charAt(i - 1) != '\\'));
            if (!end) continue;
            String part = subject.substring(start, i).strip();
            if (part.regionMatches(true, 0, "CN=", 0, 3)) out.add(part.substring(3));
            start = i + 1;
        }
        return out;
    }
}
