package io.sluice.testing;

import io.sluice.event.LogEntry;
import io.sluice.event.LogFormat;
import io.sluice.event.LogWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Zeek TSV logs as rows of field name to text: Zeek's baselines, and our events through our Zeek writer. */
public final class ZeekTsv {
    private ZeekTsv() {}

    public static List<Map<String, String>> read(Path log) {
        try {
            return parse(Files.readAllLines(log, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Map<String, String>> render(List<? extends LogEntry> entries) {
        if (entries.isEmpty()) return List.of();
        var out = new ByteArrayOutputStream();
        try (LogWriter w = LogWriter.create(LogFormat.ZEEK, entries.get(0).schema(), out, 0)) {
            for (LogEntry e : entries) w.write(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return parse(Arrays.asList(out.toString(StandardCharsets.UTF_8).split("\n")));
    }

    private static List<Map<String, String>> parse(List<String> lines) {
        String[] fields = null;
        var rows = new ArrayList<Map<String, String>>();
        for (String line : lines) {
            if (line.startsWith("#fields\t")) fields = line.substring(8).split("\t");
            if (line.startsWith("#") || line.isBlank()) continue;
            String[] v = line.split("\t", -1);
            var row = new LinkedHashMap<String, String>();
            for (int i = 0; i < fields.length && i < v.length; i++) row.put(fields[i], v[i]);
            rows.add(row);
        }
        return rows;
    }
}
