package io.sluice.protocol.snmp;

import java.nio.ByteBuffer;

/**
 * A bounded BER (X.690) reader over a byte range: definite lengths only (SNMP forbids the
 * indefinite form), at most four length bytes, every length checked against the enclosing end.
 * {@link #next} reads one header; on damage it returns false and {@link #problem} says why. One
 * reader is reused for every message of a connection.
 */
final class Ber {
    static final int INTEGER = 0x02, OCTET_STRING = 0x04, NULL = 0x05, OID = 0x06, SEQUENCE = 0x30;
    static final int IP_ADDRESS = 0x40, COUNTER32 = 0x41, GAUGE32 = 0x42, TIMETICKS = 0x43, COUNTER64 = 0x46;

    ByteBuffer buf;
    /** The element read by {@link #next}: its tag, where its content starts and ends. */
    int tag, start, end;
    String problem;

    /** Reads the header of the element at {@code at}, which must end by {@code limit}. */
    boolean next(int at, int limit) {
        if (at + 2 > limit) return fail("element header beyond its container");
        tag = buf.get(at) & 0xff;
        if ((tag & 0x1f) == 0x1f) return fail("multi-byte tag");
        int first = buf.get(at + 1) & 0xff;
        int p = at + 2;
        long len;
        if (first < 0x80) {
            len = first;
        } else {
            int n = first & 0x7f;
            if (n == 0) return fail("indefinite length");
            if (n > 4) return fail("length of " + n + " bytes");
            if (p + n > limit) return fail("length bytes beyond the container");
            len = 0;
            for (int i = 0; i < n; i++) len = (len << 8) | (buf.get(p + i) & 0xff);
            p += n;
        }
        if (len > limit - p) return fail("length " + len + " beyond the container");
        start = p;
        end = p + (int) len;
        return true;
    }

    /** Like {@link #next} but also requires the tag. */
    boolean expect(int at, int limit, int wantTag) {
        if (!next(at, limit)) return false;
        return tag == wantTag || fail("tag 0x" + Integer.toHexString(tag) + " where 0x" + Integer.toHexString(wantTag) + " belongs");
    }

    /** The current element's content as a signed integer (at most 8 bytes; longer is clipped). */
    long integer() {
        int n = end - start;
        if (n == 0) return 0;
        long v = buf.get(start); // sign from the first byte
        for (int i = 1; i < Math.min(n, 8); i++) v = (v << 8) | (buf.get(start + i) & 0xff);
        return v;
    }

    /** The current element's content as an unsigned integer (Counter32, Gauge32, TimeTicks, Counter64). */
    long unsigned() {
        long v = 0;
        for (int i = Math.max(start, end - 8); i < end; i++) v = (v << 8) | (buf.get(i) & 0xff);
        return v;
    }

    String octets() {
        char[] c = new char[end - start];
        for (int i = 0; i < c.length; i++) c[i] = (char) (buf.get(start + i) & 0xff);
        return new String(c);
    }

    /** The current OID element as dotted numbers, or null when malformed. */
    String oid() {
        if (end == start) return null;
        var sb = new StringBuilder(32);
        long value = 0;
        boolean firstArc = true;
        for (int i = start; i < end; i++) {
            int b = buf.get(i) & 0xff;
            if (value > (Long.MAX_VALUE >> 7)) return null;
            value = (value << 7) | (b & 0x7f);
            if ((b & 0x80) != 0) {
                if (i == end - 1) return null;
                continue;
            }
            if (firstArc) {
                int top = value < 40 ? 0 : value < 80 ? 1 : 2;
                sb.append(top).append('.').append(value - 40L * top);
                firstArc = false;
            } else {
                sb.append('.').append(value);
            }
            value = 0;
        }
        return sb.toString();
    }

    private boolean fail(String why) {
        problem = why;
        return false;
    }
}
