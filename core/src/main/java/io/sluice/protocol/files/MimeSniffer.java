package io.sluice.protocol.files;

/**
 * Guesses a body's MIME type from its first bytes, the way Zeek's file-magic signatures do
 * (base/frameworks/files/magic), for the common types: a small table of magic numbers, then the
 * markup and JSON shapes, then plain text. The names are Zeek's ({@code text/json},
 * {@code application/x-dosexec}, ...), so logs compare with Zeek's {@code *_mime_types}.
 */
public final class MimeSniffer {
    /** Bytes of a body kept for sniffing; enough for every rule below. */
    public static final int SNIFF_BYTES = 1024;

    private MimeSniffer() {}

    /** The MIME type of a body starting with {@code b[0..len)}, or null if none matches. */
    public static String sniff(byte[] b, int len) {
        if (len <= 0) return null;
        for (int m = 0; m < MAGIC.length; m++) if (startsWith(b, len, MAGIC[m])) return MAGIC_TYPES[m];
        int i = skipBomAndSpace(b, len);
        if (i < len && b[i] == '<') {
            if (startsWithIgnoreCase(b, len, i, "<?xml")) {
                // XHTML: an XML declaration followed by an html element or doctype (Zeek's file-xhtml)
                return containsIgnoreCase(b, len, i, "<html") || containsIgnoreCase(b, len, i, "<!doctype html")
                        ? "text/html" : "application/xml";
            }
            for (String tag : HTML_TAGS) {
                if (startsWithIgnoreCase(b, len, i, tag)) return "text/html";
            }
        }
        if (i < len && (b[i] == '{' || b[i] == '[') && looksLikeJson(b, len, i)) return "text/json";
        return isText(b, len) ? "text/plain" : null;
    }

    /**
     * Magic numbers in the order they are tried, and their types: constants, as a varargs call
     * would allocate its array on every body.
     */
    private static final int[][] MAGIC = {
        {0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a}, {0xff, 0xd8, 0xff},
        {'G', 'I', 'F', '8', '7', 'a'}, {'G', 'I', 'F', '8', '9', 'a'}, {'%', 'P', 'D', 'F', '-'},
        {'P', 'K', 3, 4}, {0x1f, 0x8b}, {0x7f, 'E', 'L', 'F'}, {'M', 'Z'}
    };
    private static final String[] MAGIC_TYPES = {
        "image/png", "image/jpeg", "image/gif", "image/gif", "application/pdf", "application/zip",
        "application/x-gzip", "application/x-executable", "application/x-dosexec"
    };
    private static final int[] UTF8_BOM = {0xef, 0xbb, 0xbf};

    private static final String[] HTML_TAGS = {
        "<html", "<!doctype html", "<head", "<title", "<body", "<script", "<iframe", "<meta"
    };

    private static boolean looksLikeJson(byte[] b, int len, int i) {
        boolean object = b[i] == '{';
        int j = i + 1;
        while (j < len && isSpace(b[j])) j++;
        if (j >= len) return false;
        byte c = b[j];
        if (object) return c == '"' || c == '}';
        return c == '"' || c == '{' || c == '[' || c == ']' || c == '-' || (c >= '0' && c <= '9')
                || c == 't' || c == 'f' || c == 'n';
    }

    /** Printable ASCII, whitespace and bytes of UTF-8 sequences only: no control bytes. */
    private static boolean isText(byte[] b, int len) {
        for (int i = 0; i < len; i++) {
            int c = b[i] & 0xff;
            if (c >= 0x20 && c != 0x7f) continue;
            if (c == '\t' || c == '\n' || c == '\r' || c == '\f') continue;
            return false;
        }
        return true;
    }

    private static int skipBomAndSpace(byte[] b, int len) {
        int i = 0;
        if (startsWith(b, len, UTF8_BOM)) i = 3;
        while (i < len && isSpace(b[i])) i++;
        return i;
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean startsWith(byte[] b, int len, int[] magic) {
        if (len < magic.length) return false;
        for (int i = 0; i < magic.length; i++) {
            if ((b[i] & 0xff) != magic[i]) return false;
        }
        return true;
    }

    private static boolean containsIgnoreCase(byte[] b, int len, int from, String lower) {
        for (int i = from; i + lower.length() <= len; i++) {
            if (startsWithIgnoreCase(b, len, i, lower)) return true;
        }
        return false;
    }

    private static boolean startsWithIgnoreCase(byte[] b, int len, int at, String lower) {
        if (len - at < lower.length()) return false;
        for (int i = 0; i < lower.length(); i++) {
            int c = b[at + i] & 0xff;
            if (c >= 'A' && c <= 'Z') c += 32;
            if (c != lower.charAt(i)) return false;
        }
        return true;
    }
}
