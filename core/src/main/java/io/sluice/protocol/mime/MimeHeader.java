package io.sluice.protocol.mime;

import java.util.Locale;

/**
 * The parts of a MIME header value (RFC 2045) that the dissectors carrying MIME entities (SMTP's
 * messages, HTTP's multipart bodies) read: the media type and a parameter's value.
 */
public final class MimeHeader {
    private MimeHeader() {}

    /** "text/html" of "text/html; charset=utf-8", lower case; "" for null. */
    public static String mediaType(String value) {
        if (value == null) return "";
        int semi = value.indexOf(';');
        return (semi < 0 ? value : value.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    }

    /** A parameter's value (quotes removed), or null. */
    public static String param(String value, String name) {
        if (value == null) return null;
        String lower = value.toLowerCase(Locale.ROOT);
        int from = 0;
        while (true) {
            int i = lower.indexOf(name, from);
            if (i < 0) return null;
            from = i + name.length();
            int before = i - 1;
            while (before >= 0 && (lower.charAt(before) == ' ' || lower.charAt(before) == '\t')) before--;
            if (before >= 0 && lower.charAt(before) != ';') continue;
            int p = i + name.length();
            while (p < value.length() && value.charAt(p) == ' ') p++;
            if (p >= value.length() || value.charAt(p) != '=') continue;
            p++;
            while (p < value.length() && value.charAt(p) == ' ') p++;
            if (p < value.length() && value.charAt(p) == '"') {
                int end = value.indexOf('"', p + 1);
                return value.substring(p + 1, end < 0 ? value.length() : end);
            }
            int end = value.indexOf(';', p);
            return value.substring(p, end < 0 ? value.length() : end).strip();
        }
    }
}
