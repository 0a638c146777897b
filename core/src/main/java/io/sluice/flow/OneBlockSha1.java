package io.sluice.flow;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * SHA-1 (FIPS 180-4) of a message short enough to fit, padded, in one 64-byte block (at most 55
 * bytes): a Community ID's input is 16 bytes for IPv4 and 40 for IPv6. Written out because
 * {@link java.security.MessageDigest} spends more on its general buffering, padding and output
 * copies than on the one compression a short message needs, and this runs once per connection
 * (and per NetFlow record in the collector). Not thread-safe: one per thread.
 *
 * <p>The 80 steps are unrolled, the working variables renamed from step to step instead of
 * shifted, and the message schedule kept in 16 words computed as the steps need them. Besides
 * saving the shifts, that leaves the method without hot loops: with the four round loops of the
 * textbook form, each loop's back-edge counter reached the JIT's threshold long before the method's
 * call counter did, and C2 compiled the method four extra times as on-stack replacements (about
 * 0.15 s of compiler CPU in a 1 GiB capture's run).
 */
final class OneBlockSha1 {
    static final int MAX_MESSAGE = 55;
    private static final VarHandle BIG_ENDIAN_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private final int[] w = new int[16];
    /** The digest of the last {@link #digest} call, as five big-endian words. */
    final int[] h = new int[5];

    void digest(byte[] msg, int len) {
        if (len < 0 || len > MAX_MESSAGE) throw new IllegalArgumentException("message of " + len + " bytes");
        int[] w = this.w;
        Arrays.fill(w, 0);
        int whole = len & ~3;
        for (int i = 0; i < whole; i += 4) w[i >>> 2] = (int) BIG_ENDIAN_INT.get(msg, i);
        int last = 0;
        for (int i = whole; i < len; i++) last |= (msg[i] & 0xff) << (24 - 8 * (i & 3));
        w[len >>> 2] = last | 0x80 << (24 - 8 * (len & 3));
        w[15] = len << 3; // the length in bits; the word before it stays 0
        int a = 0x67452301, b = 0xEFCDAB89, c = 0x98BADCFE, d = 0x10325476, e = 0xC3D2E1F0;
        e += Integer.rotateLeft(a, 5) + ((b & c) | (~b & d)) + 0x5A827999 + w[0];
        b = Integer.rotateLeft(b, 30);
        d += Integer.rotateLeft(e, 5) + ((a & b) | (~a & c)) + 0x5A827999 + w[1];
        a = Integer.rotateLeft(a, 30);
        c += Integer.rotateLeft(d, 5) + ((e & a) | (~e & b)) + 0x5A827999 + w[2];
        e = Integer.rotateLeft(e, 30);
        b += Integer.rotateLeft(c, 5) + ((d & e) | (~d & a)) + 0x5A827999 + w[3];
        d = Integer.rotateLeft(d, 30);
        a += Integer.rotateLeft(b, 5) + ((c & d) | (~c & e)) + 0x5A827999 + w[4];
        c = Integer.rotateLeft(c, 30);
        e += Integer.rotateLeft(a, 5) + ((b & c) | (~b & d)) + 0x5A827999 + w[5];
        b = Integer.rotateLeft(b, 30);
        d += Integer.rotateLeft(e, 5) + ((a & b) | (~a & c)) + 0x5A827999 + w[6];
        a = Integer.rotateLeft(a, 30);
        c += Integer.rotateLeft(d, 5) + ((e & a) | (~e & b)) + 0x5A827999 + w[7];
        e = Integer.rotateLeft(e, 30);
        b += Integer.rotateLeft(c, 5) + ((d & e) | (~d & a)) + 0x5A827999 + w[8];
        d = Integer.rotateLeft(d, 30);
        a += Integer.rotateLeft(b, 5) + ((c & d) | (~c & e)) + 0x5A827999 + w[9];
        c = Integer.rotateLeft(c, 30);
        e += Integer.rotateLeft(a, 5) + ((b & c) | (~b & d)) + 0x5A827999 + w[10];
        b = Integer.rotateLeft(b, 30);
        d += Integer.rotateLeft(e, 5) + ((a & b) | (~a & c)) + 0x5A827999 + w[11];
        a = Integer.rotateLeft(a, 30);
        c += Integer.rotateLeft(d, 5) + ((e & a) | (~e & b)) + 0x5A827999 + w[12];
        e = Integer.rotateLeft(e, 30);
        b += Integer.rotateLeft(c, 5) + ((d & e) | (~d & a)) + 0x5A827999 + w[13];
        d = Integer.rotateLeft(d, 30);
        a += Integer.rotateLeft(b, 5) + ((c & d) | (~c & e)) + 0x5A827999 + w[14];
        c = Integer.rotateLeft(c, 30);
        e += Integer.rotateLeft(a, 5) + ((b & c) | (~b & d)) + 0x5A827999 + w[15];
        b = Integer.rotateLeft(b, 30);
        d += Integer.rotateLeft(e, 5) + ((a & b) | (~a & c)) + 0x5A827999 + (w[0] = Integer.rotateLeft(w[13] ^ w[8] ^ w[2] ^ w[0], 1));
        a = Integer.rotateLeft(a, 30);
        c += Integer.rotateLeft(d, 5) + ((e & a) | (~e & b)) + 0x5A827999 + (w[1] = Integer.rotateLeft(w[14] ^ w[9] ^ w[3] ^ w[1], 1));
        e = Integer.rotateLeft(e, 30);
        b += Integer.rotateLeft(c, 5) + ((d & e) | (~d & a)) + 0x5A827999 + (w[2] = Integer.rotateLeft(w[15] ^ w[10] ^ w[4] ^ w[2], 1));
        d = Integer.rotateLeft(d, 30);
        a += Integer.rotateLeft(b, 5) + ((c & d) | (~c & e)) + 0x5A827999 + (w[3] = Integer.rotateLeft(w[0] ^ w[11] ^ w[5] ^ w[3], 1));
        c = Integer.rotateLeft(c, 30);
        e += Integer.rotateLeft(a, 5) + (b ^ c ^ d) + 0x6ED9EBA1 + (w[4] = Integer.rotateLeft(w[1] ^ w[12] ^ w[6] ^ w[4], 1));
        b = Integer.rotateLeft(b, 30);
        d += Integer.rotateLeft(e, 5) + (a ^ b ^ c) + 0x6ED9EBA1 + (w[5] = Integer.rotateLeft(w[2] ^ w[13] ^ w[7] ^ w[5], 1));
        a = Integer.rotateLeft(a, 30);
        c += Integer.rotateLeft(d, 5) + (e ^ a ^ b) + 0x6ED9EBA1 + (w[6] = Integer.rotateLeft(w[3] ^ w[14] ^ w[8] ^ w[6], 1));
        e = Integer.rotateLeft(e, 30);
        b += Integer.rotateLeft(c, 5) + (d ^ e ^ a) + 0x6ED9EBA1 + (w[7] = Integer.rotateLeft(w[4] ^ w[15] ^ w[9] ^ w[7], 1));
        d = Integer.rotateLeft(d, 30);
        a += Integer.rotateLeft(b, 5) + (c ^ d ^ e) + 0x6ED9EBA1 + (w[8] = Integer.rotateLeft(w[5] ^ w[0] ^ w[10] ^ w[8], 1));
        c = Integer.rotateLeft(c, 30);
        e += Integer.rotateLeft(a, 5) + (b ^ c ^ d) + 0x6ED9EBA1 + (w[9] = Integer.rotateLeft(w[6] ^ w[1] ^ w[11] ^ w[9], 1));
        b = Integer.rotateLeft(b, 30);
        d += Integer.rotateLeft(e, 5) + (a ^ b ^ c) + 0x6ED9EBA1 + (w[10] = Integer.rotateLeft(w[7] ^ w[2] ^ w[12] ^ w[10], 1));
        a = Integer.rotateLeft(a, 30);
        c += Integer.rotateLeft(d, 5) + (e ^ a ^ b) + 0x6ED9EBA1 + (w[11] = Integer.rotateLeft(w[8] ^ w[3] ^ w[13] ^ w[11], 1));
        e = Integer.rotateLeft(e, 30);
        b += Integer.rotateLeft(c, 5) + (d ^ e ^ a) + 0x6ED9EBA1 + (w[12] = Integer.rotateLeft(w[9] ^ w[4] ^ w[14] ^ w[12], 1));
        d = Integer.rotateLeft(d, 30);
        a += Integer.rotateLeft(b, 5) + (c ^ d ^ e) + 0x6ED9EBA1 + (w[13] = Integer.rotateLeft(w[10] ^ w[5] ^ w[15] ^ w[13], 1));
        c = Integer.rotateLeft(c, 30);
        e += Integer.rotateLeft(a, 5) + (b ^ c ^ d) + 0x6ED9EBA1 + (w[14] = Integer.rotateLeft(w[11] ^ w[6] ^ w[0] ^ w[14], 1));
        b = Integer.rotateLeft(b, 30);
        d += Integer.rotateLeft(e, 5) + (a ^ b ^ c) + 0x6ED9EBA1 + (w[15] = Integer.rotateLeft(w[12] ^ w[7] ^ w[1] ^ w[15], 1));
        a = Integer.rotateLeft(a, 30);
        c += Integer.rotateLeft(d, 5) + (e ^ a ^ b) + 0x6ED9EBA1 + (w[0] = Integer.rotateLeft(w[13] ^ w[8] ^ w[2] ^ w[0], 1));
        e = Integer.rotateLeft(e, 30);
        b += Integer.rotateLeft(c, 5) + (d ^ e ^ a) + 0x6ED9EBA1 + (w[1] = Integer.rotateLeft(w[14] ^ w[9] ^ w[3] ^ w[1], 1));
        d = Integer.rotateLeft(d, 30);
        a += Integer.rotateLeft(b, 5) + (c ^ d ^ e) + 0x6ED9EBA1 + (w[2] = Integer.rotateLeft(w[15] ^ w[10] ^ w[4] ^ w[2], 1));
        c = Integer.rotateLeft(c, 30);
        e += Integer.rotateLeft(a, 5) + (b ^ c ^ d) + 0x6ED9EBA1 + (w[3] = Integer.rotateLeft(w[0] ^ w[11] ^ w[5] ^ w[3], 1));
        b = Integer.rotateLeft(b, 30);
        d += Integer.rotateLeft(e, 5) + (a ^ b ^ c) + 0x6ED9EBA1 + (w[4] = Integer.rotateLeft(w[1] ^ w[12] ^ w[6] ^ w[4], 1));
        a = Integer.rotateLeft(a, 30);
        c += Integer.rotateLeft(d, 5) + (e ^ a ^ b) + 0x6ED9EBA1 + (w[5] = Integer.rotateLeft(w[2] ^ w[13] ^ w[7] ^ w[5], 1));
        e = Integer.rotateLeft(e, 30);
        b += Integer.rotateLeft(c, 5) + (d ^ e ^ a) + 0x6ED9EBA1 + (w[6] = Integer.rotateLeft(w[3] ^ w[14] ^ w[8] ^ w[6], 1));
        d = Integer.rotateLeft(d, 30);
        a += Integer.rotateLeft(b, 5) + (c ^ d ^ e) + 0x6ED9EBA1 + (w[7] = Integer.rotateLeft(w[4] ^ w[15] ^ w[9] ^ w[7], 1));
        c = Integer.rotateLeft(c, 30);
        e += Integer.rotateLeft(a, 5) + ((b & c) | (b & d) | (c & d)) + 0x8F1BBCDC + (w[8] = Integer.rotateLeft(w[5] ^ w[0] ^ w[10] ^ w[8], 1));
        b = Integer.rotateLeft(b, 30);
        d += Integer.rotateLeft(e, 5) + ((a & b) | (a & c) | (b & c)) + 0x8F1BBCDC + (w[9] = Integer.rotateLeft(w[6] ^ w[1] ^ w[11] ^ w[9], 1));
        a = Integer.rotateLeft(a, 30);
        c += Integer.rotateLeft(d, 5) + ((e & a) | (e & b) | (a & b)) + 0x8F1BBCDC + (w[10] = Integer.rotateLeft(w[7] ^ w[2] ^ w[12] ^ w[10], 1));
        e = Integer.rotateLeft(e, 30);
        b += Integer.rotateLeft(c, 5) + ((d & e) | (d & a) | (e & a)) + 0x8F1BBCDC + (w[11] = Integer.rotateLeft(w[8] ^ w[3] ^ w[13] ^ w[11], 1));
        d = Integer.rotateLeft(d, 30);
        a += Integer.rotateLeft(b, 5) + ((c & d) | (c & e) | (d & e)) + 0x8F1BBCDC + (w[12] = Integer.rotateLeft(w[9] ^ w[4] ^ w[14] ^ w[12], 1));
        c = Integer.rotateLeft(c, 30);
        e += Integer.rotateLeft(a, 5) + ((b & c) | (b & d) | (c & d)) + 0x8F1BBCDC + (w[13] = Integer.rotateLeft(w[10] ^ w[5] ^ w[15] ^ w[13], 1));
        b = Integer.rotateLeft(b, 30);
        d += Integer.rotateLeft(e, 5) + ((a & b) | (a & c) | (b & c)) + 0x8F1BBCDC + (w[14] = Integer.rotateLeft(w[11] ^ w[6] ^ w[0] ^ w[14], 1));
        a = Integer.rotateLeft(a, 30);
        c += Integer.rotateLeft(d, 5) + ((e & a) | (e & b) | (a & b)) + 0x8F1BBCDC + (w[15] = Integer.rotateLeft(w[12] ^ w[7] ^ w[1] ^ w[15], 1));
        e = Integer.rotateLeft(e, 30);
        b += Integer.rotateLeft(c, 5) + ((d & e) | (d & a) | (e & a)) + 0x8F1BBCDC + (w[0] = Integer.rotateLeft(w[13] ^ w[8] ^ w[2] ^ w[0], 1));
        d = Integer.rotateLeft(d, 30);
        a += Integer.rotateLeft(b, 5) + ((c & d) | (c & e) | (d & e)) + 0x8F1BBCDC + (w[1] = Integer.rotateLeft(w[14] ^ w[9] ^ w[3] ^ w[1], 1));
        c = Integer.rotateLeft(c, 30);
        e += Integer.rotateLeft(a, 5) + ((b & c) | (b & d) | (c & d)) + 0x8F1BBCDC + (w[2] = Integer.rotateLeft(w[15] ^ w[10] ^ w[4] ^ w[2], 1));
        b = Integer.rotateLeft(b, 30);
        d += Integer.rotateLeft(e, 5) + ((a & b) | (a & c) | (b & c)) + 0x8F1BBCDC + (w[3] = Integer.rotateLeft(w[0] ^ w[11] ^ w[5] ^ w[3], 1));
        a = Integer.rotateLeft(a, 30);
        c += Integer.rotateLeft(d, 5) + ((e & a) | (e & b) | (a & b)) + 0x8F1BBCDC + (w[4] = Integer.rotateLeft(w[1] ^ w[12] ^ w[6] ^ w[4], 1));
        e = Integer.rotateLeft(e, 30);
        b += Integer.rotateLeft(c, 5) + ((d & e) | (d & a) | (e & a)) + 0x8F1BBCDC + (w[5] = Integer.rotateLeft(w[2] ^ w[13] ^ w[7] ^ w[5], 1));
        d = Integer.rotateLeft(d, 30);
        a += Integer.rotateLeft(b, 5) + ((c & d) | (c & e) | (d & e)) + 0x8F1BBCDC + (w[6] = Integer.rotateLeft(w[3] ^ w[14] ^ w[8] ^ w[6], 1));
        c = Integer.rotateLeft(c, 30);
        e += Integer.rotateLeft(a, 5) + ((b & c) | (b & d) | (c & d)) + 0x8F1BBCDC + (w[7] = Integer.rotateLeft(w[4] ^ w[15] ^ w[9] ^ w[7], 1));
        b = Integer.rotateLeft(b, 30);
        d += Integer.rotateLeft(e, 5) + ((a & b) | (a & c) | (b & c)) + 0x8F1BBCDC + (w[8] = Integer.rotateLeft(w[5] ^ w[0] ^ w[10] ^ w[8], 1));
        a = Integer.rotateLeft(a, 30);
        c += Integer.rotateLeft(d, 5) + ((e & a) | (e & b) | (a & b)) + 0x8F1BBCDC + (w[9] = Integer.rotateLeft(w[6] ^ w[1] ^ w[11] ^ w[9], 1));
        e = Integer.rotateLeft(e, 30);
        b += Integer.rotateLeft(c, 5) + ((d & e) | (d & a) | (e & a)) + 0x8F1BBCDC + (w[10] = Integer.rotateLeft(w[7] ^ w[2] ^ w[12] ^ w[10], 1));
        d = Integer.rotateLeft(d, 30);
        a += Integer.rotateLeft(b, 5) + ((c & d) | (c & e) | (d & e)) + 0x8F1BBCDC + (w[11] = Integer.rotateLeft(w[8] ^ w[3] ^ w[13] ^ w[11], 1));
        c = Integer.rotateLeft(c, 30);
        e += Integer.rotateLeft(a, 5) + (b ^ c ^ d) + 0xCA62C1D6 + (w[12] = Integer.rotateLeft(w[9] ^ w[4] ^ w[14] ^ w[12], 1));
        b = Integer.rotateLeft(b, 30);
        d += Integer.rotateLeft(e, 5) + (a ^ b ^ c) + 0xCA62C1D6 + (w[13] = Integer.rotateLeft(w[10] ^ w[5] ^ w[15] ^ w[13], 1));
        a = Integer.rotateLeft(a, 30);
        c += Integer.rotateLeft(d, 5) + (e ^ a ^ b) + 0xCA62C1D6 + (w[14] = Integer.rotateLeft(w[11] ^ w[6] ^ w[0] ^ w[14], 1));
        e = Integer.rotateLeft(e, 30);
        b += Integer.rotateLeft(c, 5) + (d ^ e ^ a) + 0xCA62C1D6 + (w[15] = Integer.rotateLeft(w[12] ^ w[7] ^ w[1] ^ w[15], 1));
        d = Integer.rotateLeft(d, 30);
        a += Integer.rotateLeft(b, 5) + (c ^ d ^ e) + 0xCA62C1D6 + (w[0] = Integer.rotateLeft(w[13] ^ w[8] ^ w[2] ^ w[0], 1));
        c = Integer.rotateLeft(c, 30);
        e += Integer.rotateLeft(a, 5) + (b ^ c ^ d) + 0xCA62C1D6 + (w[1] = Integer.rotateLeft(w[14] ^ w[9] ^ w[3] ^ w[1], 1));
        b = Integer.rotateLeft(b, 30);
        d += Integer.rotateLeft(e, 5) + (a ^ b ^ c) + 0xCA62C1D6 + (w[2] = Integer.rotateLeft(w[15] ^ w[10] ^ w[4] ^ w[2], 1));
        a = Integer.rotateLeft(a, 30);
        c += Integer.rotateLeft(d, 5) + (e ^ a ^ b) + 0xCA62C1D6 + (w[3] = Integer.rotateLeft(w[0] ^ w[11] ^ w[5] ^ w[3], 1));
        e = Integer.rotateLeft(e, 30);
        b += Integer.rotateLeft(c, 5) + (d ^ e ^ a) + 0xCA62C1D6 + (w[4] = Integer.rotateLeft(w[1] ^ w[12] ^ w[6] ^ w[4], 1));
        d = Integer.rotateLeft(d, 30);
        a += Integer.rotateLeft(b, 5) + (c ^ d ^ e) + 0xCA62C1D6 + (w[5] = Integer.rotateLeft(w[2] ^ w[13] ^ w[7] ^ w[5], 1));
        c = Integer.rotateLeft(c, 30);
        e += Integer.rotateLeft(a, 5) + (b ^ c ^ d) + 0xCA62C1D6 + (w[6] = Integer.rotateLeft(w[3] ^ w[14] ^ w[8] ^ w[6], 1));
        b = Integer.rotateLeft(b, 30);
        d += Integer.rotateLeft(e, 5) + (a ^ b ^ c) + 0xCA62C1D6 + (w[7] = Integer.rotateLeft(w[4] ^ w[15] ^ w[9] ^ w[7], 1));
        a = Integer.rotateLeft(a, 30);
        c += Integer.rotateLeft(d, 5) + (e ^ a ^ b) + 0xCA62C1D6 + (w[8] = Integer.rotateLeft(w[5] ^ w[0] ^ w[10] ^ w[8], 1));
        e = Integer.rotateLeft(e, 30);
        b += Integer.rotateLeft(c, 5) + (d ^ e ^ a) + 0xCA62C1D6 + (w[9] = Integer.rotateLeft(w[6] ^ w[1] ^ w[11] ^ w[9], 1));
        d = Integer.rotateLeft(d, 30);
        a += Integer.rotateLeft(b, 5) + (c ^ d ^ e) + 0xCA62C1D6 + (w[10] = Integer.rotateLeft(w[7] ^ w[2] ^ w[12] ^ w[10], 1));
        c = Integer.rotateLeft(c, 30);
        e += Integer.rotateLeft(a, 5) + (b ^ c ^ d) + 0xCA62C1D6 + (w[11] = Integer.rotateLeft(w[8] ^ w[3] ^ w[13] ^ w[11], 1));
        b = Integer.rotateLeft(b, 30);
        d += Integer.rotateLeft(e, 5) + (a ^ b ^ c) + 0xCA62C1D6 + (w[12] = Integer.rotateLeft(w[9] ^ w[4] ^ w[14] ^ w[12], 1));
        a = Integer.rotateLeft(a, 30);
        c += Integer.rotateLeft(d, 5) + (e ^ a ^ b) + 0xCA62C1D6 + (w[13] = Integer.rotateLeft(w[10] ^ w[5] ^ w[15] ^ w[13], 1));
        e = Integer.rotateLeft(e, 30);
        b += Integer.rotateLeft(c, 5) + (d ^ e ^ a) + 0xCA62C1D6 + (w[14] = Integer.rotateLeft(w[11] ^ w[6] ^ w[0] ^ w[14], 1));
        d = Integer.rotateLeft(d, 30);
        a += Integer.rotateLeft(b, 5) + (c ^ d ^ e) + 0xCA62C1D6 + (w[15] = Integer.rotateLeft(w[12] ^ w[7] ^ w[1] ^ w[15], 1));
        c = Integer.rotateLeft(c, 30);
        h[0] = 0x67452301 + a;
        h[1] = 0xEFCDAB89 + b;
        h[2] = 0x98BADCFE + c;
        h[3] = 0x10325476 + d;
        h[4] = 0xC3D2E1F0 + e;
    }
}
