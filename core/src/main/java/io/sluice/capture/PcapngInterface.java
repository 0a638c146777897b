package io.sluice.capture;

/**
 * One interface of a pcapng section, from its Interface Description Block: link type, snap length,
 * and the timestamp unit ({@code if_tsresol}) and offset ({@code if_tsoffset}) that turn its
 * packets' raw timestamps into nanoseconds.
 */
final class PcapngInterface {
    private static final long NANOS = 1_000_000_000L;
    private static final long[] POWERS_OF_TEN = new long[19];

    static {
        long p = 1;
        for (int k = 0; k < POWERS_OF_TEN.length; k++) {
            POWERS_OF_TEN[k] = p;
            p *= 10;
        }
    }

    final int linkType;
    /** 0 means no limit. */
    final long snaplen;
    final int fcsLength;
    /** Non-zero for a decimal unit of at most 1 ns: raw * multiplier. */
    private final long multiplier;
    /** Non-zero for a decimal unit finer than 1 ns: raw / divisor. */
    private final long divisor;
    /**
     * Binary unit 2^-shift seconds, used when multiplier and divisor are both 0; -1 for a decimal
     * unit so fine that every timestamp is 0 ns.
     */
    private final int shift;
    private final long offsetNanos;

    /**
     * @param tsresol the raw {@code if_tsresol} byte: 10^-v seconds, or 2^-(v & 0x7f) with the high bit set
     * @param tsoffsetSeconds the {@code if_tsoffset} value
     */
    PcapngInterface(int linkType, long snaplen, int fcsLength, int tsresol, long tsoffsetSeconds) {
        this.linkType = linkType;
        this.snaplen = snaplen;
        this.fcsLength = fcsLength;
        this.offsetNanos = tsoffsetSeconds * NANOS;
        int v = tsresol & 0x7F;
        if ((tsresol & 0x80) != 0) {
            multiplier = 0;
            divisor = 0;
            shift = v;
        } else if (v <= 9) {
            multiplier = POWERS_OF_TEN[9 - v];
            divisor = 0;
            shift = 0;
        } else {
            multiplier = 0;
            // Beyond 10^-27 s every raw value is below one nanosecond; 0 says so exactly.
            divisor = v - 9 < POWERS_OF_TEN.length ? POWERS_OF_TEN[v - 9] : 0;
            shift = -1;
        }
    }

    /** Converts a raw timestamp in this interface's units to nanoseconds since the epoch. */
    long nanos(long raw) {
        long t;
        if (multiplier != 0) {
            t = raw * multiplier;
        } else if (divisor != 0) {
            t = Long.divideUnsigned(raw, divisor);
        } else if (shift < 0) {
            t = 0;
        } else {
            t = binaryNanos(raw, shift);
        }
        return t + offsetNanos;
    }

    /** raw * 10^9 / 2^shift, with the 128-bit product so that no fraction bits are lost. */
    private static long binaryNanos(long raw, int shift) {
        if (shift == 0) {
            return raw * NANOS;
        }
        if (shift >= 64) {
            return Math.unsignedMultiplyHigh(raw, NANOS) >>> (shift - 64);
        }
        long whole = raw >>> shift;
        long frac = raw & ((1L << shift) - 1);
        long hi = Math.unsignedMultiplyHigh(frac, NANOS);
        long lo = frac * NANOS;
        return whole * NANOS + ((hi << (64 - shift)) | (lo >>> shift));
    }
}
