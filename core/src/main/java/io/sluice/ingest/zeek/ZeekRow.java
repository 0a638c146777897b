package io.sluice.ingest.zeek;

import io.sluice.event.ConnId;
import io.sluice.event.WireText;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One row of a Zeek log, from TSV or JSON alike: field name to value, where a value is a string
 * (already unescaped), a list of strings (sets and vectors), or absent (unset). The typed getters
 * parse Zeek's textual forms and throw {@link BadFieldException} naming the field when a value does
 * not parse or a required one is missing; the reader turns that into a problem with the line.
 *
 * <p>A string field is read in the form its event keeps it, the form its record writes it in:
 * {@link #wire}/{@link #wires} for a field written with {@link io.sluice.event.FieldSink#wire} (one
 * char per byte, bytes that are not UTF-8 included), {@link #text}/{@link #texts} for one written
 * with {@link io.sluice.event.FieldSink#string} (Unicode text), and {@link #string}/{@link #strings}
 * for a value that is ASCII by nature (an address, uid, enum, number or hash), where the two forms
 * are the same. A TSV value comes unescaped in wire form; a JSON value as parsed text. Each getter
 * converts the one it holds with {@link WireText}, undoing the JSON writer's {@code \xNN} for a
 * byte that is not UTF-8 on the way to wire form.
 */
final class ZeekRow {
    private final Map<String, Object> values;
    /** For TSV rows without a {@code #types} line: the set separator that splits a container; null otherwise. */
    private final String looseSetSeparator;

    /**
     * A value of a TSV row without a {@code #types} line, as written (escaped): whether it is one
     * string or a container is known only when a mapping asks, and a container must be split at its
     * separators before it is unescaped, or an escaped separator ({@code \x2c}) inside an element
     * would split it. {@code ""} stands for the empty field.
     */
    record Untyped(String escaped) {}
    /** Whether the values are parsed JSON text (else unescaped TSV, in wire form). */
    private final boolean json;

    private ZeekRow(Map<String, Object> values, String looseSetSeparator, boolean json) {
        this.values = values;
        this.looseSetSeparator = looseSetSeparator;
        this.json = json;
    }

    /** A TSV row: values unescaped, in wire form. */
    static ZeekRow tsv(Map<String, Object> values, String looseSetSeparator) {
        return new ZeekRow(values, looseSetSeparator, false);
    }

    /** A JSON row: values as parsed text. */
    static ZeekRow json(Map<String, Object> values) {
        return new ZeekRow(values, null, true);
    }

    boolean has(String name) {
        return values.get(name) != null;
    }

    /**
     * A value that is ASCII by nature (address, uid, enum, number, hash, Zeek's own names), where
     * wire form and text are the same; one that is not after all reads as {@link #text}. Null when
     * unset; a list is joined with commas.
     */
    String string(String name) {
        return text(name);
    }

    /** {@link #string}, required. */
    String required(String name) {
        return requiredText(name);
    }

    /**
     * The value as text, for a field its record writes with {@code string}; null when unset, a list
     * joined with commas.
     */
    String text(String name) {
        String v = raw(name);
        return v == null ? null : toText(v);
    }

    /** {@link #text}, required. */
    String requiredText(String name) {
        String v = text(name);
        if (v == null) throw new BadFieldException("required field " + name + " is unset");
        return v;
    }

    /**
     * The value in wire form, for a field its record writes with {@code wire}; null when unset, a
     * list joined with commas.
     */
    String wire(String name) {
        String v = raw(name);
        return v == null ? null : toWire(v);
    }

    /**
     * A container of values ASCII by nature (see {@link #string}); a single string is a one-element
     * list. Null when unset.
     */
    List<String> strings(String name) {
        return texts(name);
    }

    /** A container of texts; a single string is a one-element list. Null when unset. */
    List<String> texts(String name) {
        List<String> v = rawList(name);
        if (v == null || json) return v;
        return map(v, false);
    }

    /** A container of wire strings; a single string is a one-element list. Null when unset. */
    List<String> wires(String name) {
        List<String> v = rawList(name);
        if (v == null || !json) return v;
        return map(v, true);
    }

    private String toText(String v) {
        return json ? v : WireText.toText(v);
    }

    private String toWire(String v) {
        return json ? ZeekEscapes.wireOfJson(v) : v;
    }

    private List<String> map(List<String> v, boolean wire) {
        List<String> out = null;
        for (int i = 0; i < v.size(); i++) {
            String s = v.get(i);
            String m = wire ? toWire(s) : toText(s);
            if (out == null && !m.equals(s)) {
                out = new ArrayList<>(v.size());
                out.addAll(v.subList(0, i));
            }
            if (out != null) out.add(m);
        }
        return out == null ? v : out;
    }

    /** The value as the row holds it, a list joined with commas; null when unset. */
    private String raw(String name) {
        Object v = values.get(name);
        if (v == null) return null;
        if (v instanceof String s) return s;
        if (v instanceof Untyped u) return ZeekEscapes.unescape(u.escaped());
        return String.join(",", castList(v));
    }

    private List<String> rawList(String name) {
        Object v = values.get(name);
        if (v == null) return null;
        if (v instanceof String s) return List.of(s);
        if (v instanceof Untyped u) {
            if (u.escaped().isEmpty()) return List.of();
            String[] parts = ZeekTsvHeader.split(u.escaped(), looseSetSeparator);
            var out = new ArrayList<String>(parts.length);
            for (String part : parts) out.add(ZeekEscapes.unescape(part));
            return out;
        }
        return castList(v);
    }

    @SuppressWarnings("unchecked")
    private static List<String> castList(Object v) {
        return (List<String>) v;
    }

    Long count(String name) {
        String v = string(name);
        if (v == null) return null;
        try {
            if (v.indexOf('.') >= 0 || v.indexOf('e') >= 0 || v.indexOf('E') >= 0) {
                return new BigDecimal(v).longValueExact();
            }
            return Long.parseLong(v);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new BadFieldException("field " + name + ": not a whole number: \"" + v + "\"");
        }
    }

    long count(String name, long unset) {
        Long v = count(name);
        return v == null ? unset : v;
    }

    Integer integer(String name) {
        Long v = count(name);
        if (v == null) return null;
        if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
            throw new BadFieldException("field " + name + ": out of range: " + v);
        }
        return v.intValue();
    }

    /** A port: a number, or Zeek's {@code 80/tcp} form. */
    int port(String name) {
        String v = required(name);
        int slash = v.indexOf('/');
        String digits = slash >= 0 ? v.substring(0, slash) : v;
        try {
            int p = Integer.parseInt(digits);
            if (p < 0 || p > 65535) throw new NumberFormatException();
            return p;
        } catch (NumberFormatException e) {
            throw new BadFieldException("field " + name + ": not a port: \"" + v + "\"");
        }
    }

    Boolean bool(String name) {
        String v = string(name);
        if (v == null) return null;
        return switch (v) {
            case "T", "true", "1" -> Boolean.TRUE;
            case "F", "false", "0" -> Boolean.FALSE;
            default -> throw new BadFieldException("field " + name + ": not a bool: \"" + v + "\"");
        };
    }

    boolean bool(String name, boolean unset) {
        Boolean v = bool(name);
        return v == null ? unset : v;
    }

    /** A time: epoch seconds with a fraction, or ISO 8601 (Zeek's {@code JSON::TS_ISO8601}). Nanoseconds. */
    Long time(String name) {
        String v = string(name);
        if (v == null) return null;
        try {
            if (!v.isEmpty() && (Character.isDigit(v.charAt(0)) || v.charAt(0) == '-') && v.indexOf('T') < 0
                    && !(v.length() > 4 && v.charAt(4) == '-')) {
                return seconds(v);
            }
            var t = OffsetDateTime.parse(v.endsWith("Z") || hasOffset(v) ? v : v + "Z");
            return Math.addExact(Math.multiplyExact(t.toEpochSecond(), 1_000_000_000L), t.getNano());
        } catch (NumberFormatException | ArithmeticException | DateTimeParseException e) {
            throw new BadFieldException("field " + name + ": not a time: \"" + v + "\"");
        }
    }

    long requiredTime(String name) {
        Long t = time(name);
        if (t == null) throw new BadFieldException("required field " + name + " is unset");
        return t;
    }

    /** An interval in seconds with a fraction, as nanoseconds. */
    Long interval(String name) {
        String v = string(name);
        if (v == null) return null;
        try {
            return seconds(v);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new BadFieldException("field " + name + ": not an interval: \"" + v + "\"");
        }
    }

    /** Each element of a {@code vector[interval]} in nanoseconds; null when unset. */
    List<Long> intervals(String name) {
        List<String> v = strings(name);
        if (v == null) return null;
        var out = new ArrayList<Long>(v.size());
        for (String s : v) {
            try {
                out.add(seconds(s));
            } catch (NumberFormatException | ArithmeticException e) {
                throw new BadFieldException("field " + name + ": not an interval: \"" + s + "\"");
            }
        }
        return out;
    }

    ConnId connId() {
        return new ConnId(required("id.orig_h"), port("id.orig_p"), required("id.resp_h"), port("id.resp_p"));
    }

    private static boolean hasOffset(String v) {
        int t = v.indexOf('T');
        return t > 0 && (v.indexOf('+', t) > 0 || v.indexOf('-', t) > 0);
    }

    /** Decimal seconds to nanoseconds without going through a double, so six decimals stay exact. */
    static long seconds(String v) {
        int dot = v.indexOf('.');
        boolean plain = v.length() < 19 && dot != 0 && (dot < 0 || v.length() - dot - 1 <= 9);
        for (int i = 0; plain && i < v.length(); i++) {
            char c = v.charAt(i);
            plain = (c >= '0' && c <= '9') || i == dot;
        }
        if (!plain) {
            return new BigDecimal(v).movePointRight(9).setScale(0, java.math.RoundingMode.HALF_EVEN).longValueExact();
        }
        long whole = Long.parseLong(dot < 0 ? v : v.substring(0, dot));
        long frac = 0;
        if (dot >= 0) {
            int digits = v.length() - dot - 1;
            if (digits > 0) frac = Long.parseLong(v.substring(dot + 1));
            for (int i = digits; i < 9; i++) frac *= 10;
        }
        return Math.addExact(Math.multiplyExact(whole, 1_000_000_000L), frac);
    }
}
