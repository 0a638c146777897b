package io.sluice.flow;

import java.nio.charset.StandardCharsets;

/**
 * Community ID flow hashing, version 1 (github.com/corelight/community-id-spec): SHA-1 over the
 * 2-byte seed, the two addresses (4 bytes for IPv4, 16 for IPv6), the protocol, a pad byte and the
 * two ports, ordered so that both directions hash alike; base64 with the "1:" prefix. For ICMP the
 * ports are the type and the counterpart type (or the code for one-way messages, which are not
 * reordered), as in {@link IcmpTypes}. Computed once per connection, when its events are built,
 * with a one-block SHA-1 ({@link OneBlockSha1}: the input is at most 40 bytes). Not thread-safe.
 */
public final class CommunityId {
    private final int seed;
    private final OneBlockSha1 sha1 = new OneBlockSha1();
    private static final byte[] BASE64 =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".getBytes(StandardCharsets.US_ASCII);

    private final byte[] buf = new byte[40];
    private final byte[] digest = new byte[20];

    public CommunityId(int seed) {
        this.seed = seed & 0xFFFF;
    }

    /** The seed, as the 16 bits that are hashed. */
    int seed() {
        return seed;
    }

    /**
     * @param sport source port, or ICMP type
     * @param dport destination port, or ICMP counterpart type / code ({@link IcmpTypes#responderPort})
     * @param oneWay true for one-way ICMP messages (never reordered)
     */
    public String compute(long srcHi, long srcLo, long dstHi, long dstLo, int proto, int sport, int dport,
            boolean oneWay) {
        boolean v4 = io.sluice.packet.IpAddress.isV4(srcHi, srcLo)
                && io.sluice.packet.IpAddress.isV4(dstHi, dstLo);
        boolean hasPorts = proto == 6 || proto == 17 || proto == 1 || proto == 58 || proto == 132;
        boolean swap = false;
        if (!oneWay) {
            int c = compareAddr(srcHi, srcLo, dstHi, dstLo, v4);
            swap = c > 0 || (c == 0 && hasPorts && sport > dport);
        }
        int n = 0;
        buf[n++] = (byte) (seed >>> 8);
        buf[n++] = (byte) seed;
        if (swap) {
            n = putAddr(n, dstHi, dstLo, v4);
            n = putAddr(n, srcHi, srcLo, v4);
        } else {
            n = putAddr(n, srcHi, srcLo, v4);
            n = putAddr(n, dstHi, dstLo, v4);
        }
        buf[n++] = (byte) proto;
        buf[n++] = 0;
        if (hasPorts) {
            int a = swap ? dport : sport, b = swap ? sport : dport;
            buf[n++] = (byte) (a >>> 8);
            buf[n++] = (byte) a;
            buf[n++] = (byte) (b >>> 8);
            buf[n++] = (byte) b;
        }
        sha1.digest(buf, n);
        for (int i = 0; i < 5; i++) {
            int v = sha1.h[i];
            digest[4 * i] = (byte) (v >>> 24);
            digest[4 * i + 1] = (byte) (v >>> 16);
            digest[4 * i + 2] = (byte) (v >>> 8);
            digest[4 * i + 3] = (byte) v;
        }
        return base64WithPrefix(digest);
    }

    /**
     * "1:" and the standard base64 of the 20-byte digest (28 characters, one '=' of padding),
     * written into one array: this runs once per connection, and the general encoder plus a
     * string concatenation cost more than the hash itself.
     */
    private static String base64WithPrefix(byte[] d) {
        byte[] out = new byte[30];
        out[0] = '1';
        out[1] = ':';
        int o = 2;
        for (int i = 0; i < 18; i += 3) {
            int v = (d[i] & 0xff) << 16 | (d[i + 1] & 0xff) << 8 | (d[i + 2] & 0xff);
            out[o++] = BASE64[v >>> 18];
            out[o++] = BASE64[(v >>> 12) & 0x3f];
            out[o++] = BASE64[(v >>> 6) & 0x3f];
            out[o++] = BASE64[v & 0x3f];
        }
        int v = (d[18] & 0xff) << 16 | (d[19] & 0xff) << 8;
        out[o++] = BASE64[v >>> 18];
        out[o++] = BASE64[(v >>> 12) & 0x3f];
        out[o++] = BASE64[(v >>> 6) & 0x3f];
        out[o] = '=';
        return new String(out, 0, 30, StandardCharsets.ISO_8859_1);
    }

    private static int compareAddr(long aHi, long aLo, long bHi, long bLo, boolean v4) {
        if (!v4) {
            int c = Long.compareUnsigned(aHi, bHi);
            if (c != 0) return c;
        }
        return Long.compareUnsigned(aLo, bLo);
    }

    private int putAddr(int n, long hi, long lo, boolean v4) {
        if (!v4) {
            for (int i = 7; i >= 0; i--) buf[n++] = (byte) (hi >>> (8 * i));
            for (int i = 7; i >= 0; i--) buf[n++] = (byte) (lo >>> (8 * i));
        } else {
            for (int i = 3; i >= 0; i--) buf[n++] = (byte) (lo >>> (8 * i));
        }
        return n;
    }
}
