package io.sluice.protocol.http;

import java.util.Locale;

/**
 * A Content-Range header's byte range (RFC 9110 14.4): {@code bytes first-last/total}, the total
 * -1 when it is "*". Where a 206 answer's bytes sit in the file it is a piece of.
 */
record ContentRange(long first, long last, long total) {

    /** The range of {@code value}, or null when it is not a satisfied byte range. */
    static ContentRange parse(String value) {
        if (value == null) return null;
        String r = value.replace(" ", "").toLowerCase(Locale.ROOT);
        int dash = r.indexOf('-'), slash = r.indexOf('/');
        if (!r.startsWith("bytes") || dash <= 5 || slash <= dash) return null;
        long first = number(r, 5, dash), last = number(r, dash + 1, slash);
        long total = r.endsWith("/*") ? -1 : number(r, slash + 1, r.length());
        if (first < 0 || last < first) return null;
        return new ContentRange(first, last, total);
    }

    /** Whether the range is the whole file (bytes 0 to the last, of a known total). */
    boolean wholeFile() {
        return first == 0 && total >= 0 && last + 1 == total;
    }

    /** The decimal number in {@code s[from..to)}, or -1. */
    private static long number(String s, int from, int to) {
        if (from >= to || to - from > 18) return -1;
        long v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
