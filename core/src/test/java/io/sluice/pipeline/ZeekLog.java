package io.sluice.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A Zeek TSV log (or a zeek-cut extract) read into rows of field name to text. */
record ZeekLog(List<String> fields, List<Map<String, String>> rows) {

    /** Reads a log with a {@code #fields} line, or a headerless zeek-cut output with the given fields. */
    static ZeekLog read(Path file, List<String> fieldsIfHeaderless) throws IOException {
        List<String> fields = fieldsIfHeaderless;
        List<Map<String, String>> rows = new ArrayList<>();
        boolean cutHeader = false;
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("#fields\t")) {
                fields = List.of(line.substring(8).split("\t"));
                continue;
            }
            if (line.startsWith("#") || line.isBlank()) continue;
            if (fields == null && !cutHeader) {
                fields = List.of(line.split("\t"));
                cutHeader = true;
                continue;
            }
            String[] v = line.split("\t", -1);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < fields.size() && i < v.length; i++) row.put(fields.get(i), v[i]);
            rows.add(row);
        }
        return new ZeekLog(fields, rows);
    }
}
