package io.sluice.protocol.tls;

import io.sluice.protocol.tls.x509.ParsedCertificate;
import java.util.List;

/**
 * JA4X (FoxIO, technical_details/JA4X.md): how a certificate was built, not what it says.
 * {@code sha12(issuer attribute OIDs)_sha12(subject attribute OIDs)_sha12(extension OIDs)}, each
 * list the hex of the OIDs in the order they appear, comma separated; an empty list hashes to
 * {@code 000000000000}.
 */
public final class Ja4x {
    private Ja4x() {}

    public static String ja4x(ParsedCertificate c) {
        return part(c.issuerOids()) + "_" + part(c.subjectOids()) + "_" + part(c.extensionOids());
    }

    public static String ja4xRaw(ParsedCertificate c) {
        return String.join(",", c.issuerOids()) + "_" + String.join(",", c.subjectOids()) + "_"
                + String.join(",", c.extensionOids());
    }

    private static String part(List<String> oids) {
        return oids.isEmpty() ? "000000000000" : Ja4.sha12(String.join(",", oids));
    }
}
