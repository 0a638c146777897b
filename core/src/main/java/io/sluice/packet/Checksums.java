package io.sluice.packet;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Checksum validation for decoded packets. Not called by {@link PacketDecoder} (it costs a pass
 * over the payload); the flow meter calls it to mimic Zeek, which drops packets with bad
 * transport checksums. Like Zeek, a packet that was not captured whole is not validated (it
 * counts as valid), and an IPv4 UDP checksum of zero means "none". The IPv6 pseudo-header uses
 * the destination in the IPv6 header (a routing header's final destination is not looked up).
 */
public final class Checksums {
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Checksums() {}

    /** The IPv4 header checksum; true for anything that is not a fully captured IPv4 header. */
    public static boolean ipv4HeaderValid(Packet p) {
        if (p.ipVersion != 4 || p.l3Offset < 0 || p.buf == null) {
            return true;
        }
        int hl = (p.buf.get(p.l3Offset) & 0x0f) << 2;
        if (p.l3Offset + hl > p.captureEnd()) {
            return true;
        }
        return fold(sum(p.buf, p.l3Offset, hl)) == 0xffff;
    }

    /** TCP or UDP checksum over the pseudo-header; true for other packets and partial captures. */
    public static boolean tcpUdpValid(Packet p) {
        if (!p.isTcp() && !p.isUdp()) {
            return true;
        }
        return transportValid(p);
    }

    /** TCP, UDP, ICMP or ICMPv6 checksum; true for other packets and partial captures. */
    public static boolean transportValid(Packet p) {
        if (p.l4Offset < 0 || p.l3Offset < 0 || p.buf == null || p.fragment) {
            return true;
        }
        int proto = p.ipProto;
        if (proto != 6 && proto != 17 && proto != 1 && proto != 58) {
            return true;
        }
        int len = p.l3Offset + p.ipLength - p.l4Offset;
        if (len <= 0 || p.l4Offset + len > p.captureEnd()) {
            return true;
        }
        if (proto == 17 && p.ipVersion == 4 && p.buf.get(p.l4Offset + 6) == 0 && p.buf.get(p.l4Offset + 7) == 0) {
            return true;
        }
        long s = sum(p.buf, p.l4Offset, len);
        if (proto != 1) {
            s += pseudoHeader(p, proto, len);
        }
        return fold(s) == 0xffff;
    }

    private static long pseudoHeader(Packet p, int proto, int len) {
        long s = words(p.srcHi) + words(p.srcLo) + words(p.dstHi) + words(p.dstLo);
        if (p.ipVersion == 4) {
            s -= 0xffff * 2; // the ::ffff: mapping words are not part of the IPv4 pseudo-header
        }
        return s + proto + (len >>> 16) + (len & 0xffff);
    }

    private static long words(long x) {
        return (x >>> 48) + ((x >>> 32) & 0xffff) + ((x >>> 16) & 0xffff) + (x & 0xffff);
    }

    /**
     * Sum of big-endian 16-bit words (an odd last byte padded with zero), not folded (or folded
     * to 16 bits: callers only add to it and fold).
     */
    static long sum(ByteBuffer b, int off, int len) {
        if (b.hasArray()) return sumArray(b.array(), b.arrayOffset() + off, len);
        boolean swap = b.order() != ByteOrder.BIG_ENDIAN;
        // Ones' complement addition of 32-bit words folds to the same 16-bit sum (2^16 ≡ 1 mod
        // 0xffff), so eight bytes per step add as two 32-bit halves into a 64-bit accumulator;
        // at most 2^33 per step, so it cannot overflow for any IP payload.
        long s = 0;
        int i = off;
        int end = off + len;
        for (; i + 8 <= end; i += 8) {
            long v = b.getLong(i);
            if (swap) {
                v = Long.reverseBytes(v);
            }
            s += (v >>> 32) + (v & 0xffffffffL);
        }
        for (; i + 2 <= end; i += 2) {
            s += ((b.get(i) & 0xff) << 8) | (b.get(i + 1) & 0xff);
        }
        if (i < end) {
            s += (b.get(i) & 0xff) << 8;
        }
        return s;
    }

    /**
     * The same sum over a heap buffer's array, read as little-endian longs (the machine's order,
     * no byte swapping) into two accumulators (independent additions overlap in the CPU). The
     * ones' complement sum does not depend on byte order except for a final swap of its two
     * bytes (RFC 1071, section 2(B)), so the little-endian sum is folded and swapped. Most of
     * the packet thread's checksum time is this loop.
     */
    static long sumArray(byte[] a, int off, int len) {
        long s0 = 0, s1 = 0;
        int i = off;
        int end = off + len;
        for (; i + 16 <= end; i += 16) {
            long v = (long) LONG_LE.get(a, i);
            long w = (long) LONG_LE.get(a, i + 8);
            s0 += (v >>> 32) + (v & 0xffffffffL);
            s1 += (w >>> 32) + (w & 0xffffffffL);
        }
        long s = s0 + s1;
        for (; i + 2 <= end; i += 2) {
            s += (a[i] & 0xff) | ((a[i + 1] & 0xff) << 8);
        }
        if (i < end) {
            s += a[i] & 0xff;
        }
        int f = fold(s);
        return ((f & 0xff) << 8) | (f >>> 8);
    }

    static int fold(long s) {
        while ((s >>> 16) != 0) {
            s = (s & 0xffff) + (s >>> 16);
        }
        return (int) s;
    }
}
