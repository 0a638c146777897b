package io.sluice.protocol.tls;

import io.sluice.protocol.Dissector;
import io.sluice.protocol.DissectorContext;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * DTLS 1.0 and 1.2 (RFC 6347) on one UDP connection, logged in ssl.log as Zeek's DTLS analyzer
 * does. DTLS is TLS with datagram framing, so this class only undoes the framing and hands a
 * TLS byte stream per direction to a {@link TlsDissector}, which keeps Zeek's session rules:
 *
 * <ul>
 *   <li>records carry an epoch and a sequence number (13-byte header instead of 5); they are
 *       passed on as TLS records of the same type;
 *   <li>handshake messages carry a message sequence and a fragment offset: messages are put
 *       together from fragments that arrive in order, at most {@link TlsDissector#MAX_MESSAGE}
 *       bytes, and retransmissions (a sequence already passed on) are dropped;
 *   <li>a ClientHello has a cookie after its session id (RFC 6347 4.2.1): it is cut out, so the
 *       hello parses as TLS's and JA3/JA4 see what the DTLS specs of those fingerprints see.
 * </ul>
 * Records of a later epoch are ciphertext and passed on as such. A datagram that is not DTLS
 * ends the inspection. Nothing here throws on any input.
 */
final class DtlsDissector implements Dissector {
    private static final int RECORD_HEADER = 13, HANDSHAKE_HEADER = 12, HANDSHAKE = 22;

    /** Handshake reassembly of one direction. */
    private static final class Side {
        int nextSeq; // message_seq of the next message to pass on
        byte[] msg; // the message being put together (TLS form: 4-byte header, then the body)
        int msgLen = -1, got;
    }

    private final TlsDissector tls = new TlsDissector(Ja4.DTLS, "dtls");
    private final Side orig = new Side(), resp = new Side();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    private boolean stopped;

    @Override
    public void onData(boolean fromOrig, ByteBuffer buf, int offset, int length, DissectorContext ctx) {
        if (stopped) return;
        Side side = fromOrig ? orig : resp;
        out.reset();
        int p = offset, end = offset + length;
        while (p < end) {
            if (end - p < RECORD_HEADER) {
                ctx.weird("DTLS_truncated_record", null);
                break;
            }
            int type = buf.get(p) & 0xff;
            int version = u16(buf, p + 1);
            int epoch = u16(buf, p + 3);
            int len = u16(buf, p + 11);
            p += RECORD_HEADER;
            if ((version != 0xfeff && version != 0xfefd) || len > end - p) {
                ctx.weird("DTLS_invalid_record", Integer.toHexString(version));
                stopped = true;
                break;
            }
            if (type == HANDSHAKE && epoch == 0) handshake(side, buf, p, len, ctx);
            else record(type, buf, p, len);
            p += len;
        }
        if (out.size() > 0) tls.onData(fromOrig, ByteBuffer.wrap(out.toByteArray()), 0, out.size(), ctx);
        if (!tls.wantsMore()) stopped = true;
    }

    @Override
    public void onEnd(DissectorContext ctx) {
        tls.onEnd(ctx);
        stopped = true;
    }

    @Override
    public boolean wantsMore() {
        return !stopped;
    }

    private void handshake(Side side, ByteBuffer buf, int p, int len, DissectorContext ctx) {
        int end = p + len;
        while (end - p >= HANDSHAKE_HEADER) {
            int type = buf.get(p) & 0xff;
            int msgLen = u24(buf, p + 1);
            int seq = u16(buf, p + 4);
            int fragOff = u24(buf, p + 6);
            int fragLen = u24(buf, p + 9);
            p += HANDSHAKE_HEADER;
            if (fragLen > end - p) {
                ctx.weird("DTLS_truncated_handshake", null);
                return;
            }
            fragment(side, type, msgLen, seq, fragOff, buf, p, fragLen, ctx);
            p += fragLen;
        }
    }

    private void fragment(Side side, int type, int msgLen, int seq, int fragOff, ByteBuffer buf, int p, int fragLen,
            DissectorContext ctx) {
        if (seq != side.nextSeq) return; // a retransmission, or ahead of a lost fragment
        if (msgLen > TlsDissector.MAX_MESSAGE) {
            ctx.weird("SSL_handshake_message_too_long", type + ":" + msgLen);
            stopped = true;
            return;
        }
        if (fragOff == 0 && side.msgLen < 0) {
            side.msg = new byte[4 + msgLen];
            side.msg[0] = (byte) type;
            side.msg[1] = (byte) (msgLen >> 16);
            side.msg[2] = (byte) (msgLen >> 8);
            side.msg[3] = (byte) msgLen;
            side.msgLen = msgLen;
            side.got = 0;
        }
        // only fragments that continue the message in order are taken; others wait for a retransmission
        if (side.msgLen != msgLen || fragOff != side.got || fragLen > msgLen - side.got) return;
        buf.get(p, side.msg, 4 + side.got, fragLen);
        side.got += fragLen;
        if (side.got < msgLen) return;
        byte[] m = type == ClientHello.TYPE ? withoutCookie(side.msg) : side.msg;
        record(HANDSHAKE, ByteBuffer.wrap(m), 0, m.length);
        side.nextSeq++;
        side.msgLen = -1;
        side.msg = null;
    }

    /** A ClientHello message (4-byte header) without the DTLS cookie; unchanged if it does not parse. */
    static byte[] withoutCookie(byte[] m) {
        int sidAt = 4 + 2 + 32;
        if (m.length < sidAt + 1) return m;
        int cookieAt = sidAt + 1 + (m[sidAt] & 0xff);
        if (m.length < cookieAt + 1) return m;
        int cookieLen = m[cookieAt] & 0xff;
        int restAt = cookieAt + 1 + cookieLen;
        if (m.length < restAt) return m;
        byte[] r = new byte[m.length - 1 - cookieLen];
        System.arraycopy(m, 0, r, 0, cookieAt);
        System.arraycopy(m, restAt, r, cookieAt, m.length - restAt);
        int bodyLen = r.length - 4;
        r[1] = (byte) (bodyLen >> 16);
        r[2] = (byte) (bodyLen >> 8);
        r[3] = (byte) bodyLen;
        return r;
    }

    /** One TLS record (version 1.2 on the record layer: the hellos carry the DTLS versions). */
    private void record(int type, ByteBuffer buf, int p, int len) {
        for (int at = 0; at < len || (len == 0 && at == 0); at += 0x4000) {
            int n = Math.min(0x4000, len - at);
            out.write(type);
            out.write(3);
            out.write(3);
            out.write(n >> 8);
            out.write(n);
            for (int i = 0; i < n; i++) out.write(buf.get(p + at + i));
            if (len == 0) break;
        }
    }

    private static int u16(ByteBuffer b, int p) {
        return ((b.get(p) & 0xff) << 8) | (b.get(p + 1) & 0xff);
    }

    private static int u24(ByteBuffer b, int p) {
        return ((b.get(p) & 0xff) << 16) | ((b.get(p + 1) & 0xff) << 8) | (b.get(p + 2) & 0xff);
    }
}
