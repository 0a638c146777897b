package io.sluice.flow;

/**
 * SHA-1 (FIPS 180-4) of a message short enough to fit, padded, in one 64-byte block (at most 55
 * bytes): a Community ID's input is 16 bytes for IPv4 and 40 for IPv6. Written out because
 * {@link java.security.MessageDigest} spends more on its general buffering, padding and output
 * copies than on the one compression a short message needs, and this runs once per connection
 * (and per NetFlow record in the collector). Not thread-safe: one per thread.
 */
final class OneBlockSha1 {
    static final int MAX_MESSAGE = 55;

    private final int[] w = new int[80];
    /** The digest of the last {@link #digest} call, as five big-endian words. */
    final int[] h = new int[5];

    void digest(byte[] msg, int len) {
        if (len < 0 || len > MAX_MESSAGE) throw new IllegalArgumentException("message of " + len + " bytes");
        int[] w = this.w;
        for (int i = 0; i < 16; i++) w[i] = 0;
        for (int i = 0; i < len; i++) w[i >>> 2] |= (msg[i] & 0xff) << (24 - 8 * (i & 3));
        w[len >>> 2] |= 0x80 << (24 - 8 * (len & 3));
        w[15] = len << 3; // the length in bits; the word before it stays 0
        for (int t = 16; t < 80; t++) w[t] = Integer.rotateLeft(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
        int a = 0x67452301, b = 0xEFCDAB89, c = 0x98BADCFE, d = 0x10325476, e = 0xC3D2E1F0;
        for (int t = 0; t < 20; t++) {
            int x = Integer.rotateLeft(a, 5) + ((b & c) | (~b & d)) + e + 0x5A827999 + w[t];
            e = d; d = c; c = Integer.rotateLeft(b, 30); b = a; a = x;
        }
        for (int t = 20; t < 40; t++) {
            int x = Integer.rotateLeft(a, 5) + (b ^ c ^ d) + e + 0x6ED9EBA1 + w[t];
            e = d; d = c; c = Integer.rotateLeft(b, 30); b = a; a = x;
        }
        for (int t = 40; t < 60; t++) {
            int x = Integer.rotateLeft(a, 5) + ((b & c) | (b & d) | (c & d)) + e + 0x8F1BBCDC + w[t];
            e = d; d = c; c = Integer.rotateLeft(b, 30); b = a; a = x;
        }
        for (int t = 60; t < 80; t++) {
            int x = Integer.rotateLeft(a, 5) + (b ^ c ^ d) + e + 0xCA62C1D6 + w[t];
            e = d; d = c; c = Integer.rotateLeft(b, 30); b = a; a = x;
        }
        h[0] = 0x67452301 + a;
        h[1] = 0xEFCDAB89 + b;
        h[2] = 0x98BADCFE + c;
        h[3] = 0x10325476 + d;
        h[4] = 0xC3D2E1F0 + e;
    }
}
