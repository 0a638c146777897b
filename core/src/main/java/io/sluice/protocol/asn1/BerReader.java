package io.sluice.protocol.asn1;

import java.nio.charset.StandardCharsets;

/**
 * A bounds-checked, allocation-free reader of BER TLVs (X.690) in a byte range, for the protocols
 * that speak BER on the wire (Kerberos, LDAP, SNMP). Every length is checked against the enclosing
 * element before use; a malformed element makes {@link #next()} return false and sets
 * {@link #malformed()}, never an exception.
 *
 * <p>Why not {@code io.sluice.protocol.tls.x509.Der}: that reader is private to the X.509 parser,
 * allocates a reader per nested element and signals errors by exception, which suits a parser that
 * rejects a whole certificate; dissectors walk many small messages per connection and need to stop
 * quietly. This one descends with {@link #enter()} and {@link #exit()} on a fixed stack instead.
 *
 * <p>Supported: low-tag-number form (tag numbers 0..30, all Kerberos, LDAP and SNMP use), definite
 * lengths of up to four octets (BER allows non-minimal encodings, which some stacks send).
 * Indefinite lengths, which LDAP (RFC 4511 5.1) and Kerberos (DER) forbid, are malformed.
 */
public final class BerReader {
    public static final int MAX_DEPTH = 24;

    /** Universal tags, as whole identifier octets. */
    public static final int BOOLEAN = 0x01, INTEGER = 0x02, BIT_STRING = 0x03, OCTET_STRING = 0x04, NULL = 0x05,
            OID = 0x06, ENUMERATED = 0x0a, UTF8_STRING = 0x0c, SEQUENCE = 0x30, SET = 0x31,
            GENERAL_STRING = 0x1b, GENERALIZED_TIME = 0x18;

    private byte[] b = new byte[0];
    private int pos, end;
    private final int[] ends = new int[MAX_DEPTH];
    private final int[] resume = new int[MAX_DEPTH];
    private int depth;
    private boolean malformed;

    /** Of the TLV read last: its identifier octet, where it starts, where its value starts and ends. */
    private int tag, start, vStart, vEnd;

    /** Reads {@code b[off, end)} from the start. */
    public BerReader reset(byte[] bytes, int off, int endExclusive) {
        this.b = bytes;
        if (off < 0 || endExclusive > bytes.length || off > endExclusive) {
            pos = end = 0;
            malformed = true;
        } else {
            pos = off;
            end = endExclusive;
            malformed = false;
        }
        depth = 0;
        tag = -1;
        return this;
    }

    public boolean hasMore() {
        return !malformed && pos < end;
    }

    public boolean malformed() {
        return malformed;
    }

    /** Position after the last element read (or entered) at this level. */
    public int position() {
        return pos;
    }

    /** The identifier octet of the next TLV without consuming it, -1 at the end. */
    public int peekTag() {
        return hasMore() ? b[pos] & 0xff : -1;
    }

    /** Reads the next TLV header at this level; false at the end of the level or when malformed. */
    public boolean next() {
        if (malformed || pos >= end) return false;
        if (end - pos < 2) return fail();
        int t = b[pos] & 0xff;
        if ((t & 0x1f) == 0x1f) return fail(); // high tag number form: unused by the protocols we read
        int p = pos + 1;
        int len = b[p++] & 0xff;
        if (len >= 0x80) {
            int n = len & 0x7f;
            if (n == 0 || n > 4 || end - p < n) return fail();
            long l = 0;
            for (int i = 0; i < n; i++) l = (l << 8) | (b[p++] & 0xff);
            if (l > end - p) return fail();
            len = (int) l;
        } else if (len > end - p) {
            return fail();
        }
        tag = t;
        start = pos;
        vStart = p;
        vEnd = p + len;
        pos = vEnd;
        return true;
    }

    /** Reads the next TLV and checks its identifier octet; false (malformed) when it differs. */
    public boolean expect(int identifier) {
        if (!next()) return false;
        if (tag != identifier) return fail();
        return true;
    }

    /**
     * Skips elements at this level until one with {@code identifier}; false if none is left. Used
     * for the context tags of SEQUENCEs whose optional members may be absent.
     */
    public boolean seek(int identifier) {
        while (next()) {
            if (tag == identifier) return true;
        }
        return false;
    }

    /** Descends into the value of the element read last (which must be constructed). */
    public boolean enter() {
        if (malformed || tag < 0 || (tag & 0x20) == 0 || depth == MAX_DEPTH) return fail();
        ends[depth] = end;
        resume[depth] = vEnd;
        depth++;
        pos = vStart;
        end = vEnd;
        tag = -1;
        return true;
    }

    /** Returns to the level above, after the element {@link #enter()} descended into. */
    public void exit() {
        if (depth == 0) return;
        depth--;
        end = ends[depth];
        pos = resume[depth];
        tag = -1;
    }

    /** Returns to level {@code d} (as {@link #depth()} reported it), after the elements entered below it. */
    public void exitTo(int d) {
        while (depth > d && depth > 0) exit();
    }

    public int depth() {
        return depth;
    }

    public int tag() {
        return tag;
    }

    public int valueStart() {
        return vStart;
    }

    public int valueEnd() {
        return vEnd;
    }

    public int valueLength() {
        return vEnd - vStart;
    }

    public int elementStart() {
        return start;
    }

    public byte[] bytes() {
        return b;
    }

    /**
     * The value read last as a two's-complement integer; values wider than eight octets keep their
     * low 64 bits (the protocols we read use 32-bit integers).
     */
    public long intValue() {
        if (vEnd == vStart) return 0;
        long v = b[vStart]; // sign-extends
        for (int i = vStart + 1; i < vEnd; i++) v = (v << 8) | (b[i] & 0xff);
        return v;
    }

    /** The value read last as text: UTF-8 (Kerberos GeneralString is IA5 in practice, a subset). */
    public String text() {
        return new String(b, vStart, vEnd - vStart, StandardCharsets.UTF_8);
    }

    /**
     * The value read last as a wire string: its bytes, one char each (ISO-8859-1), for a field
     * logged as the bytes sent (see {@link io.sluice.event.WireText}).
     */
    public String wire() {
        return new String(b, vStart, vEnd - vStart, StandardCharsets.ISO_8859_1);
    }

    /** Whether bit {@code n} (0 = most significant of the first content octet) of a BIT STRING is set. */
    public boolean bit(int n) {
        if (vEnd - vStart < 2 || n < 0) return false;
        int idx = vStart + 1 + (n >>> 3);
        if (idx >= vEnd) return false;
        return (b[idx] & (0x80 >>> (n & 7))) != 0;
    }

    private boolean fail() {
        malformed = true;
        return false;
    }
}
