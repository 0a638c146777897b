package io.sluice.protocol.dns;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code checks} of a suricata-verify {@code test.yaml}: each filter's expected count, its
 * version requirement and its {@code match} keys. Reads only the flat subset of YAML these files
 * use (no YAML library in the build): {@code - filter:} items with {@code count}, {@code requires}
 * and {@code match} blocks of {@code key: value} lines.
 */
record SuricataChecks(List<Filter> filters) {

    record Filter(int count, String minVersion, String ltVersion, Map<String, String> match) {}

    static SuricataChecks read(Path testYaml) throws Exception {
        List<Filter> filters = new ArrayList<>();
        boolean inChecks = false;
        int count = -1;
        String minVersion = null, ltVersion = null;
        Map<String, String> match = null;
        String block = "";
        int blockIndent = -1;
        for (String raw : Files.readAllLines(testYaml)) {
            if (raw.isBlank() || raw.trim().startsWith("#")) continue;
            int indent = raw.length() - raw.stripLeading().length();
            String line = raw.trim();
            if (indent == 0 && !(inChecks && line.startsWith("- "))) {
                if (match != null) filters.add(new Filter(count, minVersion, ltVersion, match));
                match = null;
                inChecks = line.equals("checks:");
                continue;
            }
            if (!inChecks) continue;
            if (line.startsWith("- filter:")) {
                if (match != null) filters.add(new Filter(count, minVersion, ltVersion, match));
                count = -1;
                minVersion = null;
                ltVersion = null;
                match = new LinkedHashMap<>();
                block = "";
                continue;
            }
            if (match == null) continue;
            if (line.endsWith(":") && !line.contains(": ")) {
                block = line.substring(0, line.length() - 1);
                blockIndent = indent;
                continue;
            }
            int colon = line.indexOf(": ");
            if (colon < 0) continue;
            String key = line.substring(0, colon);
            String value = unquote(line.substring(colon + 2).trim());
            boolean inBlock = !block.isEmpty() && indent > blockIndent;
            if (!inBlock) block = "";
            switch (block) {
                case "match" -> match.put(key, value);
                case "requires" -> {
                    if (key.equals("min-version")) minVersion = value;
                    if (key.equals("lt-version")) ltVersion = value;
                }
                default -> {
                    if (key.equals("count")) count = Integer.parseInt(value);
                }
            }
        }
        if (match != null) filters.add(new Filter(count, minVersion, ltVersion, match));
        return new SuricataChecks(filters);
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && ((v.startsWith("'") && v.endsWith("'")) || (v.startsWith("\"") && v.endsWith("\"")))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }
}
