package io.sluice.protocol.smtp;

/**
 * The bare URLs of a text part: exactly what {@code https?://[^\s<>"')]+} (ASCII case-insensitive)
 * finds with {@code Matcher.find}, one after the other, without trying the pattern at every
 * character. The regex spent about a tenth of SMTP's time at every position of every text body;
 * this looks for "://" (String.indexOf, vectorised) and checks the few characters around it.
 */
final class BareUrls {
    private BareUrls() {}

    /** The start of the first URL that begins at or after {@code from}, or -1. */
    static int start(String s, int from) {
        for (int k = s.indexOf("://", from); k >= 0; k = s.indexOf("://", k + 1)) {
            if (k + 3 >= s.length() || !urlChar(s.charAt(k + 3))) continue; // the pattern needs one character after "://"
            if (k - 4 >= from && ascii(s, k - 4, "http")) return k - 4;
            if (k - 5 >= from && ascii(s, k - 5, "https")) return k - 5;
        }
        return -1;
    }

    /** Where the URL that starts at {@code start} ends (the pattern's greedy tail). */
    static int end(String s, int start) {
        int i = s.indexOf("://", start) + 3;
        while (i < s.length() && urlChar(s.charAt(i))) i++;
        return i;
    }

    /**
     * Whether the anchor pattern of an HTML part can match at all: it needs a closing "</a", in any
     * case, so a part without one is not searched with it.
     */
    static boolean mayHoldAnchor(String html) {
        for (int i = html.indexOf("</"); i >= 0; i = html.indexOf("</", i + 2)) {
            if (i + 2 < html.length() && (html.charAt(i + 2) | 0x20) == 'a') return true;
        }
        return false;
    }

    /** Not {@code \s} (Java's: space, tab, LF, VT, FF, CR) nor {@code < > " ' )}. */
    private static boolean urlChar(char c) {
        return switch (c) {
            case ' ', '\t', '\n', 0x0B, '\f', '\r', '<', '>', '"', '\'', ')' -> false;
            default -> true;
        };
    }

    /** Whether {@code s} has {@code lower} (lower-case letters) at {@code at}, ASCII case ignored as the pattern does. */
    private static boolean ascii(String s, int at, String lower) {
        for (int i = 0; i < lower.length(); i++) if ((s.charAt(at + i) | 0x20) != lower.charAt(i)) return false;
        return true;
    }
}
