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

    static LogWriter create(LogFormat format, LogSchema schema, java.io.OutputStream out, long openEpochNanos)
            throws IOException {
        return switch (format) {
            case JSON -> new JsonLogWriter(schema, out);
            case ZEEK -> new ZeekTsvLogWriter(schema, out, openEpochNanos);
        };
    }
}
