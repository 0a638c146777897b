package io.sluice.app;

import static io.sluice.app.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.event.ConnId;
import io.sluice.event.LogDirectory;
import io.sluice.event.LogFormat;
import io.sluice.event.LogRotation;
import io.sluice.event.TunnelEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code analyze --rotate}: its usage errors (none needs root or libpcap: they come before the
 * capture opens), and rotation where a live run does it, on the log writer's thread when the packet
 * thread asks for a flush, with a hand-moved clock.
 */
class LogRotationOptionTest {
    private static final ZoneId ZONE = ZoneId.of("America/New_York");
    private static final ConnId ID = new ConnId("10.0.0.1", 1234, "10.0.0.2", 4789);

    @TempDir
    Path tmp;

    private static long at(int hour, int minute, int second) {
        var t = LocalDateTime.of(2026, 6, 1, hour, minute, second).atZone(ZONE).toInstant();
        return t.getEpochSecond() * 1_000_000_000L;
    }

    private static TunnelEvent row(int i) {
        return new TunnelEvent(1_780_000_000_000_000_000L + i, "C" + i, ID, "Tunnel::VXLAN", "Tunnel::DISCOVER");
    }

    private List<String> uidsIn(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> !l.startsWith("#"))
                .map(l -> l.split("\t")[1]).toList();
    }

    private List<String> archived() throws IOException {
        try (Stream<Path> all = Files.walk(tmp.resolve("logs"))) {
            return all.filter(Files::isRegularFile).map(p -> tmp.resolve("logs").relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void rotateIsAUsageErrorWithoutAnInterfaceOrWithABadInterval() throws IOException {
        Path pcap = tmp.resolve("x.pcap");
        Files.write(pcap, new byte[0]);
        var noInterface = cli("analyze", pcap.toString(), "--rotate", "1h", "--out", tmp.resolve("a").toString());
        assertThat(noInterface.code()).isEqualTo(ExitCode.USAGE);
        assertThat(noInterface.err()).contains("--rotate applies to a live capture: give --interface IFACE");
        assertThat(tmp.resolve("a")).doesNotExist();

        var tooShort = cli("analyze", "-i", "lo", "--rotate", "30s", "--out", tmp.resolve("b").toString());
        assertThat(tooShort.code()).isEqualTo(ExitCode.USAGE);
        assertThat(tooShort.err()).contains("--rotate must be at least 1m");

        var notATime = cli("analyze", "-i", "lo", "--rotate", "hourly", "--out", tmp.resolve("c").toString());
        assertThat(notATime.code()).isEqualTo(ExitCode.USAGE);
        assertThat(notATime.err()).contains("--rotate takes an interval such as 1h or 15m, not 'hourly'");
    }

    @Test
    void theHelpSaysWhereTheArchivesGoAndThatAlertsAreNotRotated() {
        String help = cli("analyze", "--help").out().replaceAll("\\s+", " ");
        assertThat(help).contains("--rotate=INTERVAL", "DIR/YYYY-MM-DD/<log>.HH:MM:SS-HH:MM:SS.log",
                "alerts.jsonl is not rotated");
    }

    @Test
    void intervalsAreParsedWithSluiceDurations() {
        assertThat(AnalyzeCommand.rotateNanos(null)).isZero();
        assertThat(AnalyzeCommand.rotateNanos("1h")).isEqualTo(TimeUnit.HOURS.toNanos(1));
        assertThat(AnalyzeCommand.rotateNanos("15m")).isEqualTo(TimeUnit.MINUTES.toNanos(15));
        assertThat(AnalyzeCommand.rotateNanos("1m")).isEqualTo(TimeUnit.MINUTES.toNanos(1));
    }

    @Test
    @Timeout(30)
    void theWriterThreadRotatesAtAFlushAndEveryRowLandsInOneFile() throws IOException {
        var clock = new AtomicLong(at(9, 41, 7));
        var logs = new LogDirectory(tmp.resolve("logs"), LogFormat.ZEEK, clock.get());
        logs.ensure(TunnelEvent.SCHEMA);
        var rotation = new LogRotation(logs, TimeUnit.MINUTES.toNanos(15), ZONE, clock::get);
        var writer = new BackgroundEventWriter(new EventLogSink(logs, new RunSummary(), rotation));
        var written = new ArrayList<String>();
        for (int i = 0; i < 3000; i++) {
            writer.tunnel(row(i));
            written.add("C" + i);
        }
        // The writer thread reads the clock when it takes the flush, after the 3,000 rows handed over before it.
        clock.set(at(9, 45, 0) + 600_000_000L);
        writer.flushOutput();
        for (int i = 3000; i < 5000; i++) {
            writer.tunnel(row(i));
            written.add("C" + i);
        }
        writer.close(); // waits for the writer thread; this thread owns the logs from here on
        clock.set(at(9, 52, 30));
        rotation.finish();
        logs.close();

        assertThat(archived()).containsExactly("2026-06-01/tunnel.09:41:07-09:45:00.log", "2026-06-01/tunnel.09:45:00-09:52:30.log");
        Path day = tmp.resolve("logs/2026-06-01");
        var union = new ArrayList<String>(uidsIn(day.resolve("tunnel.09:41:07-09:45:00.log")));
        assertThat(union).hasSize(3000);
        union.addAll(uidsIn(day.resolve("tunnel.09:45:00-09:52:30.log")));
        assertThat(union).isEqualTo(written);
        assertThat(logs.rowCounts()).containsEntry("tunnel", 5000L);
        assertThat(Files.readAllLines(day.resolve("tunnel.09:45:00-09:52:30.log")))
                .first().asString().isEqualTo("#separator \\x09");
    }

    @Test
    @Timeout(30)
    void anArchiveThatCannotBeWrittenStopsTheRunAsAWriteFailure() throws IOException {
        var clock = new AtomicLong(at(9, 41, 7));
        var logs = new LogDirectory(tmp.resolve("logs"), LogFormat.JSON, clock.get());
        Files.writeString(tmp.resolve("logs/2026-06-01"), "not a folder");
        var rotation = new LogRotation(logs, TimeUnit.HOURS.toNanos(1), ZONE, clock::get);
        var writer = new BackgroundEventWriter(new EventLogSink(logs, new RunSummary(), rotation));
        writer.tunnel(row(1));
        clock.set(at(10, 0, 0) + 200_000_000L);
        writer.flushOutput();
        assertThatThrownBy(writer::close).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("cannot archive").hasMessageContaining("tunnel.log");
        logs.close();
        assertThat(Files.readAllLines(logs.fileOf("tunnel"))).hasSize(1);
    }
}
