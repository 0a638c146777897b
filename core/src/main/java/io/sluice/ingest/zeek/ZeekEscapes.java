package io.sluice.ingest.zeek;

import io.sluice.event.WireText;

/**
 * Undoes Zeek's escaping of byte strings, giving the bytes back in wire form (one char per byte,
 * as {@link WireText} and {@link io.sluice.event.FieldSink#wire} have them).
 *
 * <p>TSV ({@link #unescape}): the ASCII writer writes {@code \xNN} for a byte (separators, control
 * characters, bytes that are not UTF-8, and in older Zeek every non-ASCII byte) and {@code \\} for
 * a backslash. The line is read as ISO-8859-1, one char per byte, so the bytes are rebuilt exactly.
 *
 * <p>JSON ({@link #wireOfJson}): the JSON writer writes valid UTF-8 as it is and every other byte
 * as the four characters {@code \xNN} (lowercase hex), then JSON-escapes the backslash, so the line
 * says {@code "\\xff"}; a backslash of the data is written the same way ({@code "\\"}), so
 * {@code \xNN} in the parsed text is read as Zeek's escape of a byte (as Sluice's own JSON writer
 * writes it) only where Zeek would have escaped that byte.
 */
final class ZeekEscapes {
    private ZeekEscapes() {}

    /** Unescapes {@code s[from, to)} of a TSV line read as ISO-8859-1: the value in wire form. */
    static String unescape(String s, int from, int to) {
        int first = s.indexOf('\\', from);
        if (first < 0 || first >= to) return s.substring(from, to);
        var out = new StringBuilder(to - from);
        out.append(s, from, first);
        for (int i = first; i < to; i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < to) {
                char n = s.charAt(i + 1);
                if (n == 'x' && i + 3 < to && hex(s.charAt(i + 2)) >= 0 && hex(s.charAt(i + 3)) >= 0) {
                    out.append((char) (hex(s.charAt(i + 2)) << 4 | hex(s.charAt(i + 3))));
                    i += 3;
                    continue;
                }
                if (n == '\\') {
                    out.append('\\');
                    i++;
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }

    static String unescape(String s) {
        return unescape(s, 0, s.length());
    }

    /**
     * The wire form of a string value of a Zeek JSON row, given as the parsed JSON text: its UTF-8
     * bytes, with each {@code \xNN} that Zeek's JSON writer makes of a byte turned back into the
     * byte. Zeek escapes control bytes and bytes that are not part of well-formed UTF-8, always in
     * lowercase hex; so {@code \x41}, {@code \xFF}, or {@code \xc3\xa9} (which Zeek would have
     * written as "é") stay the text they are.
     */
    static String wireOfJson(String text) {
        String w = WireText.ofText(text);
        int first = w.indexOf("\\x");
        if (first < 0) return w;
        int n = w.length();
        var out = new StringBuilder(n);
        // which chars of out came from an escape
        var escaped = new java.util.BitSet();
        out.append(w, 0, first);
        boolean high = false;
        for (int i = first; i < n; i++) {
            char c = w.charAt(i);
            if (c == '\\' && i + 3 < n && w.charAt(i + 1) == 'x') {
                int b = lowerHex(w.charAt(i + 2)) << 4 | lowerHex(w.charAt(i + 3));
                if (b >= 0 && (b < 0x20 || b >= 0x7f)) {
                    escaped.set(out.length());
                    out.append((char) b);
                    high |= b >= 0x80;
                    i += 3;
                    continue;
                }
            }
            out.append(c);
        }
        if (escaped.isEmpty()) return w;
        String bytes = out.toString();
        if (!high) return bytes;
        // Bytes from escapes that make well-formed UTF-8 were not escaped by Zeek: they are text.
        // (Bytes written as they are come in whole sequences, so such a sequence is escapes only.)
        StringBuilder fixed = null;
        for (int i = 0; i < bytes.length(); i++) {
            char c = bytes.charAt(i);
            int k = c >= 0x80 ? WireText.utf8SequenceAt(bytes, i) : 0;
            if (k == 0 || escaped.nextSetBit(i) < 0 || escaped.nextSetBit(i) >= i + k) {
                if (fixed != null) fixed.append(c);
                continue;
            }
            if (fixed == null) fixed = new StringBuilder(bytes.length() + 16).append(bytes, 0, i);
            for (int j = i; j < i + k; j++) {
                char b = bytes.charAt(j);
                if (escaped.get(j)) {
                    fixed.append("\\x").append(HEX.charAt(b >> 4)).append(HEX.charAt(b & 0xf));
                } else {
                    fixed.append(b);
                }
            }
            i += k - 1;
        }
        return fixed == null ? bytes : fixed.toString();
    }

    private static final String HEX = "0123456789abcdef";

    private static int hex(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    /** A lowercase hex digit's value; a large negative number otherwise, so a pair with it is negative. */
    private static int lowerHex(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        return -0x1000;
    }
}
