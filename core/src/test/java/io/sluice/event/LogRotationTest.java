package io.sluice.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Log rotation with a hand-moved clock: files archived as ZeekControl names them, every row in
 * exactly one file, and the boundaries Zeek's {@code calc_next_rotate} gives.
 */
class LogRotationTest {
    /** Not UTC, so that a name in UTC would show; CET (+1) in March before the 29th. */
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final long HOUR = TimeUnit.HOURS.toNanos(1);
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    @TempDir
    Path dir;

    /** A row of a log of our own: its number, and a word so the row has a string field. */
    private record Row(LogSchema schema, long n) implements LogEntry {
        static LogSchema log(String path) {
            return LogSchema.named(path).field("n", "count").field("word", "string").build();
        }

        @Override
        public void write(FieldSink out) {
            out.count(n);
            out.string("row-" + n);
        }
    }

    private static final LogSchema ALPHA = Row.log("alpha");
    private static final LogSchema BETA = Row.log("beta");
    private static final LogSchema GAMMA = Row.log("gamma");

    private static long at(int year, int month, int day, int hour, int minute, int second, int millis, ZoneId zone) {
        var t = ZonedDateTime.of(LocalDateTime.of(year, month, day, hour, minute, second, millis * 1_000_000), zone).toInstant();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private static long berlin(int day, int hour, int minute, int second, int millis) {
        return at(2026, 3, day, hour, minute, second, millis, BERLIN);
    }

    private static void write(LogDirectory logs, LogSchema log, List<Long> written, long from, long to) throws IOException {
        for (long n = from; n < to; n++) {
            logs.write(new Row(log, n));
            written.add(n);
        }
    }

    /** The numbers of a file's rows, in file order; JSON lines or Zeek TSV. */
    private static List<Long> rowsOf(Path file, LogFormat format) throws IOException {
        var rows = new ArrayList<Long>();
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("#") || line.isBlank()) continue;
            if (format == LogFormat.JSON) {
                assertThat(line).startsWith("{\"n\":");
                rows.add(Long.parseLong(line.substring(5, line.indexOf(','))));
            } else {
                String[] fields = line.split("\t");
                assertThat(fields[1]).isEqualTo("row-" + fields[0]);
                rows.add(Long.parseLong(fields[0]));
            }
        }
        return rows;
    }

    private static List<String> meta(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> l.startsWith("#")).toList();
    }

    private List<String> filesUnder() throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    @ParameterizedTest
    @EnumSource(LogFormat.class)
    void rowsAcrossTwoRotationsAndTheEndAreArchivedOnceEachInOrder(LogFormat format) throws IOException {
        var clock = new AtomicLong(berlin(10, 12, 37, 15, 250));
        var logs = new LogDirectory(dir, format, clock.get());
        var rotation = new LogRotation(logs, HOUR, BERLIN, clock::get);
        logs.ensure(GAMMA); // begun at the start, as analyze begins conn.log; it never gets a row
        var alpha = new ArrayList<Long>();
        var beta = new ArrayList<Long>();

        write(logs, ALPHA, alpha, 0, 5);
        write(logs, BETA, beta, 0, 2);
        clock.set(berlin(10, 12, 59, 59, 900));
        assertThat(rotation.rotateIfDue()).isFalse();
        write(logs, ALPHA, alpha, 5, 7);
        clock.set(berlin(10, 13, 0, 0, 400)); // the writer thread's next flush, within a second of the boundary
        assertThat(rotation.rotateIfDue()).isTrue();
        assertThat(rotation.rotateIfDue()).isFalse();
        assertThat(logs.fileOf("alpha")).doesNotExist();
        assertThat(logs.fileOf("gamma")).doesNotExist();

        write(logs, ALPHA, alpha, 7, 10); // beta gets no row in this hour
        assertThat(logs.fileOf("alpha")).exists();
        assertThat(logs.fileOf("beta")).doesNotExist();
        clock.set(berlin(10, 14, 0, 0, 900));
        assertThat(rotation.rotateIfDue()).isTrue();

        write(logs, ALPHA, alpha, 10, 12);
        write(logs, BETA, beta, 2, 3);
        assertThat(logs.rowCounts()).containsExactly(
                java.util.Map.entry("gamma", 0L), java.util.Map.entry("alpha", 12L), java.util.Map.entry("beta", 3L));
        clock.set(berlin(10, 14, 20, 5, 0));
        rotation.finish();
        logs.close();

        assertThat(filesUnder()).containsExactly(
                "2026-03-10/alpha.12:37:15-13:00:00.log",
                "2026-03-10/alpha.13:00:00-14:00:00.log",
                "2026-03-10/alpha.14:00:00-14:20:05.log",
                "2026-03-10/beta.12:37:15-13:00:00.log",
                "2026-03-10/beta.14:00:00-14:20:05.log");
        Path day = dir.resolve("2026-03-10");
        assertThat(rowsOf(day.resolve("alpha.12:37:15-13:00:00.log"), format)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(rowsOf(day.resolve("alpha.13:00:00-14:00:00.log"), format)).containsExactly(7L, 8L, 9L);
        assertThat(rowsOf(day.resolve("alpha.14:00:00-14:20:05.log"), format)).containsExactly(10L, 11L);
        var allAlpha = new ArrayList<Long>();
        var allBeta = new ArrayList<Long>();
        for (String f : filesUnder()) (f.contains("alpha") ? allAlpha : allBeta).addAll(rowsOf(dir.resolve(f), format));
        assertThat(allAlpha).isEqualTo(alpha);
        assertThat(allBeta).isEqualTo(beta);
        assertThat(logs.rowCounts()).containsEntry("alpha", 12L).containsEntry("beta", 3L).containsEntry("gamma", 0L);
        assertThat(rotation.rotations()).isEqualTo(3);
        assertThat(rotation.archivedFiles()).isEqualTo(5);

        if (format == LogFormat.ZEEK) {
            // Each file is whole: its own header, #open and #close at the period's ends (headers in UTC: CET is +1).
            assertThat(meta(day.resolve("alpha.12:37:15-13:00:00.log")))
                    .contains("#path\talpha", "#fields\tn\tword", "#types\tcount\tstring")
                    .contains("#open\t2026-03-10-11-37-15").endsWith("#close\t2026-03-10-12-00-00");
            assertThat(meta(day.resolve("alpha.13:00:00-14:00:00.log")))
                    .startsWith("#separator \\x09").contains("#open\t2026-03-10-12-00-00").endsWith("#close\t2026-03-10-13-00-00");
            assertThat(meta(day.resolve("beta.14:00:00-14:20:05.log")))
                    .contains("#path\tbeta", "#open\t2026-03-10-13-00-00").endsWith("#close\t2026-03-10-13-20-05");
            assertThat(Files.readAllLines(day.resolve("alpha.13:00:00-14:00:00.log")).getLast()).startsWith("#close");
        } else {
            assertThat(meta(day.resolve("alpha.12:37:15-13:00:00.log"))).isEmpty();
        }
    }

    @Test
    void theDayFolderIsThatOfTheOpenTime() throws IOException {
        var clock = new AtomicLong(berlin(10, 23, 10, 0, 0));
        var logs = new LogDirectory(dir, LogFormat.JSON, clock.get());
        var rotation = new LogRotation(logs, HOUR, BERLIN, clock::get);
        logs.write(new Row(ALPHA, 1));
        clock.set(berlin(11, 0, 0, 0, 300));
        assertThat(rotation.rotateIfDue()).isTrue();
        logs.write(new Row(ALPHA, 2));
        clock.set(berlin(11, 0, 30, 0, 0));
        rotation.finish();
        assertThat(filesUnder()).containsExactly("2026-03-10/alpha.23:10:00-00:00:00.log", "2026-03-11/alpha.00:00:00-00:30:00.log");
    }

    @Test
    void boundariesAreWholeIntervalsFromLocalMidnight() {
        // 1h and 15m, from a start in the middle of an interval; a time on a boundary waits for the next one.
        assertThat(LogRotation.nextBoundary(berlin(10, 12, 37, 15, 250), HOUR, BERLIN)).isEqualTo(berlin(10, 13, 0, 0, 0));
        assertThat(LogRotation.nextBoundary(berlin(10, 10, 7, 30, 0), 15 * MINUTE, BERLIN)).isEqualTo(berlin(10, 10, 15, 0, 0));
        assertThat(LogRotation.nextBoundary(berlin(10, 10, 15, 0, 0), 15 * MINUTE, BERLIN)).isEqualTo(berlin(10, 10, 30, 0, 0));
        assertThat(LogRotation.nextBoundary(berlin(10, 23, 50, 0, 0), 15 * MINUTE, BERLIN)).isEqualTo(berlin(11, 0, 0, 0, 0));
        // Local time, not UTC: in India (+05:30) an hourly rotation is at :00 local, which is :30 UTC.
        ZoneId kolkata = ZoneId.of("Asia/Kolkata");
        assertThat(LogRotation.nextBoundary(at(2026, 3, 10, 10, 10, 0, 0, kolkata), HOUR, kolkata))
                .isEqualTo(at(2026, 3, 10, 11, 0, 0, 0, kolkata));
        // An interval that does not divide a day starts again at midnight (Zeek's calc_next_rotate).
        long sevenHours = 7 * HOUR;
        assertThat(LogRotation.nextBoundary(berlin(10, 22, 0, 0, 0), sevenHours, BERLIN)).isEqualTo(berlin(11, 4, 0, 0, 0));
        assertThat(LogRotation.nextBoundary(berlin(11, 4, 0, 0, 1), sevenHours, BERLIN)).isEqualTo(berlin(11, 7, 0, 0, 0));
        // Summer time begins in Berlin on 29 March at 02:00, which becomes 03:00: an hour after 01:00 is 03:00.
        assertThat(LogRotation.nextBoundary(berlin(29, 1, 30, 0, 0), HOUR, BERLIN)).isEqualTo(berlin(29, 3, 0, 0, 0));
    }

    @Test
    void aClockThatJumpsPastSeveralBoundariesRotatesOnceAndAimsAtTheNextOne() throws IOException {
        var clock = new AtomicLong(berlin(10, 12, 5, 0, 0));
        var logs = new LogDirectory(dir, LogFormat.JSON, clock.get());
        var rotation = new LogRotation(logs, 15 * MINUTE, BERLIN, clock::get);
        assertThat(rotation.nextRotation()).isEqualTo(berlin(10, 12, 15, 0, 0));
        logs.write(new Row(ALPHA, 1));
        clock.set(berlin(10, 15, 52, 0, 0)); // a suspended machine wakes up
        assertThat(rotation.rotateIfDue()).isTrue();
        assertThat(rotation.rotateIfDue()).isFalse();
        assertThat(rotation.rotations()).isEqualTo(1);
        assertThat(rotation.nextRotation()).isEqualTo(berlin(10, 16, 0, 0, 0));
        assertThat(filesUnder()).containsExactly("2026-03-10/alpha.12:05:00-15:52:00.log");

        clock.set(berlin(10, 13, 0, 0, 0)); // the clock is stepped back by hours: aim at the boundary after it
        assertThat(rotation.rotateIfDue()).isFalse();
        assertThat(rotation.nextRotation()).isEqualTo(berlin(10, 13, 15, 0, 0));
    }

    @Test
    void anIntervalUnderAMinuteIsRefused() throws IOException {
        var logs = new LogDirectory(dir, LogFormat.JSON, 0);
        assertThatThrownBy(() -> new LogRotation(logs, MINUTE - 1, BERLIN, () -> 0L))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFolderThatCannotBeMadeIsAnErrorAndTheRowsStayWhereTheyWere() throws IOException {
        var clock = new AtomicLong(berlin(10, 12, 37, 15, 0));
        var logs = new LogDirectory(dir, LogFormat.ZEEK, clock.get());
        var rotation = new LogRotation(logs, HOUR, BERLIN, clock::get);
        Files.writeString(dir.resolve("2026-03-10"), "a file where the day's folder goes");
        logs.write(new Row(ALPHA, 1));
        logs.write(new Row(ALPHA, 2));
        clock.set(berlin(10, 13, 0, 0, 100));
        assertThatThrownBy(rotation::rotateIfDue).isInstanceOf(IOException.class)
                .hasMessageContaining("cannot archive").hasMessageContaining("alpha.log")
                .hasMessageContaining("2026-03-10");
        assertThat(rowsOf(logs.fileOf("alpha"), LogFormat.ZEEK)).containsExactly(1L, 2L);
        assertThat(meta(logs.fileOf("alpha"))).last().asString().startsWith("#close");
    }

    @Test
    void anArchivedFileIsNeverOverwritten() throws IOException {
        var clock = new AtomicLong(berlin(10, 12, 37, 15, 0));
        var logs = new LogDirectory(dir, LogFormat.JSON, clock.get());
        var rotation = new LogRotation(logs, HOUR, BERLIN, clock::get);
        Path earlier = dir.resolve("2026-03-10/alpha.12:37:15-13:00:00.log");
        Files.createDirectories(earlier.getParent());
        Files.writeString(earlier, "{\"n\":99,\"word\":\"row-99\"}\n");
        logs.write(new Row(ALPHA, 1));
        clock.set(berlin(10, 13, 0, 0, 100));
        assertThatThrownBy(rotation::rotateIfDue).isInstanceOf(IOException.class).hasMessageContaining("already exists");
        assertThat(rowsOf(earlier, LogFormat.JSON)).containsExactly(99L);
        assertThat(rowsOf(logs.fileOf("alpha"), LogFormat.JSON)).containsExactly(1L);
    }

    @Test
    void archiveNamesAreZeekControls() {
        Path name = LogDirectory.archivedFile(Path.of("logs"), "conn", berlin(10, 9, 0, 0, 0), berlin(10, 10, 0, 0, 700), BERLIN);
        assertThat(name).isEqualTo(Path.of("logs", "2026-03-10", "conn.09:00:00-10:00:00.log"));
    }
}
