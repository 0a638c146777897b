package io.sluice.flow;

import io.sluice.packet.Packet;

/** Hand-filled {@link Packet}s for flow tests: the fields the decoder would set, nothing else. */
final class Pkts {
    static final int FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10;
    static final long SEC = 1_000_000_000L;

    private Pkts() {}

    static long v4(String dotted) {
        String[] p = dotted.split("\\.");
        long v = 0;
        for (String s : p) v = (v << 8) | Integer.parseInt(s);
        return 0xFFFF00000000L | v;
    }

    static Packet ip(double tsSeconds, String src, String dst, int proto, int ipLength) {
        Packet p = new Packet();
        p.tsNanos = Math.round(tsSeconds * 1e9);
        p.ipVersion = 4;
        p.srcHi = 0;
        p.srcLo = v4(src);
        p.dstHi = 0;
        p.dstLo = v4(dst);
        p.ipProto = proto;
        p.ipLength = ipLength;
        p.l3Offset = 14;
        p.l4Offset = 34;
        return p;
    }

    static Packet tcp(double ts, String src, int sport, String dst, int dport, int flags, long seq, long ack, int len) {
        Packet p = ip(ts, src, dst, 6, 40 + len);
        p.srcPort = sport;
        p.dstPort = dport;
        p.tcpFlags = flags;
        p.seq = seq & 0xFFFFFFFFL;
        p.ack = ack & 0xFFFFFFFFL;
        p.window = 65535;
        p.payloadLength = len;
        p.payloadCaptured = len;
        return p;
    }

    static Packet udp(double ts, String src, int sport, String dst, int dport, int len) {
        Packet p = ip(ts, src, dst, 17, 28 + len);
        p.srcPort = sport;
        p.dstPort = dport;
        p.payloadLength = len;
        p.payloadCaptured = len;
        return p;
    }

    static Packet icmp(double ts, String src, String dst, int type, int code, int payload) {
        Packet p = ip(ts, src, dst, 1, 28 + payload);
        p.icmpType = type;
        p.icmpCode = code;
        p.payloadLength = 8 + payload;
        p.payloadCaptured = 8 + payload;
        return p;
    }
}
