package io.sluice.protocol.ldap;

import java.nio.ByteBuffer;

/**
 * Cuts one TCP direction into LDAP messages (BER SEQUENCEs) or, after a SASL bind, SASL buffers
 * (a four-byte length, RFC 4422 3.7). Keeps at most {@link LdapDissector#MAX_MESSAGE} bytes of a
 * message; the rest is skipped and the message marked as cut ({@code length > have}).
 */
final class Framer {
    static final int HEADER = 0, BODY = 1, COMPLETE = 2, BROKEN = 3;

    int state = HEADER;
    boolean sasl, lost;
    /** Bytes of the whole message (BER: header included; SASL: the buffer after its length). */
    long length;
    int have;
    long skipped;
    byte[] body = new byte[256];
    String why;
    private final byte[] hdr = new byte[8];
    private int hdrHave, hdrNeed;

    void reset() {
        state = HEADER;
        sasl = false;
        length = 0;
        have = 0;
        skipped = 0;
        hdrHave = 0;
        hdrNeed = 0;
    }

    /** Consumes bytes from {@code p}; returns where it stopped (at a message boundary or {@code end}). */
    int feed(ByteBuffer buf, int p, int end, boolean saslAllowed) {
        if (lost || state == BROKEN) return end;
        while (p < end && state == HEADER) {
            byte b = buf.get(p++);
            hdr[hdrHave++] = b;
            if (hdrHave == 1) {
                if (b == 0x30) {
                    hdrNeed = 2;
                } else if (saslAllowed) {
                    sasl = true;
                    hdrNeed = 4;
                } else {
                    return broken("not an LDAPMessage: first byte 0x" + Integer.toHexString(b & 0xff), end);
                }
            } else if (!sasl && hdrHave == 2 && (b & 0x80) != 0) {
                int n = b & 0x7f;
                if (n == 0 || n > 4) return broken("unsupported BER length form", end);
                hdrNeed = 2 + n;
            }
            if (hdrHave == hdrNeed) {
                long len = 0;
                if (sasl) {
                    for (int i = 0; i < 4; i++) len = (len << 8) | (hdr[i] & 0xff);
                    length = len;
                    have = 0;
                } else {
                    if (hdrNeed == 2) len = hdr[1] & 0xff;
                    else for (int i = 2; i < hdrNeed; i++) len = (len << 8) | (hdr[i] & 0xff);
                    length = hdrNeed + len;
                    System.arraycopy(hdr, 0, ensure((int) Math.min(length, LdapDissector.MAX_MESSAGE)), 0, hdrNeed);
                    have = hdrNeed;
                }
                if (length == 0 && sasl) return broken("empty SASL buffer", end);
                ensure((int) Math.min(length, LdapDissector.MAX_MESSAGE));
                state = have == length ? COMPLETE : BODY;
            }
        }
        if (state == BODY && p < end) {
            long want = length - have - skipped;
            int n = (int) Math.min(end - p, want);
            int keep = (int) Math.max(0, Math.min(n, LdapDissector.MAX_MESSAGE - have));
            if (keep > 0) {
                buf.get(p, body, have, keep);
                have += keep;
            }
            skipped += n - keep;
            p += n;
            if (have + skipped == length) state = COMPLETE;
        }
        return p;
    }

    private byte[] ensure(int n) {
        if (body.length < n) body = new byte[Math.max(n, Math.min(LdapDissector.MAX_MESSAGE, body.length * 2))];
        return body;
    }

    private int broken(String reason, int end) {
        state = BROKEN;
        why = reason;
        return end;
    }

    /** Length of the BER TLV at {@code p} (header included), -1 if it does not parse. */
    static int berLength(byte[] b, int p, int end) {
        if (end - p < 2) return -1;
        int l = b[p + 1] & 0xff;
        if (l < 0x80) return 2 + l;
        int n = l & 0x7f;
        if (n == 0 || n > 3 || end - p < 2 + n) return -1;
        int len = 0;
        for (int i = 0; i < n; i++) len = (len << 8) | (b[p + 2 + i] & 0xff);
        return 2 + n + len;
    }

    /** Message id and opcode from the start of an LDAPMessage, null if they are not there. */
    static long[] idAndOpcode(byte[] b, int off, int len) {
        int end = off + len;
        if (len < 2 || b[off] != 0x30) return null;
        int l = b[off + 1] & 0xff;
        int p = off + 2 + (l < 0x80 ? 0 : (l & 0x7f));
        if (end - p < 3 || b[p] != 0x02) return null;
        int idLen = b[p + 1] & 0xff;
        if (idLen < 1 || idLen > 4 || end - p < 2 + idLen + 1) return null;
        long id = 0;
        for (int i = 0; i < idLen; i++) id = (id << 8) | (b[p + 2 + i] & 0xff);
        int op = b[p + 2 + idLen] & 0x1f;
        return new long[] {id, op};
    }
}
