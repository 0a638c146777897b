package io.sluice.ingest.zeek;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Undoes the escaping of Zeek's ASCII writer: {@code \xNN} for a byte (separators, control
 * characters, and in older Zeek every non-ASCII byte) and {@code \\} for a backslash. The line is
 * read as ISO-8859-1, one char per byte, so the bytes are rebuilt exactly and decoded as UTF-8 at
 * the end.
 */
final class ZeekEscapes {
    private ZeekEscapes() {}

    /** Unescapes {@code s[from, to)}. */
    static String unescape(String s, int from, int to) {
        boolean plain = true;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '\\' || c >= 0x80) {
                plain = false;
                break;
            }
        }
        if (plain) return s.substring(from, to);
        var out = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < to) {
                char n = s.charAt(i + 1);
                if (n == 'x' && i + 3 < to && hex(s.charAt(i + 2)) >= 0 && hex(s.charAt(i + 3)) >= 0) {
                    out.write(hex(s.charAt(i + 2)) << 4 | hex(s.charAt(i + 3)));
                    i += 3;
                    continue;
                }
                if (n == '\\') {
                    out.write('\\');
                    i++;
                    continue;
                }
            }
            out.write(c & 0xFF);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    static String unescape(String s) {
        return unescape(s, 0, s.length());
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }
}
