package io.sluice.protocol.dhcp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * TEST SCAFFOLDING shared by the LAN protocol corpus tests: the {@code match} blocks of a
 * suricata-verify test.yaml's {@code checks} (flat {@code key: value} lines; the subset these files
 * use), with each filter's count. Filters with a {@code requires} block are kept; callers pick by
 * {@code event_type}.
 */
public record SuricataFilters(List<Filter> filters) {

    public record Filter(int count, Map<String, String> match) {
        public String get(String key) {
            return match.get(key);
        }
    }

    public static SuricataFilters read(Path testYaml) throws Exception {
        List<Filter> out = new ArrayList<>();
        Map<String, String> match = null;
        int count = -1, matchIndent = -1;
        boolean inMatch = false;
        for (String raw : Files.readAllLines(testYaml)) {
            if (raw.isBlank() || raw.trim().startsWith("#")) continue;
            int indent = raw.length() - raw.stripLeading().length();
            String line = raw.trim();
            if (line.startsWith("- filter:")) {
                if (match != null) out.add(new Filter(count, match));
                match = new LinkedHashMap<>();
                count = -1;
                inMatch = false;
                continue;
            }
            if (match == null) continue;
            if (indent == 0) {
                out.add(new Filter(count, match));
                match = null;
                continue;
            }
            if (line.equals("match:")) {
                inMatch = true;
                matchIndent = indent;
                continue;
            }
            if (inMatch && indent <= matchIndent) inMatch = false;
            int colon = line.indexOf(": ");
            if (colon < 0) continue;
            String key = line.substring(0, colon), value = unquote(line.substring(colon + 2).trim());
            if (inMatch) match.put(key, value);
            else if (key.equals("count")) count = Integer.parseInt(value);
        }
        if (match != null) out.add(new Filter(count, match));
        return new SuricataFilters(out);
    }

    public List<Filter> ofType(String eventType) {
        return filters.stream().filter(f -> eventType.equals(f.get("event_type"))).toList();
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            v = v.substring(1, v.length() - 1);
        }
        return v.replace("\\u0000", "\u0000");
    }
}
