package io.sluice.testing;

import io.sluice.event.LogEntry;
import io.sluice.event.LogFormat;
import io.sluice.event.LogWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** One log entry as our writers print it: its JSON line, and its Zeek TSV row as field name to text. */
public final class LogLines {
    private LogLines() {}

    /** The entry's JSON line, without the line end. */
    public static String json(LogEntry entry) {
        var out = new ByteArrayOutputStream();
        try (LogWriter w = LogWriter.create(LogFormat.JSON, entry.schema(), out, 0)) {
            w.write(entry);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8).strip();
    }

    /** The entry's Zeek TSV row, field name to the text printed. */
    public static Map<String, String> zeek(LogEntry entry) {
        return ZeekTsv.render(List.of(entry)).get(0);
    }
}
