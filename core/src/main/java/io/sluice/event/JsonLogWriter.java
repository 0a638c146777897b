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
    private static final long[] TRUE = LineBuffer.words(ascii("true"));
    private static final long[] FALSE = LineBuffer.words(ascii("false"));

    private final LineBuffer line;
    private final Sink sink = new Sink();
    /**
     * {@code ,"name":} per field, encoded once, as words for {@link LineBuffer#words}. Every field
     * is written with its comma; the first comma of a row is then turned into the row's brace.
     */
    private final long[][] keys;
    private final int[] keyLengths;
    /**
     * For {@link FieldSink#timeUidId} at the start of a row: the names of the six fields with the
     * quotes and commas between their values, as five runs; null when the schema does not start
     * with time, string, addr, port, addr, port.
     */
    private final long[][] head;
    private final int[] headLengths;
    private final RepeatedValues repeated;
    private int index;
    private long rows;

    JsonLogWriter(LogSchema schema, OutputStream out) {
        line = new LineBuffer(out);
        List<LogSchema.Field> fields = schema.fields();
        keys = new long[fields.size()][];
        keyLengths = new int[fields.size()];
        for (int i = 0; i < keys.length; i++) {
            byte[] key = (",\"" + fields.get(i).name() + "\":").getBytes(StandardCharsets.UTF_8);
            keys[i] = LineBuffer.words(key);
            keyLengths[i] = key.length;
        }
        repeated = new RepeatedValues(fields.size());
        if (startsWithTimeUidId(fields)) {
            String[] runs = {
                ",\"" + fields.get(1).name() + "\":\"",
                "\",\"" + fields.get(2).name() + "\":\"",
                "\",\"" + fields.get(3).name() + "\":",
                ",\"" + fields.get(4).name() + "\":\"",
                "\",\"" + fields.get(5).name() + "\":"
            };
            head = new long[runs.length][];
            headLengths = new int[runs.length];
            for (int i = 0; i < runs.length; i++) {
                byte[] run = runs[i].getBytes(StandardCharsets.UTF_8);
                head[i] = LineBuffer.words(run);
                headLengths[i] = run.length;
            }
        } else {
            head = null;
            headLengths = null;
        }
    }

    static boolean startsWithTimeUidId(List<LogSchema.Field> fields) {
        String[] types = {"time", "string", "addr", "port", "addr", "port"};
        if (fields.size() < types.length) return false;
        for (int i = 0; i < types.length; i++) {
            if (!fields.get(i).zeekType().equals(types[i])) return false;
        }
        return true;
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
    public void close() throws IOException {
        line.close();
    }

    static void string(LineBuffer b, String s) {
        b.jsonString(s);
    }

    /** Writes the next field's {@code ,"name":}. Not in Sink: the launcher keeps Sink's methods out of line. */
    private LineBuffer key() {
        int i = index++;
        return line.words(keys[i], keyLengths[i]);
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
            if (value) key().words(TRUE, 4); else key().words(FALSE, 5);
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

        @Override
        public void unset(int count) {
            index += count;
        }

        @Override
        public void timeUidId(long tsNanos, String uid, ConnId id) {
            if (index != 0 || head == null) {
                FieldSink.super.timeUidId(tsNanos, uid, id);
                return;
            }
            LineBuffer b = line;
            b.words(keys[0], keyLengths[0]).time(tsNanos);
            b.words(head[0], headLengths[0]).jsonText(uid);
            b.words(head[1], headLengths[1]).jsonText(id.origH());
            b.words(head[2], headLengths[2]).number(id.origP());
            b.words(head[3], headLengths[3]).jsonText(id.respH());
            b.words(head[4], headLengths[4]).number(id.respP());
            index = 6;
        }

        @Override
        public void counts(long a, long b, long c, long d) {
            key().number(a);
            key().number(b);
            key().number(c);
            key().number(d);
        }
    }
}
