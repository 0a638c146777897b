package io.sluice.packet.craft;

import static io.sluice.packet.craft.Bytes.concat;
import static io.sluice.packet.craft.Bytes.put16;
import static io.sluice.packet.craft.Bytes.put32;

/** TCP, UDP and ICMP/ICMPv6 with their checksums. */
final class TransportLayers {
    private TransportLayers() {}

    static final class Tcp extends Layer {
        final int srcPort, dstPort;
        long seq, ack;
        int flags;
        int window = 65535;
        int urgent;
        byte[] options = new byte[0];

        Tcp(int srcPort, int dstPort) {
            this.srcPort = srcPort;
            this.dstPort = dstPort;
        }

        @Override
        int ipProtocol(FrameBuilder f, int index) {
            return 6;
        }

        @Override
        byte[] wrap(FrameBuilder f, int index, byte[] inner) {
            int optLen = (options.length + 3) & ~3;
            byte[] h = new byte[20 + optLen];
            put16(h, 0, srcPort);
            put16(h, 2, dstPort);
            put32(h, 4, seq);
            put32(h, 8, ack);
            h[12] = (byte) ((h.length / 4) << 4);
            h[13] = (byte) flags;
            put16(h, 14, window);
            put16(h, 18, urgent);
            System.arraycopy(options, 0, h, 20, options.length);
            byte[] seg = concat(h, inner);
            put16(seg, 16, checksumOr(transportChecksum(f, index, 6, seg)));
            return seg;
        }
    }

    static final class Udp extends Layer {
        final int srcPort, dstPort;
        int lengthOverride = -1;

        Udp(int srcPort, int dstPort) {
            this.srcPort = srcPort;
            this.dstPort = dstPort;
        }

        @Override
        int ipProtocol(FrameBuilder f, int index) {
            return 17;
        }

        @Override
        byte[] wrap(FrameBuilder f, int index, byte[] inner) {
            byte[] h = new byte[8];
            put16(h, 0, srcPort);
            put16(h, 2, dstPort);
            put16(h, 4, lengthOverride >= 0 ? lengthOverride : 8 + inner.length);
            byte[] dg = concat(h, inner);
            int c = transportChecksum(f, index, 17, dg);
            put16(dg, 6, checksumOr(c == 0 ? 0xffff : c));
            return dg;
        }
    }

    /** ICMP for IPv4 or ICMPv6, chosen by the enclosing IP header; errors quote the layers after it. */
    static final class Icmp extends Layer {
        final int type, code;
        /** The 4 bytes after type/code/checksum: echo id and sequence, MTU, pointer, or zero. */
        final long rest;
        /** When true, type is given for IPv4 and translated for ICMPv6 (echo 8/0 → 128/129). */
        final boolean echo;

        Icmp(int type, int code, long rest, boolean echo) {
            this.type = type;
            this.code = code;
            this.rest = rest;
            this.echo = echo;
        }

        @Override
        int ipProtocol(FrameBuilder f, int index) {
            return v6(f, index) ? 58 : 1;
        }

        private static boolean v6(FrameBuilder f, int index) {
            IpLayers.Ip ip = f.enclosingIp(index);
            return ip != null && ip.v6();
        }

        @Override
        byte[] wrap(FrameBuilder f, int index, byte[] inner) {
            boolean v6 = v6(f, index);
            byte[] h = new byte[8];
            int t = type;
            if (echo && v6) {
                t = type == 8 ? 128 : 129;
            }
            h[0] = (byte) t;
            h[1] = (byte) code;
            put32(h, 4, rest);
            byte[] msg = concat(h, inner);
            int c = v6 ? transportChecksum(f, index, 58, msg) : Bytes.checksum(msg, 0, msg.length);
            put16(msg, 2, checksumOr(c));
            return msg;
        }
    }

    static int transportChecksum(FrameBuilder f, int index, int protocol, byte[] segment) {
        IpLayers.Ip ip = f.enclosingIp(index);
        long s = Bytes.sum(segment, 0, segment.length);
        if (ip != null) {
            s += ip.pseudoSum(protocol, segment.length);
        }
        return Bytes.finish(s);
    }
}
