package io.sluice.packet.craft;

import static io.sluice.packet.craft.DerWriter.bitString;
import static io.sluice.packet.craft.DerWriter.bool;
import static io.sluice.packet.craft.DerWriter.explicit;
import static io.sluice.packet.craft.DerWriter.implicitPrimitive;
import static io.sluice.packet.craft.DerWriter.integer;
import static io.sluice.packet.craft.DerWriter.namedBits;
import static io.sluice.packet.craft.DerWriter.nullValue;
import static io.sluice.packet.craft.DerWriter.octetString;
import static io.sluice.packet.craft.DerWriter.oid;
import static io.sluice.packet.craft.DerWriter.printable;
import static io.sluice.packet.craft.DerWriter.sequence;
import static io.sluice.packet.craft.DerWriter.set;
import static io.sluice.packet.craft.DerWriter.time;
import static io.sluice.packet.craft.DerWriter.unsignedInteger;
import static io.sluice.packet.craft.DerWriter.utf8;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * DER X.509 v3 certificates (RFC 5280) with real structure and random key material: a subject key
 * is random bytes of the right shape (an odd RSA modulus with its top bit set, an uncompressed EC
 * point), and the signature random bytes of its algorithm's length. Nothing in a capture verifies
 * signatures, and no private key is needed; parsers see a certificate like any other.
 */
public final class CertificateBytes {
    /** Key usage bits (RFC 5280 4.2.1.3), bit 0 first. */
    public static final int DIGITAL_SIGNATURE = 1, KEY_ENCIPHERMENT = 1 << 2, KEY_CERT_SIGN = 1 << 5, CRL_SIGN = 1 << 6;

    public static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1", CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    /** A subject public key: its type decides the SubjectPublicKeyInfo and the signatures it makes. */
    public enum KeyType {
        RSA_2048(256), RSA_4096(512), EC_P256(32), EC_P384(48);

        final int size;

        KeyType(int size) {
            this.size = size;
        }

        boolean rsa() {
            return this == RSA_2048 || this == RSA_4096;
        }
    }

    /** One key: its type and its public bytes (modulus, or the uncompressed point). */
    public record Key(KeyType type, byte[] publicBytes) {
        public static Key random(KeyType type, RandomGenerator r) {
            byte[] b;
            if (type.rsa()) {
                b = new byte[type.size];
                r.nextBytes(b);
                b[0] |= (byte) 0x80;
                b[b.length - 1] |= 1;
            } else {
                b = new byte[1 + 2 * type.size];
                r.nextBytes(b);
                b[0] = 4;
            }
            return new Key(type, b);
        }

        /** 20 bytes standing for the SHA-1 key identifier (RFC 5280 4.2.1.2 method 1). */
        byte[] identifier() {
            byte[] id = new byte[20];
            for (int i = 0; i < publicBytes.length; i++) id[i % 20] ^= (byte) (publicBytes[i] * 31 + i);
            return id;
        }

        byte[] subjectPublicKeyInfo() {
            return switch (type) {
                case RSA_2048, RSA_4096 -> sequence(sequence(oid("1.2.840.113549.1.1.1"), nullValue()),
                        bitString(sequence(unsignedInteger(publicBytes), integer(65537))));
                case EC_P256 -> sequence(sequence(oid("1.2.840.10045.2.1"), oid("1.2.840.10045.3.1.7")), bitString(publicBytes));
                case EC_P384 -> sequence(sequence(oid("1.2.840.10045.2.1"), oid("1.3.132.0.34")),
                        bitString(publicBytes));
            };
        }

        /** The AlgorithmIdentifier of the signatures this key makes. */
        byte[] signatureAlgorithm() {
            return switch (type) {
                case RSA_2048, RSA_4096 -> sequence(oid("1.2.840.113549.1.1.11"), nullValue()); // sha256WithRSAEncryption
                case EC_P256 -> sequence(oid("1.2.840.10045.4.3.2")); // ecdsa-with-SHA256
                case EC_P384 -> sequence(oid("1.2.840.10045.4.3.3")); // ecdsa-with-SHA384
            };
        }

        /** A signature of the right length and form: RSA's is the modulus size, ECDSA's a DER SEQUENCE of r and s. */
        byte[] signature(RandomGenerator r) {
            if (type.rsa()) {
                byte[] s = new byte[type.size];
                r.nextBytes(s);
                s[0] &= 0x7f; // below the modulus
                return s;
            }
            byte[] rr = new byte[type.size], ss = new byte[type.size];
            r.nextBytes(rr);
            r.nextBytes(ss);
            return sequence(unsignedInteger(rr), unsignedInteger(ss));
        }
    }

    /** A name as an ordered list of (attribute OID, value) pairs, one per RDN. */
    public record Name(List<String[]> attributes) {
        public static Name of(String country, String organization, String commonName) {
            var a = new ArrayList<String[]>();
            if (country != null) a.add(new String[] {"2.5.4.6", country});
            if (organization != null) a.add(new String[] {"2.5.4.10", organization});
            a.add(new String[] {"2.5.4.3", commonName});
            return new Name(a);
        }

        byte[] der() {
            var rdns = new ByteArrayOutputStream();
            for (String[] a : attributes) {
                // countryName is a PrintableString (RFC 5280 appendix A); the rest UTF8String, as CAs write them now
                byte[] value = a[0].equals("2.5.4.6") ? printable(a[1]) : utf8(a[1]);
                rdns.writeBytes(set(sequence(oid(a[0]), value)));
            }
            return sequence(rdns.toByteArray());
        }
    }

    private final byte[] serial;
    private final Name issuer, subject;
    private final Key issuerKey, subjectKey;
    private long notBefore, notAfter;
    private final List<byte[]> extensions = new ArrayList<>();

    /**
     * @param serial unsigned big-endian bytes; CAs use 16 random bytes (CA/B Forum: at least 64 bits)
     */
    public CertificateBytes(byte[] serial, Name issuer, Key issuerKey, Name subject, Key subjectKey) {
        this.serial = serial.clone();
        this.issuer = issuer;
        this.issuerKey = issuerKey;
        this.subject = subject;
        this.subjectKey = subjectKey;
    }

    public CertificateBytes validity(long notBeforeEpochSeconds, long notAfterEpochSeconds) {
        this.notBefore = notBeforeEpochSeconds;
        this.notAfter = notAfterEpochSeconds;
        return this;
    }

    public CertificateBytes basicConstraints(boolean ca, int pathLen) {
        byte[] value = ca ? (pathLen >= 0 ? sequence(bool(true), integer(pathLen)) : sequence(bool(true))) : sequence();
        return extension("2.5.29.19", true, value);
    }

    public CertificateBytes keyUsage(int bits) {
        return extension("2.5.29.15", true, namedBits(bits, 9));
    }

    public CertificateBytes extendedKeyUsage(String... purposes) {
        var list = new ByteArrayOutputStream();
        for (String p : purposes) list.writeBytes(oid(p));
        return extension("2.5.29.37", false, sequence(list.toByteArray()));
    }

    public CertificateBytes subjectAltNames(List<String> dnsNames) {
        var names = new ByteArrayOutputStream();
        for (String n : dnsNames) names.writeBytes(implicitPrimitive(2, ascii(n)));
        return extension("2.5.29.17", false, sequence(names.toByteArray()));
    }

    /** Subject and authority key identifiers, as every CA writes them. */
    public CertificateBytes keyIdentifiers() {
        extension("2.5.29.14", false, octetString(subjectKey.identifier()));
        return extension("2.5.29.35", false, sequence(implicitPrimitive(0, issuerKey.identifier())));
    }

    /** Authority information access: where to find the issuer's certificate and its OCSP responder. */
    public CertificateBytes authorityInfoAccess(String ocspUrl, String issuerUrl) {
        byte[] ocsp = sequence(oid("1.3.6.1.5.5.7.48.1"), implicitPrimitive(6, ascii(ocspUrl)));
        byte[] ca = sequence(oid("1.3.6.1.5.5.7.48.2"), implicitPrimitive(6, ascii(issuerUrl)));
        return extension("1.3.6.1.5.5.7.1.1", false, sequence(ocsp, ca));
    }

    /** Certificate policies: the CA/B Forum's domain-validated policy. */
    public CertificateBytes domainValidatedPolicy() {
        return extension("2.5.29.32", false, sequence(sequence(oid("2.23.140.1.2.1"))));
    }

    private CertificateBytes extension(String id, boolean critical, byte[] value) {
        extensions.add(critical ? sequence(oid(id), bool(true), octetString(value)) : sequence(oid(id), octetString(value)));
        return this;
    }

    /** The certificate's DER; {@code r} makes the signature. */
    public byte[] build(RandomGenerator r) {
        var ext = new ByteArrayOutputStream();
        for (byte[] e : extensions) ext.writeBytes(e);
        byte[] sigAlg = issuerKey.signatureAlgorithm();
        byte[] tbs = sequence(explicit(0, integer(2)), unsignedInteger(serial), sigAlg, issuer.der(),
                sequence(time(notBefore), time(notAfter)), subject.der(), subjectKey.subjectPublicKeyInfo(),
                explicit(3, sequence(ext.toByteArray())));
        return sequence(tbs, sigAlg, bitString(issuerKey.signature(r)));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
