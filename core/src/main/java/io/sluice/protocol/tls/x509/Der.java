package io.sluice.protocol.tls.x509;

/**
 * A bounds-checked reader of DER TLVs inside one byte range. Every length is checked against the
 * enclosing range before use; anything that is not plain DER (multi-byte tags, indefinite or
 * over-long lengths) raises {@link Malformed}, which {@link X509Parser} turns into "not a
 * certificate". The exception never leaves the parser.
 */
final class Der {
    static final int BOOLEAN = 0x01, INTEGER = 0x02, BIT_STRING = 0x03, OCTET_STRING = 0x04, NULL = 0x05, OID = 0x06;
    static final int UTC_TIME = 0x17, GENERALIZED_TIME = 0x18, SEQUENCE = 0x30, SET = 0x31;

    /** Control flow inside the parser only: the bytes are not the DER we expected. */
    static final class Malformed extends RuntimeException {
        Malformed(String why) {
            super(why, null, false, false);
        }
    }

    final byte[] b;
    private int pos;
    private final int end;
    /** Of the TLV read last: its tag, where it starts, where its value starts and ends. */
    int tag, start, vStart, vEnd;

    Der(byte[] b, int off, int end) {
        if (off < 0 || end > b.length || off > end) throw new Malformed("bad range");
        this.b = b;
        this.pos = off;
        this.end = end;
    }

    boolean hasMore() {
        return pos < end;
    }

    /** The tag of the next TLV without consuming it, -1 at the end. */
    int peekTag() {
        return pos < end ? b[pos] & 0xff : -1;
    }

    int next() {
        if (end - pos < 2) throw new Malformed("truncated TLV");
        int t = b[pos] & 0xff;
        if ((t & 0x1f) == 0x1f) throw new Malformed("multi-byte tag");
        int p = pos + 1;
        int len = b[p++] & 0xff;
        if (len >= 0x80) {
            int n = len & 0x7f;
            if (n == 0 || n > 3 || end - p < n) throw new Malformed("unsupported length");
            len = 0;
            for (int i = 0; i < n; i++) len = (len << 8) | (b[p++] & 0xff);
        }
        if (len > end - p) throw new Malformed("length beyond its container");
        tag = t;
        start = pos;
        vStart = p;
        vEnd = p + len;
        pos = vEnd;
        return t;
    }

    void expect(int t) {
        if (next() != t) throw new Malformed("expected tag " + t + ", got " + tag);
    }

    /** A reader over the value of the TLV read last. */
    Der inside() {
        return new Der(b, vStart, vEnd);
    }

    int valueLength() {
        return vEnd - vStart;
    }

    /** Dotted form of the OID value read last ("2.5.4.3"). */
    String oid() {
        return oidString(b, vStart, vEnd);
    }

    /** Lower-case hex of the value read last (JA4X's OID form: "550403"). */
    String valueHex() {
        return hex(b, vStart, vEnd, false);
    }

    static String oidString(byte[] b, int from, int to) {
        if (from >= to) throw new Malformed("empty OID");
        var sb = new StringBuilder(24);
        long v = 0;
        boolean first = true;
        for (int i = from; i < to; i++) {
            int x = b[i] & 0xff;
            if (v > (Long.MAX_VALUE >> 7)) throw new Malformed("OID arc too large");
            v = (v << 7) | (x & 0x7f);
            if ((x & 0x80) == 0) {
                if (first) {
                    int top = v < 40 ? 0 : v < 80 ? 1 : 2;
                    sb.append(top).append('.').append(v - 40L * top);
                    first = false;
                } else {
                    sb.append('.').append(v);
                }
                v = 0;
            }
        }
        if ((b[to - 1] & 0x80) != 0) throw new Malformed("OID ends inside an arc");
        return sb.toString();
    }

    static String hex(byte[] b, int from, int to, boolean upper) {
        String digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
        var sb = new StringBuilder((to - from) * 2);
        for (int i = from; i < to; i++) sb.append(digits.charAt((b[i] >> 4) & 0xf)).append(digits.charAt(b[i] & 0xf));
        return sb.toString();
    }
}
