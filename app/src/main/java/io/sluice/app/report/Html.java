package io.sluice.app.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Escaping and small formatting for the report. Every text that reaches the page goes through
 * {@link #escape}: names, URIs, explanations and the like come from traffic, so an attacker chooses
 * them. One escape serves element text and quoted attribute values alike.
 */
public final class Html {
    private static final DateTimeFormatter UTC_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Html() {}

    public static String escape(CharSequence s) {
        var sb = new StringBuilder(s == null ? 0 : s.length() + 16);
        escape(sb, s);
        return sb.toString();
    }

    /**
     * Appends {@code s} with {@code & < > " '} as character references, so that it can be neither
     * markup nor the end of a quoted attribute. Characters that XML 1.0 does not allow and HTML
     * parses as errors (control characters other than tab, line feed and carriage return, the C1
     * controls, unpaired surrogates, U+FFFE and U+FFFF) are shown as {@code \xNN} or U+FFFD instead,
     * so a hostile value cannot make the page ill-formed either. Null appends nothing.
     */
    public static void escape(StringBuilder out, CharSequence s) {
        if (s == null) return;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                case '\t', '\n', '\r' -> out.append(c);
                default -> {
                    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                        out.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                    } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c) || c == '\uFFFE' || c == '\uFFFF') {
                        out.append('\uFFFD');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }

    /** {@code <td>text</td>}, escaped; {@code cls} may be null. */
    static void cell(StringBuilder sb, String cls, String text) {
        sb.append(cls == null ? "<td>" : "<td class=\"" + cls + "\">");
        escape(sb, text);
        sb.append("</td>");
    }

    /** A right-aligned number shown as {@code shown}, sorted by {@code value}. */
    static void number(StringBuilder sb, long value, String shown) {
        sb.append("<td class=\"n\" data-v=\"").append(value).append("\">");
        escape(sb, shown);
        sb.append("</td>");
    }

    /** A horizontal bar, {@code value} of {@code max} wide, in a cell; {@code cls} adds a colour class or is null. */
    static void bar(StringBuilder sb, long value, long max, String cls) {
        double percent = max <= 0 ? 0 : 100.0 * value / max;
        sb.append("<td class=\"barcell\"><span class=\"hbar").append(cls == null ? "" : " " + cls)
                .append("\" style=\"width:").append(num(percent)).append("%\"></span></td>");
    }

    /** "2024-05-01 08:03:12" in UTC, to the second. */
    public static String utc(long epochNanos) {
        return UTC_TIME.format(Instant.ofEpochSecond(0, epochNanos));
    }

    /** A number for SVG coordinates and CSS widths: at most two decimals, a dot whatever the locale. */
    public static String num(double v) {
        long hundredths = Math.round(v * 100);
        if (hundredths % 100 == 0) return Long.toString(hundredths / 100);
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
