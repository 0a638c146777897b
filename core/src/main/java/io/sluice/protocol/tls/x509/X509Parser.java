package io.sluice.protocol.tls.x509;

import io.sluice.packet.IpAddress;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses a DER X.509 certificate (RFC 5280) into the fields of Zeek's x509.log. Bounded by the
 * input: every TLV length is checked against its container, so any input, however broken, ends in
 * a result or null, never an exception.
 */
public final class X509Parser {

    /** Certificates larger than this are not parsed (TLS limits a message to 16 MiB; real ones are a few KiB). */
    public static final int MAX_CERTIFICATE = 64 * 1024;

    private X509Parser() {}

    /** The parsed certificate, or null if {@code der[off, off+len)} is not one we can read. */
    public static ParsedCertificate parse(byte[] der, int off, int len) {
        if (len <= 0 || len > MAX_CERTIFICATE || off < 0 || off + len > der.length) return null;
        try {
            return parseOrThrow(der, off, off + len);
        } catch (Der.Malformed e) {
            return null;
        }
    }

    private static ParsedCertificate parseOrThrow(byte[] b, int off, int end) {
        var outer = new Der(b, off, end);
        outer.expect(Der.SEQUENCE);
        Der cert = outer.inside();
        cert.expect(Der.SEQUENCE);
        Der tbs = cert.inside();
        cert.expect(Der.SEQUENCE);
        String sigAlg = algorithmOid(cert.inside());

        int version = 1;
        if (tbs.peekTag() == 0xa0) {
            tbs.next();
            Der v = tbs.inside();
            v.expect(Der.INTEGER);
            version = smallInt(v) + 1;
        }
        tbs.expect(Der.INTEGER);
        String serial = serial(b, tbs.vStart, tbs.vEnd);
        tbs.expect(Der.SEQUENCE); // signature algorithm inside the TBS
        tbs.expect(Der.SEQUENCE);
        int issuerStart = tbs.start, issuerEnd = tbs.vEnd;
        DistinguishedName issuer = DistinguishedName.parse(tbs);
        tbs.expect(Der.SEQUENCE);
        Der validity = tbs.inside();
        Long notBefore = time(validity);
        Long notAfter = time(validity);
        tbs.expect(Der.SEQUENCE);
        int subjectStart = tbs.start, subjectEnd = tbs.vEnd;
        DistinguishedName subject = DistinguishedName.parse(tbs);
        tbs.expect(Der.SEQUENCE);
        var key = PublicKey.parse(tbs.inside());

        var ext = new ExtensionFields();
        while (tbs.hasMore()) {
            int t = tbs.next();
            if (t == 0xa3) ext.parse(tbs.inside());
        }
        boolean selfIssued = Arrays.equals(b, issuerStart, issuerEnd, b, subjectStart, subjectEnd);
        return new ParsedCertificate(version, serial, subject.text(), issuer.text(), notBefore, notAfter,
                Oids.algorithm(key.algorithmOid), Oids.algorithm(sigAlg), key.type, key.length, key.exponent, key.curve,
                copy(ext.dns), copy(ext.uri), copy(ext.email), copy(ext.ip), ext.ca, ext.pathLen, subject.commonNames(),
                issuer.attributeOids(), subject.attributeOids(), List.copyOf(ext.oids), selfIssued);
    }

    private static List<String> copy(List<String> l) {
        return l == null ? null : List.copyOf(l);
    }

    /** Reads an AlgorithmIdentifier's OID (the reader is positioned inside the SEQUENCE). */
    private static String algorithmOid(Der alg) {
        alg.expect(Der.OID);
        return alg.oid();
    }

    private static int smallInt(Der d) {
        int len = d.valueLength();
        if (len < 1 || len > 4) throw new Der.Malformed("integer out of range");
        int v = d.b[d.vStart]; // sign-extended
        for (int i = 1; i < len; i++) v = (v << 8) | (d.b[d.vStart + i] & 0xff);
        return v;
    }

    /** OpenSSL's i2a_ASN1_INTEGER: sign, magnitude in upper-case hex, a break every 35 bytes. */
    static String serial(byte[] b, int from, int to) {
        if (from >= to) return "00";
        byte[] mag;
        boolean negative = (b[from] & 0x80) != 0;
        if (negative) {
            mag = new BigInteger(Arrays.copyOfRange(b, from, to)).negate().toByteArray();
        } else {
            mag = Arrays.copyOfRange(b, from, to);
        }
        int s = 0;
        while (s < mag.length - 1 && mag[s] == 0) s++;
        var sb = new StringBuilder(negative ? "-" : "");
        for (int i = s; i < mag.length; i++) {
            if (i != s && (i - s) % 35 == 0) sb.append("\\\n");
            sb.append(Der.hex(mag, i, i + 1, true));
        }
        return sb.toString();
    }

    /** UTCTime or GeneralizedTime as epoch nanoseconds; null if it does not parse. */
    static Long time(Der d) {
        int t = d.next();
        if (t != Der.UTC_TIME && t != Der.GENERALIZED_TIME) throw new Der.Malformed("not a time");
        String s = new String(d.b, d.vStart, d.valueLength(), StandardCharsets.ISO_8859_1);
        try {
            int p = 0;
            int year;
            if (t == Der.UTC_TIME) {
                year = Integer.parseInt(s.substring(0, 2));
                year += year >= 50 ? 1900 : 2000;
                p = 2;
            } else {
                year = Integer.parseInt(s.substring(0, 4));
                p = 4;
            }
            int month = Integer.parseInt(s.substring(p, p + 2));
            int day = Integer.parseInt(s.substring(p + 2, p + 4));
            int hour = Integer.parseInt(s.substring(p + 4, p + 6));
            int minute = Integer.parseInt(s.substring(p + 6, p + 8));
            p += 8;
            int second = 0;
            if (p + 2 <= s.length() && Character.isDigit(s.charAt(p))) {
                second = Integer.parseInt(s.substring(p, p + 2));
                p += 2;
            }
            if (p < s.length() && (s.charAt(p) == '.' || s.charAt(p) == ',')) {
                p++;
                while (p < s.length() && Character.isDigit(s.charAt(p))) p++;
            }
            int offsetSeconds = 0;
            if (p < s.length() && (s.charAt(p) == '+' || s.charAt(p) == '-')) {
                int sign = s.charAt(p) == '+' ? 1 : -1;
                offsetSeconds = sign * (Integer.parseInt(s.substring(p + 1, p + 3)) * 3600
                        + Integer.parseInt(s.substring(p + 3, p + 5)) * 60);
            }
            var dt = java.time.LocalDateTime.of(year, month, day, hour, minute, second);
            long epoch = dt.toEpochSecond(java.time.ZoneOffset.UTC) - offsetSeconds;
            return epoch * 1_000_000_000L;
        } catch (RuntimeException e) { // NumberFormat, index or DateTime errors: the text is not a time
            return null;
        }
    }

    /** subjectPublicKeyInfo: algorithm and what Zeek derives from the key. */
    private static final class PublicKey {
        String algorithmOid, type, exponent, curve;
        Integer length;

        static PublicKey parse(Der spki) {
            var k = new PublicKey();
            spki.expect(Der.SEQUENCE);
            Der alg = spki.inside();
            alg.expect(Der.OID);
            k.algorithmOid = alg.oid();
            spki.expect(Der.BIT_STRING);
            int bitsStart = spki.vStart + 1, bitsEnd = spki.vEnd;
            if (bitsStart > bitsEnd) throw new Der.Malformed("empty BIT STRING");
            switch (k.algorithmOid) {
                case Oids.RSA -> {
                    k.type = "rsa";
                    Der rsa = new Der(spki.b, bitsStart, bitsEnd);
                    rsa.expect(Der.SEQUENCE);
                    Der nums = rsa.inside();
                    nums.expect(Der.INTEGER);
                    k.length = bitLength(nums.b, nums.vStart, nums.vEnd);
                    nums.expect(Der.INTEGER);
                    if (nums.valueLength() == 0) throw new Der.Malformed("empty exponent");
                    k.exponent = new BigInteger(Arrays.copyOfRange(nums.b, nums.vStart, nums.vEnd)).toString();
                }
                case Oids.DSA -> {
                    k.type = "dsa";
                    if (alg.peekTag() == Der.SEQUENCE) {
                        alg.next();
                        Der params = alg.inside();
                        params.expect(Der.INTEGER);
                        k.length = bitLength(params.b, params.vStart, params.vEnd);
                    }
                }
                case Oids.EC -> {
                    k.type = "ecdsa";
                    if (alg.peekTag() == Der.OID) {
                        alg.next();
                        Oids.Curve c = Oids.curve(alg.oid());
                        if (c != null) {
                            k.curve = c.name();
                            k.length = c.bits();
                        }
                    }
                }
                default -> { }
            }
            return k;
        }

        private static int bitLength(byte[] b, int from, int to) {
            int i = from;
            while (i < to && b[i] == 0) i++;
            if (i == to) return 0;
            return (to - i - 1) * 8 + (32 - Integer.numberOfLeadingZeros(b[i] & 0xff));
        }
    }

    /** The extensions Zeek logs (subjectAltName, basicConstraints) and every extension's OID. */
    private static final class ExtensionFields {
        final List<String> oids = new ArrayList<>();
        List<String> dns, uri, email, ip;
        Boolean ca;
        Integer pathLen;

        void parse(Der explicit) {
            explicit.expect(Der.SEQUENCE);
            Der list = explicit.inside();
            while (list.hasMore()) {
                list.expect(Der.SEQUENCE);
                Der ext = list.inside();
                ext.expect(Der.OID);
                String oid = ext.oid();
                oids.add(ext.valueHex());
                int t = ext.next();
                if (t == Der.BOOLEAN) t = ext.next();
                if (t != Der.OCTET_STRING) throw new Der.Malformed("extension without value");
                Der value = ext.inside();
                switch (oid) {
                    case Oids.SUBJECT_ALT_NAME -> altNames(value);
                    case Oids.BASIC_CONSTRAINTS -> basicConstraints(value);
                    default -> { }
                }
            }
        }

        private void altNames(Der value) {
            value.expect(Der.SEQUENCE);
            Der names = value.inside();
            while (names.hasMore()) {
                int t = names.next();
                String text = new String(names.b, names.vStart, names.valueLength(), StandardCharsets.ISO_8859_1);
                switch (t) {
                    case 0x81 -> email = add(email, text);
                    case 0x82 -> dns = add(dns, text);
                    case 0x86 -> uri = add(uri, text);
                    case 0x87 -> {
                        String a = address(names);
                        if (a != null) ip = add(ip, a);
                    }
                    default -> { }
                }
            }
        }

        private static String address(Der d) {
            int n = d.valueLength();
            byte[] b = d.b;
            int p = d.vStart;
            if (n == 4) {
                return (b[p] & 0xff) + "." + (b[p + 1] & 0xff) + "." + (b[p + 2] & 0xff) + "." + (b[p + 3] & 0xff);
            }
            if (n == 16) {
                long hi = 0, lo = 0;
                for (int i = 0; i < 8; i++) hi = (hi << 8) | (b[p + i] & 0xff);
                for (int i = 8; i < 16; i++) lo = (lo << 8) | (b[p + i] & 0xff);
                return IpAddress.format(hi, lo);
            }
            return null;
        }

        private void basicConstraints(Der value) {
            value.expect(Der.SEQUENCE);
            Der bc = value.inside();
            ca = Boolean.FALSE;
            if (bc.peekTag() == Der.BOOLEAN) {
                bc.next();
                ca = bc.valueLength() == 1 && bc.b[bc.vStart] != 0;
            }
            if (bc.peekTag() == Der.INTEGER) {
                bc.next();
                int len = bc.valueLength();
                if (len >= 1 && len <= 4) {
                    long v = 0;
                    for (int i = 0; i < len; i++) v = (v << 8) | (bc.b[bc.vStart + i] & 0xff);
                    pathLen = (int) Math.min(v, Integer.MAX_VALUE);
                }
            }
        }

        private static List<String> add(List<String> l, String v) {
            List<String> out = l == null ? new ArrayList<>(2) : l;
            out.add(v);
            return out;
        }
    }
}
