package io.sluice.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;

/**
 * JSON lines as Zeek writes them with {@code LogAscii::use_json=T}: one object per row, Zeek's
 * field names, times and intervals as numbers of seconds with six decimals, unset fields left out.
 */
final class JsonLogWriter implements LogWriter {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private final JsonGenerator json;
    private final Sink sink = new Sink();
    private final StringBuilder number = new StringBuilder(24);
    /** Field names pre-encoded once: Jackson then copies bytes instead of escaping each name per row. */
    private final SerializedString[] names;
    private int index;
    private long rows;

    JsonLogWriter(LogSchema schema, OutputStream out) throws IOException {
        List<LogSchema.Field> fields = schema.fields();
        names = new SerializedString[fields.size()];
        for (int i = 0; i < names.length; i++) names[i] = new SerializedString(fields.get(i).name());
        json = FACTORY.createGenerator(out);
        json.setRootValueSeparator(new SerializedString("\n"));
    }

    @Override
    public void write(LogEntry entry) throws IOException {
        index = 0;
        json.writeStartObject();
        try {
            entry.write(sink);
        } catch (UncheckedIOException e) {
            // FieldSink cannot throw checked exceptions; the generator's IOException travels wrapped.
            throw e.getCause();
        }
        json.writeEndObject();
        rows++;
    }

    @Override
    public long rows() {
        return rows;
    }

    @Override
    public void close() throws IOException {
        json.writeRaw('\n');
        json.close();
    }

    private final class Sink implements FieldSink {
        private void name() throws IOException {
            json.writeFieldName(names[index++]);
        }

        private void seconds(long nanos) throws IOException {
            number.setLength(0);
            Decimal6.append(number, nanos);
            json.writeNumber(number.toString());
        }

        @Override
        public void string(String value) {
            try {
                name();
                json.writeString(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void count(long value) {
            integer(value);
        }

        @Override
        public void integer(long value) {
            try {
                name();
                json.writeNumber(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void real(double value) {
            try {
                name();
                json.writeNumber(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void time(long epochNanos) {
            try {
                name();
                seconds(epochNanos);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void interval(long nanos) {
            time(nanos);
        }

        @Override
        public void bool(boolean value) {
            try {
                name();
                json.writeBoolean(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void strings(Collection<String> values) {
            try {
                name();
                json.writeStartArray();
                for (String v : values) json.writeString(v);
                json.writeEndArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void unset() {
            index++;
        }
    }
}
