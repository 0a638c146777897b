package io.sluice.ingest.macos;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * The time of a snapshot. Neither {@code lsof} nor {@code nettop} prints a date, so a capture script
 * writes one on a comment line before each snapshot: {@code # 2026-11-28T10:00:00Z} (for example
 * {@code echo "# $(date -u +%FT%TZ)"}). A bare date ({@code # 2026-11-28}) gives the day for
 * nettop's time-of-day column.
 */
final class SnapshotTime {
    private SnapshotTime() {}

    /** Nanoseconds since the epoch of "# ISO-instant" or "# ISO-date", or {@link Long#MIN_VALUE}. */
    static long parseComment(String line) {
        String t = line.strip();
        if (!t.startsWith("#")) return Long.MIN_VALUE;
        t = t.substring(1).strip();
        try {
            Instant i = Instant.parse(t);
            return i.getEpochSecond() * 1_000_000_000L + i.getNano();
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(t).toEpochDay() * 86_400L * 1_000_000_000L;
            } catch (DateTimeParseException e2) {
                return Long.MIN_VALUE;
            }
        }
    }
}
