package io.sluice.protocol.http;

import io.sluice.protocol.ThreadDigests;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * JA4H, FoxIO's HTTP client fingerprint (technical_details/JA4H.md and the reference
 * implementations in FoxIO-LLC/ja4): {@code a_b_c_d} where
 * <ul>
 *   <li>a = first two letters of the method, lowercased; the version without its dot ("11");
 *       {@code c} or {@code n} for a Cookie header; {@code r} or {@code n} for a Referer header;
 *       the number of other headers (two digits, at most 99); the first Accept-Language tag,
 *       lowercased without '-', cut or padded with '0' to four characters ({@code 0000} if absent);
 *   <li>b = first 12 hex digits of SHA-256 over the header names in wire order and case,
 *       comma-joined, without Cookie and Referer;
 *   <li>c = the same over the sorted cookie names; d = over the sorted {@code name=value} cookies.
 * </ul>
 * Without a Cookie header c and d are {@code 000000000000}; an empty list hashes like the empty
 * string ({@code e3b0c44298fc}), as the Python and Wireshark references do. Cookies are sorted by name (as all three
 * references do on the corpus: {@code a} before {@code a-hash}); where the Python and Rust tools
 * differ we follow Python for the language (a {@code ;} also ends the first tag), and match
 * Cookie/Referer names case-insensitively.
 * Built once per request, when the request headers are complete.
 */
final class Ja4h {
    private static final String ZEROS = "000000000000";

    private Ja4h() {}

    /**
     * @param headerNames names in wire order, Cookie and Referer already left out, comma-joined
     * @param headerCount how many names {@code headerNames} holds
     * @param cookie the first Cookie header's value, or null if there was none
     * @param hasReferer whether a Referer header was present
     * @param acceptLanguage the first Accept-Language header's value, or null
     */
    static String compute(String method, int versionMajor, int versionMinor, String headerNames, int headerCount,
            String cookie, boolean hasReferer, String acceptLanguage) {
        var sb = new StringBuilder(51);
        // the method's first two letters, lowercased (a method is token characters: ASCII)
        for (int i = 0; i < Math.min(2, method.length()); i++) sb.append(Character.toLowerCase(method.charAt(i)));
        version(sb, versionMajor);
        version(sb, versionMinor);
        sb.append(cookie != null ? 'c' : 'n');
        sb.append(hasReferer ? 'r' : 'n');
        int n = Math.min(99, headerCount);
        sb.append((char) ('0' + n / 10)).append((char) ('0' + n % 10));
        language(sb, acceptLanguage);
        sb.append('_');
        hash12(sb, headerNames);
        if (cookie == null) {
            sb.append('_').append(ZEROS).append('_').append(ZEROS);
        } else {
            cookies(sb, cookie);
        }
        return sb.toString();
    }

    /** By name, then by the whole {@code name=value}; made once (a comparator built per request spins lambdas). */
    private static final Comparator<String> COOKIE_ORDER =
            Comparator.comparing(Ja4h::cookieName).thenComparing(Comparator.naturalOrder());

    /** Parts c and d: the hashes of the sorted cookie names and of the sorted cookies. */
    private static void cookies(StringBuilder sb, String cookie) {
        List<String> cookies = new ArrayList<>();
        for (String part : cookie.split(";")) {
            String c = part.strip();
            if (!c.isEmpty()) cookies.add(c);
        }
        cookies.sort(COOKIE_ORDER);
        var names = new StringBuilder();
        var items = new StringBuilder();
        for (String c : cookies) {
            if (names.length() > 0) {
                names.append(',');
                items.append(',');
            }
            names.append(cookieName(c));
            items.append(c);
        }
        sb.append('_');
        hash12(sb, names.toString());
        sb.append('_');
        hash12(sb, items.toString());
    }

    private static String cookieName(String cookie) {
        int eq = cookie.indexOf('=');
        return eq < 0 ? cookie : cookie.substring(0, eq);
    }

    /**
     * The first language tag: the value stripped, without '-', lowercased, up to the first ',' or
     * ';', cut or padded with '0' to four characters. One pass over the characters (this runs per
     * request; the string operations it replaces made five strings).
     */
    static String language(String acceptLanguage) {
        return language(new StringBuilder(4), acceptLanguage).toString();
    }

    private static StringBuilder language(StringBuilder sb, String acceptLanguage) {
        if (acceptLanguage == null) return sb.append("0000");
        int from = 0, to = acceptLanguage.length();
        while (from < to && Character.isWhitespace(acceptLanguage.charAt(from))) from++;
        while (to > from && Character.isWhitespace(acceptLanguage.charAt(to - 1))) to--;
        char[] out = {'0', '0', '0', '0'};
        int n = 0;
        for (int i = from; i < to && n < 4; i++) {
            char c = acceptLanguage.charAt(i);
            if (c == '-') continue;
            if (c == ',' || c == ';') break;
            out[n++] = Character.toLowerCase(c);
        }
        return sb.append(out);
    }

    /** A version digit as a character; anything else (-1 for a malformed version) as its number. */
    private static void version(StringBuilder sb, int v) {
        if (v >= 0 && v <= 9) sb.append((char) ('0' + v)); else sb.append(v);
    }

    static String hash12(String s) {
        return hash12(new StringBuilder(12), s).toString();
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** Appends the first 12 hex digits of the SHA-256 of the Latin-1 bytes of {@code s}. */
    private static StringBuilder hash12(StringBuilder sb, String s) {
        byte[] d = ThreadDigests.sha256().digest(s.getBytes(StandardCharsets.ISO_8859_1));
        for (int i = 0; i < 6; i++) sb.append(HEX[(d[i] >> 4) & 0xf]).append(HEX[d[i] & 0xf]);
        return sb;
    }
}
