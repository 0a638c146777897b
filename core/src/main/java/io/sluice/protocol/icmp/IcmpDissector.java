package io.sluice.protocol.icmp;

import io.sluice.packet.ByteEntropy;
import io.sluice.packet.IpAddress;
import io.sluice.protocol.DissectorContext;
import java.nio.ByteBuffer;

/**
 * Turns one ICMP or ICMPv6 message (from its type byte to the end of what was captured) into an
 * {@link IcmpMessage}. ICMP has no stream: the flow layer is to call {@link #onMessage} once per
 * message of an ICMP connection. Truncated or malformed messages become a weird, never an exception.
 * One instance may serve every ICMP connection of a flow table (it keeps only a scratch histogram).
 */
public final class IcmpDissector {
    static final int HEADER = 8;

    private final ByteEntropy entropy = new ByteEntropy();

    /**
     * @param buf the packet; {@code off} is the ICMP type byte, {@code len} the captured ICMP bytes
     *     (header included); absolute indexing only
     */
    public void onMessage(boolean v6, ByteBuffer buf, int off, int len, DissectorContext ctx) {
        if (buf == null || off < 0 || len < 0 || off > buf.limit() - len) return;
        if (len < HEADER) {
            ctx.weird("truncated_ICMP", Integer.toString(len));
            return;
        }
        int type = buf.get(off) & 0xff;
        int code = buf.get(off + 1) & 0xff;
        int payloadOff = off + HEADER;
        int payloadLen = len - HEADER;
        int echoId = IcmpMessage.NONE, echoSeq = IcmpMessage.NONE;
        if (IcmpNames.isEcho(v6, type)) {
            echoId = u16(buf, off + 4);
            echoSeq = u16(buf, off + 6);
        }
        double entropy = entropy(buf, payloadOff, payloadLen);
        QuotedHeader q = IcmpNames.quotesPacket(v6, type) ? QuotedHeader.parse(buf, payloadOff, payloadLen) : null;
        ctx.emit(new IcmpMessage(ctx.tsNanos(), ctx.uid(), ctx.id(), v6, type, code, IcmpNames.name(v6, type),
                payloadLen, entropy, echoId, echoSeq,
                q == null ? null : q.proto(), q == null ? null : q.origH(), q == null ? IcmpMessage.NONE : q.origP(),
                q == null ? null : q.respH(), q == null ? IcmpMessage.NONE : q.respP()));
    }

    /** Shannon entropy in bits per byte of {@code buf[off, off+len)}; 0 for no bytes. */
    double entropy(ByteBuffer buf, int off, int len) {
        return entropy.bits(buf, off, len);
    }

    /** The header of the packet an ICMP error quotes: protocol, addresses and (TCP/UDP) ports. */
    record QuotedHeader(String proto, String origH, int origP, String respH, int respP) {

        static QuotedHeader parse(ByteBuffer buf, int off, int len) {
            if (len < 1) return null;
            int version = (buf.get(off) & 0xff) >>> 4;
            int proto, l4;
            String src, dst;
            if (version == 4) {
                int ihl = (buf.get(off) & 0x0f) * 4;
                if (ihl < 20 || len < 20) return null;
                proto = buf.get(off + 9) & 0xff;
                src = IpAddress.formatV4(u32(buf, off + 12));
                dst = IpAddress.formatV4(u32(buf, off + 16));
                l4 = ihl;
            } else if (version == 6) {
                if (len < 40) return null;
                proto = buf.get(off + 6) & 0xff; // extension headers are not followed: ports then stay unset
                src = IpAddress.format(u64(buf, off + 8), u64(buf, off + 16));
                dst = IpAddress.format(u64(buf, off + 24), u64(buf, off + 32));
                l4 = 40;
            } else {
                return null;
            }
            int sp = IcmpMessage.NONE, dp = IcmpMessage.NONE;
            boolean ports = proto == 6 || proto == 17 || proto == 132;
            if (ports && len >= l4 + 4) {
                sp = u16(buf, off + l4);
                dp = u16(buf, off + l4 + 2);
            }
            return new QuotedHeader(protoName(proto), src, sp, dst, dp);
        }

        private static String protoName(int p) {
            return switch (p) {
                case 1 -> "icmp";
                case 6 -> "tcp";
                case 17 -> "udp";
                case 58 -> "icmp6";
                case 132 -> "sctp";
                default -> Integer.toString(p);
            };
        }
    }

    // big-endian reads that do not depend on the buffer's byte order
    static int u16(ByteBuffer b, int i) {
        return (b.get(i) & 0xff) << 8 | (b.get(i + 1) & 0xff);
    }

    static int u32(ByteBuffer b, int i) {
        return u16(b, i) << 16 | u16(b, i + 2);
    }

    static long u64(ByteBuffer b, int i) {
        return (long) u32(b, i) << 32 | (u32(b, i + 4) & 0xffffffffL);
    }
}
