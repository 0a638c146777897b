package io.sluice.ingest.zeek;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The header block of a Zeek TSV log ({@code #separator}, {@code #set_separator},
 * {@code #empty_field}, {@code #unset_field}, {@code #path}, {@code #fields}, {@code #types}) and
 * the splitting of data lines by it. A new {@code #separator} line starts a new block, so logs
 * concatenated with {@code cat} read correctly.
 */
final class ZeekTsvHeader {
    private final String separator;
    private String setSeparator = ",";
    private String emptyField = "(empty)";
    private String unsetField = "-";
    private String path;
    private List<String> fields;
    private List<String> types;

    ZeekTsvHeader(String separator) {
        this.separator = separator;
    }

    /** Zeek's default block, for headers that leave out {@code #separator} (zeek-cut -c output). */
    static ZeekTsvHeader defaults() {
        return new ZeekTsvHeader("\t");
    }

    /** Parses the value of a {@code #separator} line ({@code #separator \x09}). */
    static ZeekTsvHeader fromSeparatorLine(String line) {
        String value = line.substring("#separator".length()).strip();
        String sep = ZeekEscapes.unescape(value);
        return new ZeekTsvHeader(sep.isEmpty() ? "\t" : sep);
    }

    /** Applies one {@code #key<sep>value} line; unknown keys ({@code #open}, {@code #close}) are ignored. */
    void directive(String line) {
        int cut = line.indexOf(separator);
        String key = cut < 0 ? line : line.substring(0, cut);
        String rest = cut < 0 ? "" : line.substring(cut + separator.length());
        switch (key) {
            case "#set_separator" -> setSeparator = ZeekEscapes.unescape(rest);
            case "#empty_field" -> emptyField = ZeekEscapes.unescape(rest);
            case "#unset_field" -> unsetField = ZeekEscapes.unescape(rest);
            case "#path" -> path = ZeekEscapes.unescape(rest);
            case "#fields" -> {
                fields = List.of(split(rest, separator));
                types = null;
            }
            case "#types" -> types = List.of(split(rest, separator));
            default -> {
                // #open, #close and comments carry nothing a row needs
            }
        }
    }

    String path() {
        return path;
    }

    List<String> fields() {
        return fields;
    }

    boolean hasFields() {
        return fields != null;
    }

    /**
     * Splits a data line into a row. Returns null when the number of values differs from the number
     * of fields; the caller reports that.
     */
    ZeekRow split(String line) {
        String[] raw = split(line, separator);
        if (raw.length != fields.size()) return null;
        boolean typed = types != null && types.size() == fields.size();
        Map<String, Object> values = new HashMap<>(raw.length * 2);
        for (int i = 0; i < raw.length; i++) {
            String r = raw[i];
            if (r.equals(unsetField)) continue;
            String type = typed ? types.get(i) : "";
            boolean container = type.startsWith("set[") || type.startsWith("vector[") || type.startsWith("table[");
            if (container) {
                values.put(fields.get(i), elements(r));
            } else if (!typed) {
                values.put(fields.get(i), new ZeekRow.Untyped(r.equals(emptyField) ? "" : r));
            } else {
                values.put(fields.get(i), r.equals(emptyField) ? "" : ZeekEscapes.unescape(r));
            }
        }
        return ZeekRow.tsv(values, typed ? null : setSeparator);
    }

    private List<String> elements(String r) {
        if (r.equals(emptyField)) return List.of();
        String[] parts = split(r, setSeparator);
        var out = new java.util.ArrayList<String>(parts.length);
        for (String p : parts) out.add(ZeekEscapes.unescape(p));
        return out;
    }

    int valueCount(String line) {
        return split(line, separator).length;
    }

    /** Splits at every occurrence of a literal separator, keeping empty values (no regex: this runs per line). */
    static String[] split(String s, String sep) {
        if (sep.isEmpty()) return new String[] {s};
        var parts = new java.util.ArrayList<String>(32);
        int start = 0;
        int at;
        while ((at = s.indexOf(sep, start)) >= 0) {
            parts.add(s.substring(start, at));
            start = at + sep.length();
        }
        parts.add(s.substring(start));
        return parts.toArray(String[]::new);
    }

    int fieldCount() {
        return fields.size();
    }
}
