package io.sluice.detect;

/**
 * A small streaming JSON writer for one line at a time (core has no JSON library at run time):
 * objects, arrays, strings, numbers, booleans; commas placed by a depth-indexed flag.
 */
final class JsonLine {
    private final StringBuilder sb = new StringBuilder(1024);
    private final boolean[] needComma = new boolean[32];
    private int depth;

    JsonLine beginObject() {
        comma();
        sb.append('{');
        needComma[++depth] = false;
        return this;
    }

    JsonLine endObject() {
        sb.append('}');
        depth--;
        needComma[depth] = true;
        return this;
    }

    JsonLine beginArray() {
        comma();
        sb.append('[');
        needComma[++depth] = false;
        return this;
    }

    JsonLine endArray() {
        sb.append(']');
        depth--;
        needComma[depth] = true;
        return this;
    }

    /** A member name; the next value or begin call is its value. */
    JsonLine name(String name) {
        comma();
        string(name);
        sb.append(':');
        needComma[depth] = false;
        return this;
    }

    JsonLine value(String s) {
        comma();
        if (s == null) sb.append("null");
        else string(s);
        needComma[depth] = true;
        return this;
    }

    JsonLine value(long v) {
        comma();
        sb.append(v);
        needComma[depth] = true;
        return this;
    }

    JsonLine value(boolean v) {
        comma();
        sb.append(v);
        needComma[depth] = true;
        return this;
    }

    JsonLine field(String name, String v) {
        return name(name).value(v);
    }

    JsonLine field(String name, long v) {
        return name(name).value(v);
    }

    JsonLine field(String name, boolean v) {
        return name(name).value(v);
    }

    private void comma() {
        if (needComma[depth]) sb.append(',');
        needComma[depth] = false;
    }

    private void string(String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
