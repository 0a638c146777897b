package io.sluice.detect.analytics;

import java.util.Collection;
import java.util.Locale;

/** The numbers of an alert's explanation, written the same way by every analytic. */
final class Explanations {
    private Explanations() {}

    /** 1,312: what {@code String.format(Locale.ROOT, "%,d", n)} writes, without the formatter's parsing. */
    static String count(long n) {
        if (n == Long.MIN_VALUE) return String.format(Locale.ROOT, "%,d", n);
        String digits = Long.toString(Math.abs(n));
        int len = digits.length();
        if (len <= 3) return n < 0 ? "-" + digits : digits;
        var sb = new StringBuilder(len + len / 3 + 1);
        if (n < 0) sb.append('-');
        int first = len % 3 == 0 ? 3 : len % 3;
        sb.append(digits, 0, first);
        for (int i = first; i < len; i += 3) sb.append(',').append(digits, i, i + 3);
        return sb.toString();
    }

    /**
     * What {@code String.format(Locale.ROOT, "%,.0f", x)} writes, without the formatter. For a
     * finite {@code x >= 0} the formatter rounds the shortest decimal that reads back as {@code x}
     * half up, and that decimal lies on the same side of every {@code k.5} as {@code x} itself (a
     * {@code k.5} below 2^52 is a double of its own), so {@link Math#round} gives the same integer.
     */
    static String countRounded(double x) {
        if (!(x > 0 || Double.doubleToRawLongBits(x) == 0) || x >= 0x1p52) {
            return String.format(Locale.ROOT, "%,.0f", x); // negative (-0.0 too), NaN, or too large to matter
        }
        return count(Math.round(x));
    }

    /** "1 host", "3 hosts" */
    static String count(long n, String one, String many) {
        return count(n) + " " + (n == 1 ? one : many);
    }

    /** A span of event time: "41 s", "3.5 min", "9.2 h". */
    static String duration(long nanos) {
        double s = nanos / 1e9;
        if (s < 1) return String.format(Locale.ROOT, "%.2f s", s);
        if (s < 10) return String.format(Locale.ROOT, "%.1f s", s);
        if (s < 120) return String.format(Locale.ROOT, "%.0f s", s);
        if (s < 7_200) return String.format(Locale.ROOT, "%.1f min", s / 60);
        return String.format(Locale.ROOT, "%.1f h", s / 3_600);
    }

    /** "97%", or "99.7%" when rounding would hide that not all were. */
    static String percent(long part, long whole) {
        if (whole <= 0) return "0%";
        double p = 100.0 * part / whole;
        if (part < whole && p >= 99.5) return String.format(Locale.ROOT, "%.1f%%", Math.min(p, 99.9));
        if (part > 0 && p < 0.5) return String.format(Locale.ROOT, "%.1f%%", Math.max(p, 0.1));
        return String.format(Locale.ROOT, "%.0f%%", p);
    }

    /** The first {@code max} items, comma-joined, with "and N more" for the rest. */
    static String list(Collection<?> items, int max) {
        var sb = new StringBuilder();
        int i = 0;
        for (Object o : items) {
            if (i == max) {
                sb.append(" and ").append(count(items.size() - max)).append(" more");
                break;
            }
            if (i > 0) sb.append(", ");
            sb.append(o);
            i++;
        }
        return sb.toString();
    }

    /** 24.0 MiB, 4.5 KiB, 310 B. */
    static String bytes(long bytes) {
        if (bytes >= 1L << 20) return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
        if (bytes >= 1L << 10) return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        return bytes + " B";
    }

    /**
     * A stretch of time in whole units (the beacon and exfiltration alerts' style): hours from two
     * hours up, minutes from two minutes up, else seconds. {@link #duration} keeps a decimal.
     */
    static String span(long nanos) {
        double s = nanos / 1e9;
        if (s >= 7_200) return String.format(Locale.ROOT, "%.0f h", s / 3600);
        if (s >= 120) return String.format(Locale.ROOT, "%.0f min", s / 60);
        return String.format(Locale.ROOT, "%.0f s", s);
    }

    /** "3 d", "5 h", "12 min", "40 s": how long before {@code now} the time {@code then} was. */
    static String elapsed(long thenNanos, long nowNanos) {
        long s = Math.max(0, (nowNanos - thenNanos) / 1_000_000_000L);
        if (s >= 86_400) return (s / 86_400) + " d";
        if (s >= 3_600) return (s / 3_600) + " h";
        if (s >= 60) return (s / 60) + " min";
        return s + " s";
    }

    /** Whole seconds: "61 s". */
    static String seconds(double s) {
        return String.format(Locale.ROOT, "%.0f s", s);
    }
}
