package io.sluice.event;

import java.io.Closeable;
import java.io.IOException;

/** Writes the rows of one log, all of the same schema. Not thread-safe. */
public interface LogWriter extends Closeable {

    void write(LogEntry entry) throws IOException;

    /** Rows written so far. */
    long rows();

    /** Writes the rows written so far through to the file (a live run does, once a second). */
    void flush() throws IOException;

    /** Ends the file; a Zeek TSV file gets its {@code #close} line with this time. */
    void close(long closeEpochNanos) throws IOException;

    /** Ends the file now. */
    @Override
    default void close() throws IOException {
        close(System.currentTimeMillis() * 1_000_000L);
    }

    static LogWriter create(LogFormat format, LogSchema schema, java.io.OutputStream out, long openEpochNanos)
            throws IOException {
        return switch (format) {
            case JSON -> new JsonLogWriter(schema, out);
            case ZEEK -> new ZeekTsvLogWriter(schema, out, openEpochNanos);
        };
    }
}
