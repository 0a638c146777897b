package io.sluice.protocol.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads FoxIO's JA4+ reference outputs in corpus/fingerprints/ja4: the Rust tool's insta snapshots
 * ({@code *.rust.snap}, YAML), the Python tool's JSON ({@code *.python.json}) and the Wireshark
 * plugin's per-frame JSON ({@code *.wireshark.json}).
 */
public final class Ja4References {
    private Ja4References() {}

    /** One stream of a Rust snapshot: scalars by key, and lists (a list of maps keeps "list.key"). */
    public record RustStream(Map<String, String> scalars, Map<String, List<String>> lists) {
        public String get(String key) {
            return scalars.get(key);
        }

        public List<String> list(String key) {
            return lists.getOrDefault(key, List.of());
        }
    }

    public static List<RustStream> rust(Path snap) throws Exception {
        var out = new ArrayList<RustStream>();
        Map<String, String> scalars = null;
        Map<String, List<String>> lists = null;
        String listKey = null;
        for (String line : Files.readAllLines(snap, StandardCharsets.UTF_8)) {
            if (line.startsWith("- ")) {
                scalars = new LinkedHashMap<>();
                lists = new LinkedHashMap<>();
                out.add(new RustStream(scalars, lists));
                line = "  " + line.substring(2);
            }
            if (scalars == null || line.isBlank()) continue;
            int indent = 0;
            while (indent < line.length() && line.charAt(indent) == ' ') indent++;
            String body = line.substring(indent);
            if (indent == 2 && !body.startsWith("- ")) {
                int c = body.indexOf(':');
                String key = body.substring(0, c);
                String value = body.substring(c + 1).strip();
                if (value.isEmpty()) listKey = key; else scalars.put(key, unquote(value));
                if (!value.isEmpty()) listKey = null;
            } else if (indent == 2 && listKey != null) { // "  - item" or "  - key: value"
                String item = body.substring(2);
                int c = item.indexOf(": ");
                if (c > 0) {
                    lists.computeIfAbsent(listKey + "." + item.substring(0, c), k -> new ArrayList<>())
                            .add(unquote(item.substring(c + 2).strip()));
                } else {
                    lists.computeIfAbsent(listKey, k -> new ArrayList<>()).add(unquote(item.strip()));
                }
            } else if (indent == 4 && listKey != null && !body.startsWith("- ")) {
                int c = body.indexOf(':');
                if (c > 0) scalars.put(listKey + "." + body.substring(0, c), unquote(body.substring(c + 1).strip()));
            }
        }
        return out;
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.startsWith("'") && v.endsWith("'") || v.startsWith("\"") && v.endsWith("\""))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }

    /** The Python tool's entries, each a map of field to value (nested objects as maps). */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> python(Path json) throws Exception {
        try (JsonParser p = new JsonFactory().createParser(json.toFile())) {
            Object v = value(p, p.nextToken());
            var out = new ArrayList<Map<String, Object>>();
            if (v instanceof List<?> l) for (Object o : l) if (o instanceof Map<?, ?> m) out.add((Map<String, Object>) m);
            return out;
        }
    }

    private static Object value(JsonParser p, JsonToken t) throws Exception {
        if (t == JsonToken.START_OBJECT) {
            var m = new LinkedHashMap<String, Object>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String k = p.currentName();
                m.put(k, value(p, p.nextToken()));
            }
            return m;
        }
        if (t == JsonToken.START_ARRAY) {
            var l = new ArrayList<Object>();
            JsonToken n;
            while ((n = p.nextToken()) != JsonToken.END_ARRAY) l.add(value(p, n));
            return l;
        }
        if (t == JsonToken.VALUE_NULL) return null;
        return p.getText();
    }

    /** Every value of a Wireshark field (for example {@code ja4.ja4h}) in frame order. */
    public static List<String> wireshark(Path json, String field) throws Exception {
        String text = Files.readString(json, StandardCharsets.UTF_8);
        var m = Pattern.compile("\"" + Pattern.quote(field) + "\":\\s*\\[\\s*\"([^\"]*)\"").matcher(text);
        var out = new ArrayList<String>();
        while (m.find()) out.add(m.group(1));
        return out;
    }
}
