package io.sluice.protocol.kerberos;

import io.sluice.protocol.Dissector;
import io.sluice.protocol.ProtocolSignature;
import java.nio.ByteBuffer;

/**
 * Recognises a KDC message on any port: an application tag AS-REQ, AS-REP, TGS-REQ, TGS-REP or
 * KRB-ERROR, a SEQUENCE, then the protocol version member {@code pvno [n] INTEGER 5} (tag [1] in
 * requests, [0] in replies and errors). Over TCP the message follows a four-byte length whose high
 * bit is clear. Reads at most 4 + 6 + 6 + 5 bytes.
 */
final class KerberosSignature implements ProtocolSignature {

    @Override
    public String name() {
        return "krb";
    }

    @Override
    public boolean onTcp() {
        return true;
    }

    @Override
    public boolean onUdp() {
        return true;
    }

    @Override
    public boolean matches(boolean fromOrig, ByteBuffer buf, int offset, int length, int origPort, int respPort) {
        if (buf == null || offset < 0 || length < 0 || offset > buf.limit() - length) return false;
        int end = offset + length;
        if (looksLikeKdcMessage(buf, offset, end)) return true;
        // TCP: a record mark (high bit reserved, so the first byte is below 0x80) and a message after it
        return length >= 4 && (buf.get(offset) & 0x80) == 0 && looksLikeKdcMessage(buf, offset + 4, end);
    }

    static boolean looksLikeKdcMessage(ByteBuffer buf, int p, int end) {
        if (end - p < 2) return false;
        int app = buf.get(p) & 0xff;
        if (!KerberosMessageParser.isKdcApplicationTag(app)) return false;
        p = afterLength(buf, p + 1, end);
        if (p < 0 || p >= end || (buf.get(p) & 0xff) != 0x30) return false;
        p = afterLength(buf, p + 1, end);
        if (p < 0 || end - p < 5) return false;
        int pvnoTag = (app == 0x6a || app == 0x6c) ? 0xa1 : 0xa0;
        return (buf.get(p) & 0xff) == pvnoTag && buf.get(p + 1) == 3 && buf.get(p + 2) == 2 && buf.get(p + 3) == 1
                && buf.get(p + 4) == 5;
    }

    /** Position after a BER length at {@code p}, -1 if it does not fit or is not definite. */
    private static int afterLength(ByteBuffer buf, int p, int end) {
        if (p >= end) return -1;
        int l = buf.get(p) & 0xff;
        if (l < 0x80) return p + 1;
        int n = l & 0x7f;
        if (n == 0 || n > 4) return -1;
        return p + 1 + n <= end ? p + 1 + n : -1;
    }

    @Override
    public Dissector create() {
        return new KerberosDissector();
    }

    @Override
    public boolean standardPort(int port) {
        return port == 88;
    }
}
