package io.sluice.flow;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Connection uids that look like Zeek's: "C" followed by the 96 random bits in base 62, written
 * as Zeek's {@code UID::Base62} does (each 64- and 32-bit word on its own, least significant
 * digit first, no padding), so they are 12 to 18 characters long. Seeded, so the same input and
 * seed give the same uids run after run.
 */
public final class UidGenerator {
    private static final byte[] DIGITS =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".getBytes(StandardCharsets.US_ASCII);

    private final SplittableRandom random;

    public UidGenerator(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** High 64 of the next uid's 96 bits; call {@link #nextLow()} right after for the rest. */
    public long nextHigh() {
        return random.nextLong();
    }

    public int nextLow() {
        return random.nextInt();
    }

    /** A fresh uid as text (allocates; for tunnels and tests). */
    public String next() {
        long hi = nextHigh();
        return format(hi, nextLow());
    }

    public static String format(long high, int low) {
        return format('C', high, low);
    }

    /** An id like a uid with another first letter (Zeek's file ids start with 'F'). */
    public static String format(char prefix, long high, int low) {
        byte[] b = new byte[19]; // the prefix, at most 11 digits for 64 bits and 6 for 32
        b[0] = (byte) prefix;
        int n = appendBase62(b, 1, high);
        n = appendBase62(b, n, low & 0xFFFFFFFFL);
        return new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }

    private static int appendBase62(byte[] b, int n, long value) {
        // Unsigned 64-bit division by 62, least significant digit first as Zeek's uitoa_n. Only
        // the first step needs the (slow) unsigned division: its quotient is below 2^58, and a
        // signed division by a constant compiles to a multiplication.
        long q = Long.divideUnsigned(value, 62);
        b[n++] = DIGITS[(int) (value - q * 62)];
        for (long v = q; v != 0; v = q) {
            q = v / 62;
            b[n++] = DIGITS[(int) (v - q * 62)];
        }
        return n;
    }
}
