package io.sluice.ingest.zeek;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses one JSON object as Zeek's JSON writer produces it into a flat map: nested objects become
 * dotted keys ({@code "id": {"orig_h": ...}} reads as {@code id.orig_h}, as some shippers nest
 * them), strings stay strings, numbers keep their text (so times keep every digit), booleans
 * become {@code "true"}/{@code "false"}, arrays become lists of element texts, and {@code null}
 * leaves the key out. Zeek's rows are flat and short, so a small parser of its own costs less than
 * a dependency in core.
 */
final class FlatJson {

    /** The input is not a JSON object; the message says where. */
    static final class SyntaxException extends Exception {
        SyntaxException(String message) {
            super(message);
        }
    }

    private final String s;
    private int i;

    private FlatJson(String s) {
        this.s = s;
    }

    static Map<String, Object> parse(String line) throws SyntaxException {
        var p = new FlatJson(line);
        var out = new LinkedHashMap<String, Object>();
        p.skipSpace();
        p.object("", out);
        p.skipSpace();
        if (p.i != line.length()) throw p.error("text after the end of the object");
        return out;
    }

    private void object(String prefix, Map<String, Object> out) throws SyntaxException {
        expect('{');
        skipSpace();
        if (peek() == '}') {
            i++;
            return;
        }
        while (true) {
            skipSpace();
            String key = prefix + string();
            skipSpace();
            expect(':');
            skipSpace();
            char c = peek();
            if (c == '{') {
                object(key + ".", out);
            } else if (c == '[') {
                out.put(key, array());
            } else {
                String v = scalar();
                if (v != null) out.put(key, v);
            }
            skipSpace();
            char d = next();
            if (d == '}') return;
            if (d != ',') throw error("expected ',' or '}'");
        }
    }

    private List<String> array() throws SyntaxException {
        expect('[');
        var list = new ArrayList<String>();
        skipSpace();
        if (peek() == ']') {
            i++;
            return list;
        }
        while (true) {
            skipSpace();
            char c = peek();
            if (c == '{' || c == '[') throw error("nested containers are not a Zeek log value");
            String v = scalar();
            if (v != null) list.add(v);
            skipSpace();
            char d = next();
            if (d == ']') return list;
            if (d != ',') throw error("expected ',' or ']'");
        }
    }

    /** A string, number, true/false (as text), or null (returned as null). */
    private String scalar() throws SyntaxException {
        char c = peek();
        if (c == '"') return string();
        if (s.startsWith("true", i)) {
            i += 4;
            return "true";
        }
        if (s.startsWith("false", i)) {
            i += 5;
            return "false";
        }
        if (s.startsWith("null", i)) {
            i += 4;
            return null;
        }
        int start = i;
        while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) i++;
        if (i == start) throw error("unexpected character '" + c + "'");
        return s.substring(start, i);
    }

    private String string() throws SyntaxException {
        expect('"');
        StringBuilder b = null;
        int start = i;
        while (true) {
            if (i >= s.length()) throw error("unterminated string");
            char c = s.charAt(i);
            if (c == '"') {
                String v = b == null ? s.substring(start, i) : b.append(s, start, i).toString();
                i++;
                return v;
            }
            if (c == '\\') {
                if (b == null) b = new StringBuilder();
                b.append(s, start, i);
                if (i + 1 >= s.length()) throw error("unterminated escape");
                char e = s.charAt(i + 1);
                i += 2;
                switch (e) {
                    case '"', '\\', '/' -> b.append(e);
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'n' -> b.append('\n');
                    case 'r' -> b.append('\r');
                    case 't' -> b.append('\t');
                    case 'u' -> {
                        if (i + 4 > s.length()) throw error("short \\u escape");
                        try {
                            b.append((char) Integer.parseInt(s, i, i + 4, 16));
                        } catch (NumberFormatException ex) {
                            throw error("bad \\u escape");
                        }
                        i += 4;
                    }
                    default -> throw error("bad escape \\" + e);
                }
                start = i;
                continue;
            }
            i++;
        }
    }

    private void skipSpace() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
    }

    private char peek() throws SyntaxException {
        if (i >= s.length()) throw error("unexpected end of line");
        return s.charAt(i);
    }

    private char next() throws SyntaxException {
        char c = peek();
        i++;
        return c;
    }

    private void expect(char c) throws SyntaxException {
        if (next() != c) {
            i--;
            throw error("expected '" + c + "'");
        }
    }

    private SyntaxException error(String what) {
        return new SyntaxException("JSON: " + what + " at column " + (i + 1));
    }
}
