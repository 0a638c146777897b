package io.sluice.protocol.ntp;

import java.nio.ByteBuffer;

/**
 * Reads one NTP message (RFC 5905 for modes 1-5; RFC 1305 appendix B for mode 6 control;
 * ntpd's private mode 7, the monlist mode) held whole in a datagram. Times convert as Zeek does:
 * NTP era-0 seconds minus 2208988800 plus the fraction, and an all-zero timestamp as 0.
 */
final class NtpParser {
    /** Header of a mode 1-5 message up to the end of the transmit timestamp. */
    static final int STANDARD = 48;
    private static final long UNIX_OFFSET = 2_208_988_800L;
    private static final int MAX_EXTENSIONS = 32;

    private NtpParser() {}

    /** NTP 64-bit timestamp at {@code at} as nanoseconds since the Unix epoch (0 for an unset timestamp). */
    static long timeNanos(ByteBuffer buf, int at) {
        long seconds = buf.getInt(at) & 0xffffffffL;
        long fraction = buf.getInt(at + 4) & 0xffffffffL;
        if (seconds == 0 && fraction == 0) return 0;
        return (seconds - UNIX_OFFSET) * 1_000_000_000L + ((fraction * 1_000_000_000L) >>> 32);
    }

    /** NTP short format (16.16 seconds) as nanoseconds. */
    static long shortNanos(int value) {
        return ((value & 0xffffffffL) * 1_000_000_000L) >>> 16;
    }

    /** 2^exponent seconds as nanoseconds (poll and precision), rounded. */
    static long log2Nanos(int exponent) {
        return Math.round(Math.pow(2, exponent) * 1e9);
    }

    /**
     * Extension fields after the 48-byte header (RFC 7822): each a type, a length (a multiple of 4,
     * at least 16) and a value; what is left at the end (20 or 24 bytes) is a MAC. Returns -1 when
     * the bytes after the header are neither.
     */
    static int extensions(ByteBuffer buf, int offset, int length) {
        int p = offset + STANDARD, end = offset + length;
        int n = 0;
        while (end - p > 24 && n < MAX_EXTENSIONS) {
            int len = buf.getShort(p + 2) & 0xffff;
            if (len < 16 || (len & 3) != 0 || p + len > end) return -1;
            p += len;
            n++;
        }
        int rest = end - p;
        return rest == 0 || rest == 20 || rest == 24 || rest == 4 ? n : (n > 0 ? n : -1);
    }
}
