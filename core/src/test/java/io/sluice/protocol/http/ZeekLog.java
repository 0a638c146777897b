package io.sluice.protocol.http;

import io.sluice.event.FieldSink;
import io.sluice.event.LogEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a Zeek TSV log (a btest baseline) into rows of field name to text, and renders one of our
 * {@link LogEntry} rows the same way (Zeek's {@code -} for unset, {@code (empty)} for an empty
 * set, comma-joined sets, times and intervals left out because baselines mask them), so tests
 * compare field by field.
 */
public final class ZeekLog {
    private ZeekLog() {}

    public static List<Map<String, String>> read(Path log) throws Exception {
        List<String> fields = List.of();
        var rows = new ArrayList<Map<String, String>>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            if (line.startsWith("#fields")) {
                fields = List.of(line.substring("#fields\t".length()).split("\t"));
                continue;
            }
            if (line.startsWith("#") || line.isBlank()) continue;
            String[] v = line.split("\t", -1);
            var row = new LinkedHashMap<String, String>();
            for (int i = 0; i < fields.size() && i < v.length; i++) row.put(fields.get(i), v[i]);
            rows.add(row);
        }
        return rows;
    }

    /** Our row as Zeek would print it, by field name. */
    public static Map<String, String> render(LogEntry e) {
        var names = e.schema().fields();
        var values = new ArrayList<String>();
        e.write(new FieldSink() {
            @Override public void string(String value) {
                values.add(value.isEmpty() ? "(empty)" : value);
            }
            @Override public void count(long value) {
                values.add(Long.toString(value));
            }
            @Override public void integer(long value) {
                values.add(Long.toString(value));
            }
            @Override public void real(double value) {
                values.add(Double.toString(value));
            }
            @Override public void time(long epochNanos) {
                values.add("XXXXXXXXXX.XXXXXX");
            }
            @Override public void interval(long nanos) {
                values.add(String.format("%.6f", nanos / 1e9));
            }
            @Override public void bool(boolean value) {
                values.add(value ? "T" : "F");
            }
            @Override public void strings(Collection<String> v) {
                values.add(v.isEmpty() ? "(empty)" : String.join(",", v));
            }
            @Override public void intervals(long[] nanos) {
                var parts = new ArrayList<String>();
                for (long n : nanos) parts.add(String.format("%.6f", n / 1e9));
                values.add(parts.isEmpty() ? "(empty)" : String.join(",", parts));
            }
            @Override public void unset() {
                values.add("-");
            }
        });
        var row = new LinkedHashMap<String, String>();
        for (int i = 0; i < names.size(); i++) row.put(names.get(i).name(), values.get(i));
        return row;
    }
}
