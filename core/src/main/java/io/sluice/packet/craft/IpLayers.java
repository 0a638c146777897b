package io.sluice.packet.craft;

import static io.sluice.packet.craft.Bytes.concat;
import static io.sluice.packet.craft.Bytes.put16;
import static io.sluice.packet.craft.Bytes.put32;

import java.util.Arrays;

/** IPv4, IPv6 and IPv6 extension headers. */
final class IpLayers {
    private IpLayers() {}

    /** An IP header that transport checksums take their pseudo-header from. */
    abstract static class Ip extends Layer {
        int ttl = 64;
        /** When >= 0, the length field is written with this value instead of the real one. */
        int lengthOverride = -1;

        abstract boolean v6();

        /** Sum of the pseudo-header for an upper-layer packet of the given protocol and length. */
        abstract long pseudoSum(int protocol, int length);
    }

    static final class Ipv4 extends Ip {
        final int src, dst;
        int id;
        int tos;
        boolean dontFragment, moreFragments;
        int fragmentOffsetBytes;
        byte[] options = new byte[0];

        Ipv4(int src, int dst) {
            this.src = src;
            this.dst = dst;
        }

        @Override
        boolean v6() {
            return false;
        }

        @Override
        int etherType() {
            return 0x0800;
        }

        @Override
        int ipProtocol(FrameBuilder f, int index) {
            return 4;
        }

        @Override
        long pseudoSum(int protocol, int length) {
            return (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff) + protocol + length;
        }

        @Override
        byte[] wrap(FrameBuilder f, int index, byte[] inner) {
            int optLen = (options.length + 3) & ~3;
            int hl = 20 + optLen;
            byte[] h = new byte[hl];
            h[0] = (byte) (0x40 | (hl / 4));
            h[1] = (byte) tos;
            put16(h, 2, lengthOverride >= 0 ? lengthOverride : hl + inner.length);
            put16(h, 4, id);
            put16(h, 6, (dontFragment ? 0x4000 : 0) | (moreFragments ? 0x2000 : 0) | ((fragmentOffsetBytes / 8) & 0x1fff));
            h[8] = (byte) ttl;
            h[9] = (byte) nextIpProtocol(f, index);
            put32(h, 12, src);
            put32(h, 16, dst);
            System.arraycopy(options, 0, h, 20, options.length);
            put16(h, 10, checksumOr(Bytes.checksum(h, 0, hl)));
            return concat(h, inner);
        }
    }

    static final class Ipv6 extends Ip {
        final byte[] src, dst;
        int flowLabel;
        int trafficClass;

        Ipv6(byte[] src, byte[] dst) {
            this.src = src;
            this.dst = dst;
        }

        @Override
        boolean v6() {
            return true;
        }

        @Override
        int etherType() {
            return 0x86dd;
        }

        @Override
        int ipProtocol(FrameBuilder f, int index) {
            return 41;
        }

        @Override
        long pseudoSum(int protocol, int length) {
            return Bytes.sum(src, 0, 16) + Bytes.sum(dst, 0, 16) + (length >>> 16) + (length & 0xffff) + protocol;
        }

        @Override
        byte[] wrap(FrameBuilder f, int index, byte[] inner) {
            byte[] h = new byte[40];
            put32(h, 0, (6L << 28) | ((long) (trafficClass & 0xff) << 20) | (flowLabel & 0xfffff));
            put16(h, 4, lengthOverride >= 0 ? lengthOverride : inner.length);
            h[6] = (byte) nextIpProtocol(f, index);
            h[7] = (byte) ttl;
            System.arraycopy(src, 0, h, 8, 16);
            System.arraycopy(dst, 0, h, 24, 16);
            return concat(h, inner);
        }
    }

    /**
     * A generic IPv6 extension header in the common "next header, length in 8-octet units beyond
     * the first 8" format (hop-by-hop 0, routing 43, destination options 60, mobility 135, ...),
     * or AH (51), whose length counts 4-octet units minus 2.
     */
    static final class Ipv6Extension extends Layer {
        final int type;
        final byte[] body;

        Ipv6Extension(int type, byte[] body) {
            this.type = type;
            this.body = body;
        }

        @Override
        int ipProtocol(FrameBuilder f, int index) {
            return type;
        }

        @Override
        byte[] wrap(FrameBuilder f, int index, byte[] inner) {
            int len = Math.max(8, (2 + body.length + 7) & ~7);
            byte[] h = Arrays.copyOf(new byte[2], len);
            System.arraycopy(body, 0, h, 2, Math.min(body.length, len - 2));
            h[0] = (byte) nextIpProtocol(f, index);
            h[1] = (byte) (type == 51 ? len / 4 - 2 : len / 8 - 1);
            if (len - 2 > body.length && type != 51 && type != 43 && type != 135) {
                fillPadN(h, 2 + body.length, len - 2 - body.length);
            }
            return concat(h, inner);
        }

        /** Pad1 / PadN options so hop-by-hop and destination options parse cleanly. */
        private static void fillPadN(byte[] h, int off, int n) {
            if (n == 1) {
                h[off] = 0;
            } else {
                h[off] = 1;
                h[off + 1] = (byte) (n - 2);
            }
        }
    }

    static final class Ipv6Fragment extends Layer {
        int offsetBytes;
        boolean more;
        long id;

        Ipv6Fragment(int offsetBytes, boolean more, long id) {
            this.offsetBytes = offsetBytes;
            this.more = more;
            this.id = id;
        }

        @Override
        int ipProtocol(FrameBuilder f, int index) {
            return 44;
        }

        @Override
        byte[] wrap(FrameBuilder f, int index, byte[] inner) {
            byte[] h = new byte[8];
            h[0] = (byte) nextIpProtocol(f, index);
            put16(h, 2, (offsetBytes & ~7) | (more ? 1 : 0));
            put32(h, 4, id);
            return concat(h, inner);
        }
    }
}
