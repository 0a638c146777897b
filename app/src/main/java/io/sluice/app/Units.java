package io.sluice.app;

import java.util.Locale;

/** Human-readable numbers for the terminal and the HTML report: 1.2 GiB, 3.4 M, 1,234. */
public final class Units {
    private Units() {}

    public static String bytes(long n) {
        if (n < 1024) return n + " B";
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = n;
        int u = -1;
        do {
            v /= 1024;
            u++;
        } while (v >= 1024 && u < units.length - 1);
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    public static String rate(double perSecond) {
        if (perSecond >= 1e6) return String.format(Locale.ROOT, "%.2f M", perSecond / 1e6);
        if (perSecond >= 1e3) return String.format(Locale.ROOT, "%.1f k", perSecond / 1e3);
        return String.format(Locale.ROOT, "%.0f", perSecond);
    }

    public static String seconds(double s) {
        if (s < 60) return String.format(Locale.ROOT, "%.1f s", s);
        long total = Math.round(s);
        if (total < 3600) return String.format(Locale.ROOT, "%dm%02ds", total / 60, total % 60);
        return String.format(Locale.ROOT, "%dh%02dm", total / 3600, (total % 3600) / 60);
    }
}
