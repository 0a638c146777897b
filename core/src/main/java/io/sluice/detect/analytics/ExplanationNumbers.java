package io.sluice.detect.analytics;

import java.util.Locale;

/** How the beacon and exfiltration alerts write their numbers: sizes, spans and seconds. */
final class ExplanationNumbers {
    private ExplanationNumbers() {}

    /** 24.0 MiB, 4.5 KiB, 310 B. */
    static String bytes(long bytes) {
        if (bytes >= 1L << 20) return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
        if (bytes >= 1L << 10) return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        return bytes + " B";
    }

    /** A stretch of time: hours from two hours up, minutes from two minutes up, else seconds. */
    static String span(long nanos) {
        double s = nanos / 1e9;
        if (s >= 7_200) return String.format(Locale.ROOT, "%.0f h", s / 3600);
        if (s >= 120) return String.format(Locale.ROOT, "%.0f min", s / 60);
        return String.format(Locale.ROOT, "%.0f s", s);
    }

    static String seconds(double s) {
        return String.format(Locale.ROOT, "%.0f s", s);
    }
}
