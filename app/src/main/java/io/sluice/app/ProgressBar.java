package io.sluice.app;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar on standard error for long runs: percentage of input bytes, packets per
 * second and time left. Drawn only on a terminal (the launcher tells via -Dsluice.tty), at most five
 * times a second, and only once a run has lasted a second, so short runs and pipes stay clean.
 */
final class ProgressBar {
    private static final long REDRAW_NANOS = 200_000_000L;
    private static final long GRACE_NANOS = 1_000_000_000L;

    private final PrintWriter err;
    private final boolean enabled;
    private final long started = System.nanoTime();
    private long lastDraw;
    private boolean drawn;

    ProgressBar(PrintWriter err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    static boolean stderrIsTerminal() {
        String tty = System.getProperty("sluice.tty");
        if (tty != null) return tty.equals("1");
        return System.console() != null;
    }

    /** Called by the pipeline every few thousand packets. */
    void update(String input, long bytesDone, long bytesTotal, long packets) {
        if (!enabled) return;
        long now = System.nanoTime();
        if (now - started < GRACE_NANOS || now - lastDraw < REDRAW_NANOS) return;
        lastDraw = now;
        double elapsed = (now - started) / 1e9;
        var sb = new StringBuilder("\r");
        if (bytesTotal > 0) {
            double f = Math.min(1.0, (double) bytesDone / bytesTotal);
            int filled = (int) (f * 30);
            sb.append('[').append("=".repeat(filled)).append(filled < 30 ? ">" : "").append(" ".repeat(Math.max(0, 29 - filled))).append("] ");
            sb.append(String.format(Locale.ROOT, "%3.0f%% ", f * 100));
            sb.append(Units.bytes(bytesDone)).append(" / ").append(Units.bytes(bytesTotal));
            if (f > 0.01) sb.append("  ETA ").append(Units.seconds(elapsed / f - elapsed));
        } else {
            sb.append(Units.bytes(bytesDone)).append(" read");
        }
        sb.append("  ").append(Units.rate(packets / Math.max(elapsed, 1e-3))).append(" pkt/s  ").append(shortName(input));
        sb.append("\033[K");
        err.print(sb);
        err.flush();
        drawn = true;
    }

    /** Removes the bar so the summary starts on a clean line. */
    void finish() {
        if (drawn) {
            err.print("\r\033[K");
            err.flush();
            drawn = false;
        }
    }

    private static String shortName(String input) {
        return input.length() <= 40 ? input : "..." + input.substring(input.length() - 37);
    }
}
