package io.sluice.event;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;

/**
 * JSON lines as Zeek writes them with {@code LogAscii::use_json=T}: one object per row, Zeek's
 * field names, times and intervals as numbers of seconds with six decimals, unset fields left out.
 * Written straight into a byte buffer (RFC 8259 escaping, UTF-8), because the rows are short and
 * flat and this writer runs once per event.
 */
final class JsonLogWriter implements LogWriter {
    private final LineBuffer line;
    private final Sink sink = new Sink();
    /** {@code "name":} per field, encoded once. */
    private final byte[][] keys;
    private int index;
    private boolean first;
    private long rows;

    JsonLogWriter(LogSchema schema, OutputStream out) {
        line = new LineBuffer(out);
        List<LogSchema.Field> fields = schema.fields();
        keys = new byte[fields.size()][];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = ("\"" + fields.get(i).name() + "\":").getBytes(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void write(LogEntry entry) throws IOException {
        index = 0;
        first = true;
        line.append('{');
        try {
            entry.write(sink);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        line.append('}').append('\n');
        line.endRow();
        rows++;
    }

    @Override
    public long rows() {
        return rows;
    }

    @Override
    public void close() throws IOException {
        line.close();
    }

    static void string(LineBuffer b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); ) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
                i++;
            } else if (c < 0x20) {
                switch (c) {
                    case '\n' -> b.append('\\').append('n');
                    case '\r' -> b.append('\\').append('r');
                    case '\t' -> b.append('\\').append('t');
                    default -> b.unicodeEscape(c);
                }
                i++;
            } else {
                i += b.utf8(s, i);
            }
        }
        b.append('"');
    }

    private final class Sink implements FieldSink {
        private LineBuffer key() {
            if (!first) line.append(',');
            first = false;
            return line.ascii(keys[index++]);
        }

        @Override
        public void string(String value) {
            JsonLogWriter.string(key(), value);
        }

        @Override
        public void count(long value) {
            key().number(value);
        }

        @Override
        public void integer(long value) {
            key().number(value);
        }

        @Override
        public void real(double value) {
            key().ascii(Double.isFinite(value) ? Double.toString(value) : "null");
        }

        @Override
        public void time(long epochNanos) {
            key().decimal6(epochNanos);
        }

        @Override
        public void interval(long nanos) {
            key().decimal6(nanos);
        }

        @Override
        public void bool(boolean value) {
            key().ascii(value ? "true" : "false");
        }

        @Override
        public void strings(Collection<String> values) {
            LineBuffer b = key().append('[');
            boolean firstElement = true;
            for (String v : values) {
                if (!firstElement) b.append(',');
                firstElement = false;
                JsonLogWriter.string(b, v);
            }
            b.append(']');
        }

        @Override
        public void intervals(long[] nanos) {
            LineBuffer b = key().append('[');
            for (int i = 0; i < nanos.length; i++) {
                if (i > 0) b.append(',');
                b.decimal6(nanos[i]);
            }
            b.append(']');
        }

        @Override
        public void unset() {
            index++;
        }
    }
}
