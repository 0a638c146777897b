package io.sluice.packet;

import java.nio.ByteBuffer;

/** Test helper: decodes a crafted frame into a fresh Packet the way the pipeline will. */
final class Decode {
    private Decode() {}

    static Packet frame(byte[] frame, int linkType) {
        return frame(new PacketDecoder(), frame, linkType, frame.length, 0);
    }

    static Packet frame(PacketDecoder d, byte[] frame, int linkType, int capLen, long tsNanos) {
        // Put the frame at a non-zero offset in a larger buffer so absolute indexing is exercised.
        // Bytes around the frame are 0x45 ("IPv4") so that a read past capLen shows up as wrong values.
        byte[] big = new byte[frame.length + 37];
        java.util.Arrays.fill(big, (byte) 0x45);
        System.arraycopy(frame, 0, big, 7, frame.length);
        var p = new Packet();
        p.reset();
        p.buf = ByteBuffer.wrap(big);
        p.linkType = linkType;
        p.frameOffset = 7;
        p.capLen = capLen;
        p.wireLen = frame.length;
        p.tsNanos = tsNanos;
        d.decode(p);
        return p;
    }

    static Packet inner(PacketDecoder d, Packet outer) {
        var in = new Packet();
        d.decodeInner(outer, in);
        return in;
    }

    static String src(Packet p) {
        return IpAddress.format(p.srcHi, p.srcLo);
    }

    static String dst(Packet p) {
        return IpAddress.format(p.dstHi, p.dstLo);
    }
}
