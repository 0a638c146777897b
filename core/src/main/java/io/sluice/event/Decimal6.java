package io.sluice.event;

/**
 * Formats nanoseconds as seconds with exactly six decimals ({@code 1320279566.452687}), the way
 * Zeek prints times and intervals, without going through double or String.format. Rounds to the
 * nearest microsecond, half up.
 */
final class Decimal6 {
    private Decimal6() {}

    static void append(StringBuilder sb, long nanos) {
        long micros = Math.floorDiv(nanos + 500, 1000);
        if (micros < 0) {
            sb.append('-');
            micros = -micros;
        }
        long secs = micros / 1_000_000;
        long frac = micros % 1_000_000;
        sb.append(secs).append('.');
        for (long d = 100_000; d > 0; d /= 10) {
            sb.append((char) ('0' + (frac / d) % 10));
        }
    }

    static String format(long nanos) {
        var sb = new StringBuilder(20);
        append(sb, nanos);
        return sb.toString();
    }
}
