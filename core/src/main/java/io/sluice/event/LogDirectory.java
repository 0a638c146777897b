package io.sluice.event;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The output folder of a run: one {@code <path>.log} per log name, opened on its first row, in
 * the chosen format. Not thread-safe: the packet thread owns it.
 */
public final class LogDirectory implements Closeable {
    private final Path dir;
    private final LogFormat format;
    private final long openEpochNanos;
    private final Map<String, LogWriter> writers = new LinkedHashMap<>();

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
        var out = new BufferedOutputStream(Files.newOutputStream(fileOf(schema.path())), 1 << 16);
        return LogWriter.create(format, schema, out, openEpochNanos);
    }

    public Path fileOf(String logPath) {
        return dir.resolve(logPath + ".log");
    }

    /** Rows written per log, in the order the logs were opened. */
    public Map<String, Long> rowCounts() {
        var counts = new LinkedHashMap<String, Long>();
        writers.forEach((k, w) -> counts.put(k, w.rows()));
        return counts;
    }

    /** Writes every log's rows so far through to its file. */
    public void flush() throws IOException {
        for (LogWriter w : writers.values()) w.flush();
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
