package io.sluice.protocol.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The file name of a Content-Disposition header (RFC 6266): the extended {@code filename*}
 * parameter (RFC 8187: charset, language, percent-encoded bytes) when it is there and readable,
 * else {@code filename}, quoted or not; and the {@code name} parameter of a Content-Type, which
 * Zeek reads the same way. What Zeek's {@code extract_filename_from_content_disposition} gives
 * http.log's {@code *_filenames}.
 */
final class ContentDisposition {
    /** Longest name kept, in characters. */
    static final int MAX_NAME = 256;

    private ContentDisposition() {}

    /** The file name in {@code value}, or null. */
    static String filename(String value) {
        return parameter(value, "filename");
    }

    /**
     * The file name a Content-Type value gives in its {@code name} parameter (RFC 2045's older way,
     * still sent by mail and upload clients: {@code application/pdf; name="r.pdf"}), or null. Zeek
     * takes it as the entity's file name too.
     */
    static String typeName(String value) {
        return parameter(value, "name");
    }

    /** Parameter {@code key} (or its RFC 8187 form {@code key*}, preferred) of a header value, or null. */
    private static String parameter(String value, String key) {
        if (value == null) return null;
        String extendedKey = key + "*";
        String plain = null, extended = null;
        int p = 0, n = value.length();
        while (p < n) {
            // one parameter (or the disposition type): up to the next ';' outside quotes
            int eq = -1, k = p;
            boolean quoted = false;
            var raw = new StringBuilder();
            for (; k < n; k++) {
                char c = value.charAt(k);
                if (quoted) {
                    if (c == '\\' && k + 1 < n) c = value.charAt(++k);
                    else if (c == '"') {
                        quoted = false;
                        continue;
                    }
                    raw.append(c);
                } else if (c == ';') {
                    break;
                } else if (c == '=' && eq < 0) {
                    eq = k;
                } else if (c == '"' && eq >= 0) {
                    quoted = true;
                } else if (eq >= 0) {
                    raw.append(c);
                }
            }
            if (eq > 0) {
                String name = value.substring(p, eq).trim().toLowerCase(Locale.ROOT);
                String v = raw.toString().trim();
                if (name.equals(key) && plain == null) plain = v;
                else if (name.equals(extendedKey) && extended == null) extended = decodeExtended(v);
            }
            p = k + 1;
        }
        String name = extended != null ? extended : plain;
        if (name == null || name.isEmpty()) return null;
        return name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name;
    }

    /**
     * {@code charset'language'percent-encoded}, as the wire string of the bytes it encodes (Zeek
     * logs them as they are, whatever the charset says: UTF-8, by far the most sent, reads as text,
     * and other bytes are escaped); null when it does not read.
     */
    private static String decodeExtended(String raw) {
        int a = raw.indexOf('\''), b = a < 0 ? -1 : raw.indexOf('\'', a + 1);
        if (b < 0) return null;
        var bytes = new ByteArrayOutputStream();
        for (int k = b + 1; k < raw.length(); k++) {
            char c = raw.charAt(k);
            if (c == '%' && k + 2 < raw.length()) {
                int hi = Character.digit(raw.charAt(k + 1), 16), lo = Character.digit(raw.charAt(k + 2), 16);
                if (hi < 0 || lo < 0) return null;
                bytes.write(hi << 4 | lo);
                k += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                return null;
            }
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) i++;
        return i;
    }
}
