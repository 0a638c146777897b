package io.sluice.ingest.sysmon;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The time formats Windows event exports use: ISO 8601 with a zone ({@code SystemTime},
 * Winlogbeat's {@code @timestamp}), Sysmon's {@code UtcTime} ("2019-07-29 21:34:20.619", UTC),
 * NXLog's {@code EventTime} ("2019-07-29 21:34:20", local time of the collector, read as UTC), and
 * {@code ConvertTo-Json}'s {@code "/Date(1564436060619)/"}.
 */
final class WindowsTimes {
    private WindowsTimes() {}

    private static final DateTimeFormatter SPACE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSSSSS][.SSSSSS][.SSS]");

    /** Nanoseconds since the epoch, or {@link Long#MIN_VALUE} when the text is no time. */
    static long parse(String text) {
        if (text == null) return Long.MIN_VALUE;
        String t = text.trim();
        if (t.isEmpty()) return Long.MIN_VALUE;
        try {
            if (t.startsWith("/Date(")) {
                int end = t.indexOf(')');
                String ms = t.substring(6, end);
                int sign = Math.max(ms.indexOf('+', 1), ms.indexOf('-', 1));
                if (sign > 0) ms = ms.substring(0, sign);
                return Long.parseLong(ms) * 1_000_000L;
            }
            if (t.indexOf('T') == 10) {
                Instant i = OffsetDateTime.parse(t.endsWith("Z") || hasOffset(t) ? t : t + "Z").toInstant();
                return nanos(i);
            }
            return nanos(LocalDateTime.parse(t, SPACE).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException | NumberFormatException | IndexOutOfBoundsException e) {
            return Long.MIN_VALUE;
        }
    }

    private static boolean hasOffset(String t) {
        int n = t.length();
        return n > 6 && (t.charAt(n - 6) == '+' || t.charAt(n - 6) == '-') && t.charAt(n - 3) == ':';
    }

    private static long nanos(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
