package io.sluice.event;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;

/**
 * Zeek's ASCII log format: the {@code #separator ... #types} header, one tab-separated row per
 * entry, {@code -} for unset and {@code (empty)} for empty values, non-printable bytes and
 * separators escaped as {@code \xNN}, and a {@code #close} trailer. Zeek tooling (zeek-cut, RITA)
 * reads it unchanged.
 */
final class ZeekTsvLogWriter implements LogWriter {
    private static final DateTimeFormatter HEADER_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss").withZone(ZoneOffset.UTC);

    private final Writer out;
    private final StringBuilder row = new StringBuilder(512);
    private final Sink sink = new Sink();
    private long rows;
    private boolean first;

    ZeekTsvLogWriter(LogSchema schema, OutputStream stream, long openEpochNanos) throws IOException {
        out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
        out.write("#separator \\x09\n");
        out.write("#set_separator\t,\n");
        out.write("#empty_field\t(empty)\n");
        out.write("#unset_field\t-\n");
        out.write("#path\t" + schema.path() + "\n");
        out.write("#open\t" + HEADER_TIME.format(Instant.ofEpochSecond(0, openEpochNanos)) + "\n");
        List<LogSchema.Field> fields = schema.fields();
        var names = new StringBuilder("#fields");
        var types = new StringBuilder("#types");
        for (var f : fields) {
            names.append('\t').append(f.name());
            types.append('\t').append(f.zeekType());
        }
        out.write(names.append('\n').toString());
        out.write(types.append('\n').toString());
    }

    @Override
    public void write(LogEntry entry) throws IOException {
        row.setLength(0);
        first = true;
        try {
            entry.write(sink);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        row.append('\n');
        out.append(row);
        rows++;
    }

    @Override
    public long rows() {
        return rows;
    }

    @Override
    public void close() throws IOException {
        out.write("#close\t" + HEADER_TIME.format(Instant.now()) + "\n");
        out.close();
    }

    /** Escapes a value the way Zeek's ASCII writer does; {@code setElement} also escapes the set separator. */
    static void escape(StringBuilder sb, String value, boolean setElement) {
        if (value.isEmpty()) {
            sb.append("(empty)");
            return;
        }
        if (value.equals("-")) {
            sb.append("\\x2d"); // a literal "-" would read back as unset
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\t' || (setElement && c == ',')) {
                hex(sb, c);
            } else if (c == '\\') {
                sb.append("\\\\");
            } else {
                sb.append(c);
            }
        }
    }

    private static void hex(StringBuilder sb, char c) {
        final String digits = "0123456789abcdef";
        sb.append("\\x").append(digits.charAt((c >> 4) & 0xf)).append(digits.charAt(c & 0xf));
    }

    private final class Sink implements FieldSink {
        private StringBuilder next() {
            if (!first) row.append('\t');
            first = false;
            return row;
        }

        @Override
        public void string(String value) {
            escape(next(), value, false);
        }

        @Override
        public void count(long value) {
            next().append(value);
        }

        @Override
        public void integer(long value) {
            next().append(value);
        }

        @Override
        public void real(double value) {
            next().append(String.format(java.util.Locale.ROOT, "%.6f", value));
        }

        @Override
        public void time(long epochNanos) {
            Decimal6.append(next(), epochNanos);
        }

        @Override
        public void interval(long nanos) {
            Decimal6.append(next(), nanos);
        }

        @Override
        public void bool(boolean value) {
            next().append(value ? 'T' : 'F');
        }

        @Override
        public void strings(Collection<String> values) {
            StringBuilder sb = next();
            if (values.isEmpty()) {
                sb.append("(empty)");
                return;
            }
            boolean firstElement = true;
            for (String v : values) {
                if (!firstElement) sb.append(',');
                firstElement = false;
                escape(sb, v, true);
            }
        }

        @Override
        public void unset() {
            next().append('-');
        }
    }
}
