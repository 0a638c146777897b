package io.sluice.event;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The output folder of a run: one {@code <path>.log} per log name, opened on its first row, in
 * the chosen format. Not thread-safe: one thread at a time owns it (the log writer's, during a run).
 *
 * <p>A long run can {@linkplain #rotate rotate} its logs: each file that got rows is closed and
 * moved to {@code DIR/YYYY-MM-DD/<path>.HH:MM:SS-HH:MM:SS.log}, the name ZeekControl's archive-log
 * gives it. {@link LogRotation} says when.
 */
public final class LogDirectory implements Closeable {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuu-MM-dd", Locale.ROOT);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    private final Path dir;
    private final LogFormat format;
    /**
     * When the open files' period began: the run's start, then the last rotation. The Zeek TSV
     * header's {@code #open} (in UTC, as all of Sluice's headers) and the archived file's name (in
     * the rotation's zone) both say this time, even for a file begun by a later row.
     */
    private long openEpochNanos;
    private final Map<String, LogWriter> writers = new LinkedHashMap<>();
    /** Rows of each log in files already rotated away, in the order the logs were first opened. */
    private final Map<String, Long> rotatedRows = new LinkedHashMap<>();

    public LogDirectory(Path dir, LogFormat format, long openEpochNanos) throws IOException {
        this.dir = dir;
        this.format = format;
        this.openEpochNanos = openEpochNanos;
        Files.createDirectories(dir);
    }

    public void write(LogEntry entry) throws IOException {
        LogSchema schema = entry.schema();
        LogWriter w = writers.get(schema.path());
        if (w == null) {
            w = open(schema);
            writers.put(schema.path(), w);
        }
        w.write(entry);
    }

    /** Creates the log's file even when it gets no rows, so that an empty result is visible as such. */
    public void ensure(LogSchema schema) throws IOException {
        if (!writers.containsKey(schema.path())) writers.put(schema.path(), open(schema));
    }

    private LogWriter open(LogSchema schema) throws IOException {
        rotatedRows.putIfAbsent(schema.path(), 0L);
        var out = new BufferedOutputStream(Files.newOutputStream(fileOf(schema.path())), 1 << 16);
        return LogWriter.create(format, schema, out, openEpochNanos);
    }

    public Path fileOf(String logPath) {
        return dir.resolve(logPath + ".log");
    }

    /** Rows written per log over the whole run (every rotated file and the open one), in the order the logs were first opened. */
    public Map<String, Long> rowCounts() {
        var counts = new LinkedHashMap<String, Long>();
        rotatedRows.forEach((log, rotated) -> {
            LogWriter w = writers.get(log);
            counts.put(log, rotated + (w == null ? 0 : w.rows()));
        });
        return counts;
    }

    /** Writes every log's rows so far through to its file. */
    public void flush() throws IOException {
        for (LogWriter w : writers.values()) w.flush();
    }

    /**
     * Ends the current period at {@code closeEpochNanos}: each open file is closed (Zeek TSV with its
     * {@code #close} line) and, if it got rows, moved to {@link #archivedFile}; a file without rows
     * is deleted, as ZeekControl archives nothing for a log without rows in a period (Zeek's ASCII
     * writer has no file open for it then). The next row of a log begins a new file, whose period
     * starts now. A failure to close, to create the day's folder or to move a file is an
     * IOException; the file is then still where it was, with its rows.
     *
     * @param zone the time zone of the archive's folder and file names
     * @return the number of files archived
     */
    public int rotate(long closeEpochNanos, ZoneId zone) throws IOException {
        int archived = 0;
        var it = writers.entrySet().iterator();
        while (it.hasNext()) {
            var entry = it.next();
            String log = entry.getKey();
            LogWriter w = entry.getValue();
            it.remove();
            rotatedRows.merge(log, w.rows(), Long::sum);
            w.close(closeEpochNanos);
            Path file = fileOf(log);
            if (w.rows() == 0) {
                Files.deleteIfExists(file);
                continue;
            }
            Path target = archivedFile(dir, log, openEpochNanos, closeEpochNanos, zone);
            try {
                Files.createDirectories(target.getParent());
                Files.move(file, target); // never over an existing file: a clash is an error, not a loss
            } catch (IOException e) {
                throw new IOException("cannot archive " + file + " as " + target + ": " + reason(e), e);
            }
            archived++;
        }
        openEpochNanos = closeEpochNanos;
        return archived;
    }

    /**
     * Where {@link #rotate} puts a log's file: {@code dir/YYYY-MM-DD/<log>.HH:MM:SS-HH:MM:SS.log}, the
     * date of the open time and the open and close times, in {@code zone}, as ZeekControl's
     * make-archive-name names them (zeekctl would add {@code .gz}; Sluice does not compress).
     */
    public static Path archivedFile(Path dir, String log, long openEpochNanos, long closeEpochNanos, ZoneId zone) {
        var open = Instant.ofEpochSecond(0, openEpochNanos).atZone(zone);
        var close = Instant.ofEpochSecond(0, closeEpochNanos).atZone(zone);
        return dir.resolve(DAY.format(open)).resolve(log + "." + CLOCK.format(open) + "-" + CLOCK.format(close) + ".log");
    }

    private static String reason(IOException e) {
        if (e instanceof FileAlreadyExistsException x) return x.getFile() + " already exists";
        if (e instanceof AccessDeniedException x) return "permission denied on " + x.getFile();
        if (e instanceof FileSystemException x && x.getReason() != null) return x.getReason() + " (" + x.getFile() + ")";
        return String.valueOf(e.getMessage());
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (LogWriter w : writers.values()) {
            try {
                w.close();
            } catch (IOException e) {
                if (first == null) first = e;
            }
        }
        if (first != null) throw first;
    }
}
