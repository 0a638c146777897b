package io.sluice.detect;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes alerts to {@code alerts.jsonl}, one OCSF Detection Finding per line, in the order the
 * engine emits them. The file is created (empty) when the writer opens, so a run without alerts
 * still leaves an {@code alerts.jsonl} that says so. A write failure travels as UncheckedIOException.
 */
public final class AlertFileWriter implements AlertSink, Closeable {

    public static final String FILE_NAME = "alerts.jsonl";

    private final BufferedWriter out;
    private final DetectionFinding format;
    private long written;

    public AlertFileWriter(Path file, DetectionFinding format) throws IOException {
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        this.format = format;
    }

    @Override
    public void accept(Alert alert) {
        try {
            out.write(format.toJson(alert));
            out.write('\n');
            written++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long written() {
        return written;
    }

    /** Writes the alerts so far through to the file. */
    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
