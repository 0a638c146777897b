package io.sluice.app.report;

import io.sluice.app.Units;
import io.sluice.detect.Severity;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report's timeline as inline SVG: connections per time bucket as bars, and below them, on the
 * same time axis, one lane per severity with a marker in each bucket where alerts of that
 * severity were first seen. The bucket width is the finest of {@link TimeHistogram}'s ladder that
 * both histograms can be merged into and that keeps the bars to {@link #MAX_BARS}; tick labels are
 * UTC. Each bar and marker has a {@code <title>} (its time range and count), which browsers show
 * on hover.
 */
public final class TimelineSvg {
    public static final int MAX_BARS = 200;
    private static final int MAX_TICKS = 8;
    private static final long SECOND = 1_000_000_000L;
    private static final long DAY = 86_400 * SECOND;

    private static final int WIDTH = 1200;
    private static final int LEFT = 100;
    private static final int RIGHT = 40;
    private static final int TOP = 14;
    private static final int BARS_HEIGHT = 170;
    private static final int LANE = 15;
    private static final Severity[] LANES = {Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO};

    /** The shared time axis: {@code n} buckets of {@code width} ns from bucket number {@code first}. */
    record Axis(long width, long first, int n) {
        long start() {
            return first * width;
        }

        long end() {
            return (first + n) * width;
        }
    }

    private TimelineSvg() {}

    /**
     * A {@code <figure>} with the timeline, or a paragraph saying there is nothing to draw.
     *
     * @param alerts the alerts by severity; null when detection was off (no lanes are drawn)
     */
    public static String render(TimeHistogram connections, AlertDigest alerts) {
        var all = new ArrayList<TimeHistogram>();
        all.add(connections);
        if (alerts != null) for (var s : LANES) all.add(alerts.times(s));
        Axis axis = axis(all);
        if (axis == null) return "<p class=\"note\">No connections and no alerts: nothing to draw.</p>\n";

        double plotWidth = WIDTH - LEFT - RIGHT;
        double step = plotWidth / axis.n();
        int lanesTop = TOP + BARS_HEIGHT + 10;
        int lanesHeight = alerts == null ? 0 : LANES.length * LANE;
        int axisY = lanesTop + lanesHeight + 4;
        int height = axisY + 34;
        long[] counts = connections.counts(axis.width(), axis.first(), axis.n());
        long max = 0;
        for (long c : counts) max = Math.max(max, c);

        var sb = new StringBuilder(32_768);
        sb.append("<figure class=\"timeline\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(WIDTH)
                .append(' ').append(height).append("\" width=\"100%\" role=\"img\" aria-label=\"");
        Html.escape(sb, "Connections per " + widthLabel(axis.width()) + " from " + Html.utc(axis.start()) + " to "
                + Html.utc(axis.end()) + " UTC" + (alerts == null ? "" : ", with alerts by severity"));
        sb.append("\">\n");

        // the count scale: a grid line at the highest bar and at half of it
        for (long level : max > 1 ? new long[] {max, max / 2} : new long[] {max}) {
            if (level == 0) continue;
            double y = TOP + BARS_HEIGHT - BARS_HEIGHT * (double) level / max;
            sb.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT)
                    .append("\" y1=\"").append(Html.num(y)).append("\" y2=\"").append(Html.num(y)).append("\"/>");
            sb.append("<text class=\"ax\" text-anchor=\"end\" x=\"").append(LEFT - 6).append("\" y=\"")
                    .append(Html.num(y + 4)).append("\">").append(Units.count(level)).append("</text>\n");
        }
        sb.append("<text class=\"ax\" text-anchor=\"end\" x=\"").append(LEFT - 6).append("\" y=\"")
                .append(TOP + BARS_HEIGHT + 4).append("\">0</text>\n");

        double gap = step >= 4 ? 1 : 0;
        for (int d = 0; d < counts.length; d++) {
            if (counts[d] == 0) continue;
            double h = Math.max(1, BARS_HEIGHT * (double) counts[d] / max);
            sb.append("<rect class=\"bar\" x=\"").append(Html.num(LEFT + d * step)).append("\" y=\"")
                    .append(Html.num(TOP + BARS_HEIGHT - h)).append("\" width=\"").append(Html.num(Math.max(step - gap, 0.5)))
                    .append("\" height=\"").append(Html.num(h)).append("\"><title>");
            Html.escape(sb, range(axis, d) + ": " + Units.count(counts[d]) + (counts[d] == 1 ? " connection" : " connections"));
            sb.append("</title></rect>\n");
        }

        if (alerts != null) {
            for (int lane = 0; lane < LANES.length; lane++) {
                Severity severity = LANES[lane];
                double y = lanesTop + lane * LANE + LANE / 2.0;
                sb.append("<line class=\"lane\" x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT)
                        .append("\" y1=\"").append(Html.num(y)).append("\" y2=\"").append(Html.num(y)).append("\"/>");
                sb.append("<text class=\"ax\" text-anchor=\"end\" x=\"").append(LEFT - 6).append("\" y=\"")
                        .append(Html.num(y + 4)).append("\">").append(severity.ocsfName()).append("</text>\n");
                long[] marks = alerts.times(severity).counts(axis.width(), axis.first(), axis.n());
                for (int d = 0; d < marks.length; d++) {
                    if (marks[d] == 0) continue;
                    sb.append("<circle class=\"mark sev-").append(severity.ocsfId()).append("\" cx=\"")
                            .append(Html.num(LEFT + (d + 0.5) * step)).append("\" cy=\"").append(Html.num(y))
                            .append("\" r=\"").append(marks[d] > 9 ? "6" : marks[d] > 1 ? "5" : "4").append("\"><title>");
                    Html.escape(sb, range(axis, d) + ": " + Units.count(marks[d]) + " " + severity.ocsfName()
                            + (marks[d] == 1 ? " alert" : " alerts"));
                    sb.append("</title></circle>\n");
                }
            }
        }

        sb.append("<line class=\"axis\" x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"")
                .append(axisY).append("\" y2=\"").append(axisY).append("\"/>\n");
        long every = tickSpacing(axis);
        for (long t : ticks(axis)) {
            double x = LEFT + (double) (t - axis.start()) / (axis.end() - axis.start()) * plotWidth;
            sb.append("<line class=\"axis\" x1=\"").append(Html.num(x)).append("\" x2=\"").append(Html.num(x))
                    .append("\" y1=\"").append(axisY).append("\" y2=\"").append(axisY + 5).append("\"/>");
            sb.append("<text class=\"ax\" text-anchor=\"middle\" x=\"").append(Html.num(x)).append("\" y=\"")
                    .append(axisY + 19).append("\">").append(tickLabel(t, every, axis)).append("</text>\n");
        }
        sb.append("</svg>\n<figcaption>");
        Html.escape(sb, Html.utc(axis.start()) + " to " + Html.utc(axis.end()) + " UTC; one bar: "
                + widthLabel(axis.width()) + "; " + Units.count(connections.total()) + " connections by start time");
        if (alerts != null) {
            Html.escape(sb, "; markers: alerts by the time they were first seen, one per severity and bar"
                    + " (larger: several alerts)");
        }
        sb.append(".</figcaption>\n</figure>\n");
        return sb.toString();
    }

    /** The finest common bucket width that keeps every histogram's span to {@link #MAX_BARS} bars; null when all are empty. */
    static Axis axis(List<TimeHistogram> histograms) {
        long width = 0;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (var h : histograms) {
            if (h.isEmpty()) continue;
            width = Math.max(width, h.widthNanos());
            min = Math.min(min, h.firstNanos());
            max = Math.max(max, h.lastNanos());
        }
        if (width == 0) return null;
        while (true) {
            long first = Math.floorDiv(min, width);
            long n = Math.floorDiv(max, width) - first + 1;
            if (n <= MAX_BARS) return new Axis(width, first, (int) n);
            width = TimeHistogram.nextWidth(width);
        }
    }

    /** Tick times: multiples of the finest ladder width that gives at most {@link #MAX_TICKS} of them. */
    static List<Long> ticks(Axis axis) {
        long every = tickSpacing(axis);
        var out = new ArrayList<Long>();
        for (long t = Math.ceilDiv(axis.start(), every) * every; t <= axis.end(); t += every) out.add(t);
        return out;
    }

    private static long tickSpacing(Axis axis) {
        long every = axis.width();
        long span = axis.end() - axis.start();
        while (span / every > MAX_TICKS) every = TimeHistogram.nextWidth(every);
        return every;
    }

    /** As precise as the ticks' spacing needs: a date for days, the day too when the axis spans several, seconds only under a minute. */
    private static String tickLabel(long t, long every, Axis axis) {
        String pattern = every >= DAY ? "uuuu-MM-dd"
                : axis.end() - axis.start() > DAY ? "MM-dd HH:mm"
                : every >= 60 * SECOND ? "HH:mm"
                : "HH:mm:ss";
        return DateTimeFormatter.ofPattern(pattern, Locale.ROOT).withZone(ZoneOffset.UTC).format(Instant.ofEpochSecond(0, t));
    }

    private static String range(Axis axis, int d) {
        long from = (axis.first() + d) * axis.width();
        long to = from + axis.width();
        String end = Html.utc(to);
        if (end.regionMatches(0, Html.utc(from), 0, 11)) end = end.substring(11);
        return Html.utc(from) + " to " + end + " UTC";
    }

    /** "1 min", "5 s", "3 h", "7 days". */
    static String widthLabel(long nanos) {
        long s = nanos / SECOND;
        if (s % 86_400 == 0) return s == 86_400 ? "1 day" : (s / 86_400) + " days";
        if (s % 3600 == 0) return (s / 3600) + " h";
        if (s % 60 == 0) return (s / 60) + " min";
        return s + " s";
    }
}
