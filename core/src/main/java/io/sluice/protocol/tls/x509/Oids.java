package io.sluice.protocol.tls.x509;

import java.util.Map;

/**
 * Names of object identifiers as OpenSSL prints them, which is what Zeek's x509.log shows:
 * distinguished-name attributes by their short names (RFC 2253 one-line form, {@code XN_FLAG_FN_SN}),
 * algorithms by their long names ({@code i2a_ASN1_OBJECT}), curves by their short names. Anything
 * not listed is printed in dotted form, as OpenSSL does for OIDs it does not know.
 */
final class Oids {
    private Oids() {}

    static final String RSA = "1.2.840.113549.1.1.1";
    static final String DSA = "1.2.840.10040.4.1";
    static final String EC = "1.2.840.10045.2.1";
    static final String SUBJECT_ALT_NAME = "2.5.29.17";
    static final String BASIC_CONSTRAINTS = "2.5.29.19";
    static final String COMMON_NAME = "2.5.4.3";

    private static final Map<String, String> ATTRIBUTES = Map.ofEntries(
            Map.entry("2.5.4.3", "CN"),
            Map.entry("2.5.4.4", "SN"),
            Map.entry("2.5.4.5", "serialNumber"),
            Map.entry("2.5.4.6", "C"),
            Map.entry("2.5.4.7", "L"),
            Map.entry("2.5.4.8", "ST"),
            Map.entry("2.5.4.9", "street"),
            Map.entry("2.5.4.10", "O"),
            Map.entry("2.5.4.11", "OU"),
            Map.entry("2.5.4.12", "title"),
            Map.entry("2.5.4.13", "description"),
            Map.entry("2.5.4.14", "searchGuide"),
            Map.entry("2.5.4.15", "businessCategory"),
            Map.entry("2.5.4.16", "postalAddress"),
            Map.entry("2.5.4.17", "postalCode"),
            Map.entry("2.5.4.18", "postOfficeBox"),
            Map.entry("2.5.4.20", "telephoneNumber"),
            Map.entry("2.5.4.41", "name"),
            Map.entry("2.5.4.42", "GN"),
            Map.entry("2.5.4.43", "initials"),
            Map.entry("2.5.4.44", "generationQualifier"),
            Map.entry("2.5.4.45", "x500UniqueIdentifier"),
            Map.entry("2.5.4.46", "dnQualifier"),
            Map.entry("2.5.4.65", "pseudonym"),
            Map.entry("2.5.4.72", "role"),
            Map.entry("2.5.4.97", "organizationIdentifier"),
            Map.entry("1.2.840.113549.1.9.1", "emailAddress"),
            Map.entry("1.2.840.113549.1.9.2", "unstructuredName"),
            Map.entry("1.2.840.113549.1.9.8", "unstructuredAddress"),
            Map.entry("0.9.2342.19200300.100.1.1", "UID"),
            Map.entry("0.9.2342.19200300.100.1.25", "DC"),
            Map.entry("1.3.6.1.4.1.311.60.2.1.1", "jurisdictionL"),
            Map.entry("1.3.6.1.4.1.311.60.2.1.2", "jurisdictionST"),
            Map.entry("1.3.6.1.4.1.311.60.2.1.3", "jurisdictionC"));

    private static final Map<String, String> ALGORITHMS = Map.ofEntries(
            Map.entry(RSA, "rsaEncryption"),
            Map.entry("1.2.840.113549.1.1.2", "md2WithRSAEncryption"),
            Map.entry("1.2.840.113549.1.1.3", "md4WithRSAEncryption"),
            Map.entry("1.2.840.113549.1.1.4", "md5WithRSAEncryption"),
            Map.entry("1.2.840.113549.1.1.5", "sha1WithRSAEncryption"),
            Map.entry("1.2.840.113549.1.1.10", "rsassaPss"),
            Map.entry("1.2.840.113549.1.1.11", "sha256WithRSAEncryption"),
            Map.entry("1.2.840.113549.1.1.12", "sha384WithRSAEncryption"),
            Map.entry("1.2.840.113549.1.1.13", "sha512WithRSAEncryption"),
            Map.entry("1.2.840.113549.1.1.14", "sha224WithRSAEncryption"),
            Map.entry("1.3.14.3.2.29", "sha1WithRSA"),
            Map.entry(DSA, "dsaEncryption"),
            Map.entry("1.2.840.10040.4.3", "dsaWithSHA1"),
            Map.entry("2.16.840.1.101.3.4.3.1", "dsa_with_SHA224"),
            Map.entry("2.16.840.1.101.3.4.3.2", "dsa_with_SHA256"),
            Map.entry(EC, "id-ecPublicKey"),
            Map.entry("1.2.840.10045.4.1", "ecdsa-with-SHA1"),
            Map.entry("1.2.840.10045.4.3.1", "ecdsa-with-SHA224"),
            Map.entry("1.2.840.10045.4.3.2", "ecdsa-with-SHA256"),
            Map.entry("1.2.840.10045.4.3.3", "ecdsa-with-SHA384"),
            Map.entry("1.2.840.10045.4.3.4", "ecdsa-with-SHA512"),
            Map.entry("1.3.101.110", "X25519"),
            Map.entry("1.3.101.111", "X448"),
            Map.entry("1.3.101.112", "ED25519"),
            Map.entry("1.3.101.113", "ED448"));

    /** Named curves: OpenSSL short name and the bit length of the group order. */
    record Curve(String name, int bits) {}

    private static final Map<String, Curve> CURVES = Map.ofEntries(
            Map.entry("1.2.840.10045.3.1.1", new Curve("prime192v1", 192)),
            Map.entry("1.2.840.10045.3.1.7", new Curve("prime256v1", 256)),
            Map.entry("1.3.132.0.10", new Curve("secp256k1", 256)),
            Map.entry("1.3.132.0.33", new Curve("secp224r1", 224)),
            Map.entry("1.3.132.0.34", new Curve("secp384r1", 384)),
            Map.entry("1.3.132.0.35", new Curve("secp521r1", 521)),
            Map.entry("1.3.36.3.3.2.8.1.1.7", new Curve("brainpoolP256r1", 256)),
            Map.entry("1.3.36.3.3.2.8.1.1.11", new Curve("brainpoolP384r1", 384)),
            Map.entry("1.3.36.3.3.2.8.1.1.13", new Curve("brainpoolP512r1", 512)));

    static String attribute(String oid) {
        return ATTRIBUTES.getOrDefault(oid, oid);
    }

    static String algorithm(String oid) {
        return ALGORITHMS.getOrDefault(oid, oid);
    }

    static Curve curve(String oid) {
        return CURVES.get(oid);
    }
}
