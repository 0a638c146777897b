package io.sluice.protocol.tls.x509;

import java.util.List;

/**
 * The fields of an X.509 certificate that Zeek's x509.log shows, plus what JA4X and host-name
 * matching need. Nullable fields are absent in the certificate (or not understood).
 *
 * @param version 1, 2 or 3
 * @param serial upper-case hex as OpenSSL prints it
 * @param notValidBeforeNanos epoch nanoseconds, null if the time did not parse
 * @param keyType "rsa", "dsa" or "ecdsa" (Zeek's names), null for other key types
 * @param exponent RSA public exponent in decimal
 * @param curve the named curve of an EC key (OpenSSL short name)
 * @param issuerOids hex of the issuer's attribute OIDs, in wire order
 * @param extensionOids hex of the extension OIDs, in wire order
 * @param selfIssued whether subject and issuer are the same name (signature not verified)
 */
public record ParsedCertificate(
        int version,
        String serial,
        String subject,
        String issuer,
        Long notValidBeforeNanos,
        Long notValidAfterNanos,
        String keyAlg,
        String sigAlg,
        String keyType,
        Integer keyLength,
        String exponent,
        String curve,
        List<String> sanDns,
        List<String> sanUri,
        List<String> sanEmail,
        List<String> sanIp,
        Boolean basicConstraintsCa,
        Integer basicConstraintsPathLen,
        List<String> subjectCommonNames,
        List<String> issuerOids,
        List<String> subjectOids,
        List<String> extensionOids,
        boolean selfIssued) {}
