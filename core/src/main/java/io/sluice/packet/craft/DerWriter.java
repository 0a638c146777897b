package io.sluice.packet.craft;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * DER encodings (X.690) of the ASN.1 types certificates are made of, each as its complete TLV; the
 * TLV itself is {@link BerBytes}'s.
 */
public final class DerWriter {
    public static final int BOOLEAN = 0x01, INTEGER = 0x02, BIT_STRING = 0x03, OCTET_STRING = 0x04, NULL = 0x05,
            OID = 0x06, UTF8_STRING = 0x0c, PRINTABLE_STRING = 0x13, IA5_STRING = 0x16, UTC_TIME = 0x17,
            GENERALIZED_TIME = 0x18, SEQUENCE = 0x30, SET = 0x31;

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter GENERALIZED =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

    private DerWriter() {}

    /** A complete TLV with a definite, shortest length: {@link BerBytes#tlv}, which the Kerberos and LDAP builders use too. */
    public static byte[] tlv(int tag, byte[]... contents) {
        return BerBytes.tlv(tag, contents);
    }

    public static byte[] sequence(byte[]... contents) {
        return tlv(SEQUENCE, contents);
    }

    public static byte[] set(byte[]... contents) {
        return tlv(SET, contents);
    }

    /** [n] EXPLICIT, constructed. */
    public static byte[] explicit(int n, byte[]... contents) {
        return tlv(0xa0 | n, contents);
    }

    /** [n] IMPLICIT of a primitive type (as GeneralName's dNSName is). */
    public static byte[] implicitPrimitive(int n, byte[] value) {
        return tlv(0x80 | n, value);
    }

    public static byte[] bool(boolean v) {
        return BerBytes.bool(v);
    }

    public static byte[] integer(long v) {
        return integer(BigInteger.valueOf(v));
    }

    public static byte[] integer(BigInteger v) {
        return tlv(INTEGER, v.toByteArray()); // two's complement, minimal: what DER asks for
    }

    /** A non-negative INTEGER from unsigned big-endian bytes (an RSA modulus, a serial). */
    public static byte[] unsignedInteger(byte[] magnitude) {
        return integer(new BigInteger(1, magnitude));
    }

    public static byte[] nullValue() {
        return new byte[] {NULL, 0};
    }

    public static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        var out = new ByteArrayOutputStream();
        base128(out, Long.parseLong(arcs[0]) * 40 + Long.parseLong(arcs[1]));
        for (int i = 2; i < arcs.length; i++) base128(out, Long.parseLong(arcs[i]));
        return tlv(OID, out.toByteArray());
    }

    private static void base128(ByteArrayOutputStream out, long v) {
        int groups = 1;
        while ((v >>> (7 * groups)) != 0) groups++;
        for (int i = groups - 1; i >= 0; i--) out.write((int) ((v >>> (7 * i)) & 0x7f) | (i > 0 ? 0x80 : 0));
    }

    public static byte[] octetString(byte[] v) {
        return tlv(OCTET_STRING, v);
    }

    /** A BIT STRING with no unused bits (keys, signatures). */
    public static byte[] bitString(byte[] v) {
        return tlv(BIT_STRING, new byte[] {0}, v);
    }

    /** A named-bit BIT STRING (KeyUsage): {@code bits} has bit 0 as its most significant, trailing zeros dropped. */
    public static byte[] namedBits(int bits, int count) {
        int last = -1;
        for (int i = 0; i < count; i++) if ((bits & (1 << i)) != 0) last = i;
        if (last < 0) return tlv(BIT_STRING, new byte[] {0});
        int bytes = last / 8 + 1;
        byte[] v = new byte[bytes];
        for (int i = 0; i <= last; i++) if ((bits & (1 << i)) != 0) v[i / 8] |= (byte) (0x80 >>> (i % 8));
        return tlv(BIT_STRING, new byte[] {(byte) (bytes * 8 - 1 - last)}, v);
    }

    public static byte[] utf8(String s) {
        return tlv(UTF8_STRING, s.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] printable(String s) {
        return tlv(PRINTABLE_STRING, s.getBytes(StandardCharsets.US_ASCII));
    }

    public static byte[] ia5(String s) {
        return tlv(IA5_STRING, s.getBytes(StandardCharsets.US_ASCII));
    }

    /** RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050. */
    public static byte[] time(long epochSeconds) {
        Instant at = Instant.ofEpochSecond(epochSeconds);
        return at.atZone(ZoneOffset.UTC).getYear() < 2050
                ? tlv(UTC_TIME, UTC.format(at).getBytes(StandardCharsets.US_ASCII))
                : tlv(GENERALIZED_TIME, GENERALIZED.format(at).getBytes(StandardCharsets.US_ASCII));
    }
}
