package io.sluice.event;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Zeek's ASCII log format: the {@code #separator ... #types} header, one tab-separated row per
 * entry, {@code -} for unset and {@code (empty)} for empty values, non-printable bytes and
 * separators escaped as {@code \xNN}, and a {@code #close} trailer. Zeek tooling (zeek-cut, RITA)
 * reads it unchanged.
 */
final class ZeekTsvLogWriter implements LogWriter {
    private static final DateTimeFormatter HEADER_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss").withZone(ZoneOffset.UTC);

    private final LineBuffer line;
    private final Sink sink = new Sink();
    private final RepeatedValues repeated;
    private long rows;
    /** The next field's position in the schema; 0 at the start of a row, where no tab goes. */
    private int index;

    ZeekTsvLogWriter(LogSchema schema, OutputStream stream, long openEpochNanos) throws IOException {
        line = new LineBuffer(stream);
        line.ascii("#separator \\x09\n");
        line.ascii("#set_separator\t,\n");
        line.ascii("#empty_field\t(empty)\n");
        line.ascii("#unset_field\t-\n");
        line.ascii("#path\t").ascii(schema.path()).append('\n');
        line.ascii("#open\t").ascii(HEADER_TIME.format(Instant.ofEpochSecond(0, openEpochNanos))).append('\n');
        List<LogSchema.Field> fields = schema.fields();
        line.ascii("#fields");
        for (var f : fields) line.append('\t').ascii(f.name());
        line.append('\n').ascii("#types");
        for (var f : fields) line.append('\t').ascii(f.zeekType());
        line.append('\n');
        repeated = new RepeatedValues(fields.size());
    }

    @Override
    public void write(LogEntry entry) throws IOException {
        index = 0;
        try {
            entry.write(sink);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        line.append('\n');
        line.endRow();
        rows++;
    }

    @Override
    public long rows() {
        return rows;
    }

    @Override
    public void flush() throws IOException {
        line.flushThrough();
    }

    @Override
    public void close(long closeEpochNanos) throws IOException {
        line.ascii("#close\t").ascii(HEADER_TIME.format(Instant.ofEpochSecond(0, closeEpochNanos))).append('\n');
        line.close();
    }

    /** Escapes a value the way Zeek's ASCII writer does; {@code setElement} also escapes the set separator. */
    static void escape(LineBuffer b, String value, boolean setElement) {
        if (value.isEmpty()) {
            b.ascii("(empty)");
            return;
        }
        if (value.equals("-")) {
            b.ascii("\\x2d"); // a literal "-" would read back as unset
            return;
        }
        b.zeekString(value, setElement);
    }

    /** The next field's separator (none before the first). */
    private LineBuffer next() {
        if (index++ != 0) line.append('\t');
        return line;
    }

    private void keyedString(String value) {
        next();
        int i = index - 1;
        if (repeated.replay(i, value, line)) return;
        int from = line.position();
        escape(line, value, false);
        repeated.encoded(i, line, from);
    }

    private final class Sink implements FieldSink {
        @Override
        public void string(String value) {
            keyedString(value);
        }

        @Override
        public void count(long value) {
            next().number(value);
        }

        @Override
        public void integer(long value) {
            next().number(value);
        }

        @Override
        public void real(double value) {
            next().ascii(String.format(Locale.ROOT, "%.6f", value));
        }

        @Override
        public void time(long epochNanos) {
            next().time(epochNanos);
        }

        @Override
        public void interval(long nanos) {
            next().decimal6(nanos);
        }

        @Override
        public void bool(boolean value) {
            next().append(value ? 'T' : 'F');
        }

        @Override
        public void strings(Collection<String> values) {
            container(values, false);
        }

        @Override
        public void wire(String value) {
            if (LineBuffer.isAscii(value)) keyedString(value); else next().zeekWireString(value, false);
        }

        @Override
        public void wires(Collection<String> values) {
            container(values, true);
        }

        /** A set or vector: its elements comma-separated, each escaped as text or as wire bytes. */
        private void container(Collection<String> values, boolean wire) {
            LineBuffer b = next();
            if (values.isEmpty()) {
                b.ascii("(empty)");
                return;
            }
            boolean firstElement = true;
            for (String v : values) {
                if (!firstElement) b.append(',');
                firstElement = false;
                if (wire && !LineBuffer.isAscii(v)) b.zeekWireString(v, true); else escape(b, v, true);
            }
        }

        @Override
        public void intervals(long[] nanos) {
            LineBuffer b = next();
            if (nanos.length == 0) {
                b.ascii("(empty)");
                return;
            }
            for (int i = 0; i < nanos.length; i++) {
                if (i > 0) b.append(',');
                b.decimal6(nanos[i]);
            }
        }

        @Override
        public void unset() {
            next().append('-');
        }

        @Override
        public void unset(int count) {
            for (int i = 0; i < count; i++) next().append('-');
        }
    }
}
