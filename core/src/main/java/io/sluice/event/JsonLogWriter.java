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
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");

    private final LineBuffer line;
    private final Sink sink = new Sink();
    /**
     * {@code ,"name":} per field, encoded once. Every field is written with its comma; the first
     * comma of a row is then turned into the row's brace.
     */
    private final byte[][] keys;
    private final RepeatedValues repeated;
    private int index;
    private long rows;

    JsonLogWriter(LogSchema schema, OutputStream out) {
        line = new LineBuffer(out);
        List<LogSchema.Field> fields = schema.fields();
        keys = new byte[fields.size()][];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = (",\"" + fields.get(i).name() + "\":").getBytes(StandardCharsets.UTF_8);
        }
        repeated = new RepeatedValues(fields.size());
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void write(LogEntry entry) throws IOException {
        index = 0;
        int start = line.position();
        try {
            entry.write(sink);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (line.position() == start) line.append('{'); else line.setAt(start, '{');
        line.append('}').append('\n');
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
        line.close();
    }

    static void string(LineBuffer b, String s) {
        b.jsonString(s);
    }

    /** Writes the next field's {@code ,"name":}. Not in Sink: the launcher keeps Sink's methods out of line. */
    private LineBuffer key() {
        return line.ascii(keys[index++]);
    }

    private void keyedString(String value) {
        int i = index;
        if (repeated.replay(i, value, line)) {
            index = i + 1;
            return;
        }
        int from = line.position();
        key().jsonString(value);
        repeated.encoded(i, line, from);
    }

    private final class Sink implements FieldSink {
        @Override
        public void string(String value) {
            keyedString(value);
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
            key().time(epochNanos);
        }

        @Override
        public void interval(long nanos) {
            key().decimal6(nanos);
        }

        @Override
        public void bool(boolean value) {
            key().ascii(value ? TRUE : FALSE);
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
        public void wire(String value) {
            if (LineBuffer.isAscii(value)) keyedString(value); else key().jsonWireString(value);
        }

        @Override
        public void wires(Collection<String> values) {
            LineBuffer b = key().append('[');
            boolean firstElement = true;
            for (String v : values) {
                if (!firstElement) b.append(',');
                firstElement = false;
                b.jsonWireString(v);
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

        @Override
        public void unset(int count) {
            index += count;
        }
    }
}
