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
 * (and per NetFlow record in the collector). Not thread-safe: one per thread. Checked again on a CPU
 * with the SHA extensions, where the JDK's block compression is a JIT intrinsic: there MessageDigest
 * was 2.4 times faster per digest once warm (115 against 270 ns), but over the 1 GiB benchmark
 * capture the packet thread was not faster and the compiler threads worked ~0.15 s more (4
 * interleaved runs each, 2026-11-28), so this stays.
 *
 * <p>The shape is for the JIT as much as for the arithmetic. With the textbook loops (80 steps,
 * 64 schedule words) every call ran 144 loop back-edges, so the back-edge counters reached the
 * JIT's threshold long before the call counter did and C2 compiled the method four extra times as
 * on-stack replacements, one per loop (~0.15 s of compiler CPU in a 1 GiB capture's run); fully
 * unrolled (4.9 kB of bytecode) it ran in slow profiled code for long before C2 took it. Here the
 * schedule is a small method of its own and each round runs its 20 steps as four passes of five,
 * renaming the working variables instead of shifting them: 16 back-edges a call, a method of about
 * 1 kB that C2 compiles once from its call count.
 */
final class OneBlockSha1 {
    static final int MAX_MESSAGE = 55;
    private static final VarHandle BIG_ENDIAN_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private final int[] w = new int[80];
    /** The digest of the last {@link #digest} call, as five big-endian words. */
    final int[] h = new int[5];

    void digest(byte[] msg, int len) {
        if (len < 0 || len > MAX_MESSAGE) throw new IllegalArgumentException("message of " + len + " bytes");
        int[] w = this.w;
        Arrays.fill(w, 0, 16, 0);
        int whole = len & ~3;
        for (int i = 0; i < whole; i += 4) w[i >>> 2] = (int) BIG_ENDIAN_INT.get(msg, i);
        int last = 0;
        for (int i = whole; i < len; i++) last |= (msg[i] & 0xff) << (24 - 8 * (i & 3));
        w[len >>> 2] = last | 0x80 << (24 - 8 * (len & 3));
        w[15] = len << 3; // the length in bits; the word before it stays 0
        schedule(w);
        int a = 0x67452301, b = 0xEFCDAB89, c = 0x98BADCFE, d = 0x10325476, e = 0xC3D2E1F0;
        for (int t = 0; t < 20; t += 5) {
            e += Integer.rotateLeft(a, 5) + (b & c | ~b & d) + 0x5A827999 + w[t];
            b = Integer.rotateLeft(b, 30);
            d += Integer.rotateLeft(e, 5) + (a & b | ~a & c) + 0x5A827999 + w[t + 1];
            a = Integer.rotateLeft(a, 30);
            c += Integer.rotateLeft(d, 5) + (e & a | ~e & b) + 0x5A827999 + w[t + 2];
            e = Integer.rotateLeft(e, 30);
            b += Integer.rotateLeft(c, 5) + (d & e | ~d & a) + 0x5A827999 + w[t + 3];
            d = Integer.rotateLeft(d, 30);
            a += Integer.rotateLeft(b, 5) + (c & d | ~c & e) + 0x5A827999 + w[t + 4];
            c = Integer.rotateLeft(c, 30);
        }
        for (int t = 20; t < 40; t += 5) {
            e += Integer.rotateLeft(a, 5) + (b ^ c ^ d) + 0x6ED9EBA1 + w[t];
            b = Integer.rotateLeft(b, 30);
            d += Integer.rotateLeft(e, 5) + (a ^ b ^ c) + 0x6ED9EBA1 + w[t + 1];
            a = Integer.rotateLeft(a, 30);
            c += Integer.rotateLeft(d, 5) + (e ^ a ^ b) + 0x6ED9EBA1 + w[t + 2];
            e = Integer.rotateLeft(e, 30);
            b += Integer.rotateLeft(c, 5) + (d ^ e ^ a) + 0x6ED9EBA1 + w[t + 3];
            d = Integer.rotateLeft(d, 30);
            a += Integer.rotateLeft(b, 5) + (c ^ d ^ e) + 0x6ED9EBA1 + w[t + 4];
            c = Integer.rotateLeft(c, 30);
        }
        for (int t = 40; t < 60; t += 5) {
            e += Integer.rotateLeft(a, 5) + (b & c | b & d | c & d) + 0x8F1BBCDC + w[t];
            b = Integer.rotateLeft(b, 30);
            d += Integer.rotateLeft(e, 5) + (a & b | a & c | b & c) + 0x8F1BBCDC + w[t + 1];
            a = Integer.rotateLeft(a, 30);
            c += Integer.rotateLeft(d, 5) + (e & a | e & b | a & b) + 0x8F1BBCDC + w[t + 2];
            e = Integer.rotateLeft(e, 30);
            b += Integer.rotateLeft(c, 5) + (d & e | d & a | e & a) + 0x8F1BBCDC + w[t + 3];
            d = Integer.rotateLeft(d, 30);
            a += Integer.rotateLeft(b, 5) + (c & d | c & e | d & e) + 0x8F1BBCDC + w[t + 4];
            c = Integer.rotateLeft(c, 30);
        }
        for (int t = 60; t < 80; t += 5) {
            e += Integer.rotateLeft(a, 5) + (b ^ c ^ d) + 0xCA62C1D6 + w[t];
            b = Integer.rotateLeft(b, 30);
            d += Integer.rotateLeft(e, 5) + (a ^ b ^ c) + 0xCA62C1D6 + w[t + 1];
            a = Integer.rotateLeft(a, 30);
            c += Integer.rotateLeft(d, 5) + (e ^ a ^ b) + 0xCA62C1D6 + w[t + 2];
            e = Integer.rotateLeft(e, 30);
            b += Integer.rotateLeft(c, 5) + (d ^ e ^ a) + 0xCA62C1D6 + w[t + 3];
            d = Integer.rotateLeft(d, 30);
            a += Integer.rotateLeft(b, 5) + (c ^ d ^ e) + 0xCA62C1D6 + w[t + 4];
            c = Integer.rotateLeft(c, 30);
        }
        h[0] = 0x67452301 + a;
        h[1] = 0xEFCDAB89 + b;
        h[2] = 0x98BADCFE + c;
        h[3] = 0x10325476 + d;
        h[4] = 0xC3D2E1F0 + e;
    }

    private static void schedule(int[] w) {
        for (int t = 16; t < 80; t++) w[t] = Integer.rotateLeft(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
    }
}
