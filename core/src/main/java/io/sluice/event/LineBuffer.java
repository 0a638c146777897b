package io.sluice.event;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A growable byte buffer that log writers fill with one row at a time and flush to their stream
 * in large writes. Appends ASCII, numbers and Zeek-style six-decimal times without creating
 * strings; {@link #appendUtf8} encodes text as UTF-8. Profiling the benchmark capture showed the
 * general-purpose JSON generator at twice the cost of this for our short, flat rows.
 */
final class LineBuffer {
    private static final int FLUSH_AT = 1 << 16;
    private static final byte[] DIGITS = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final long[] POW10 = {
        1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L,
        10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L, 10_000_000_000_000L, 100_000_000_000_000L,
        1_000_000_000_000_000L, 10_000_000_000_000_000L, 100_000_000_000_000_000L, 1_000_000_000_000_000_000L
    };

    /** The two digits of 0..99 at 2i and 2i + 1. */
    private static final byte[] PAIRS = new byte[200];

    static {
        for (int i = 0; i < 100; i++) {
            PAIRS[2 * i] = (byte) ('0' + i / 10);
            PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    /** Longest text copied through {@link #chars} before escaping; longer text goes char by char. */
    private static final int CHARS = 512;

    private final OutputStream out;
    private byte[] buf = new byte[FLUSH_AT * 2];
    private int len;
    /** Scratch for a string's characters: String.getChars copies them out in one intrinsic step. */
    private final char[] chars = new char[CHARS];
    /** The seconds of the last {@link #time} that wrote them, and their digits. */
    private long lastSeconds = -1;
    private final byte[] lastSecondsText = new byte[20];
    private int lastSecondsLength;

    LineBuffer(OutputStream out) {
        this.out = out;
    }

    private void ensure(int n) {
        if (len + n > buf.length) buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
    }

    LineBuffer append(char c) {
        ensure(1);
        buf[len++] = (byte) c;
        return this;
    }

    /** Appends text known to be ASCII (field names, fixed markers). */
    LineBuffer ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) buf[len++] = (byte) s.charAt(i);
        return this;
    }

    LineBuffer ascii(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
        return this;
    }

    /** Where the next byte goes: a mark for {@link #setAt} and {@link #capture}. */
    int position() {
        return len;
    }

    /** Overwrites a byte already written (the JSON writer turns a row's leading comma into its brace). */
    void setAt(int position, char c) {
        buf[position] = (byte) c;
    }

    /** The bytes written since {@code from}, for {@link #ascii(byte[])} to write again. */
    byte[] capture(int from) {
        return java.util.Arrays.copyOfRange(buf, from, len);
    }

    /**
     * Digits are produced right to left, two at a time from a table of digit pairs, by division by
     * the constant 100 (a multiplication once compiled); dividing by a power of ten looked up per
     * digit cost a hardware division per digit, and numbers are most of a conn row. The digit
     * count comes from the bit length, without a loop.
     */
    LineBuffer number(long v) {
        ensure(20);
        if (v < 0) {
            if (v == Long.MIN_VALUE) return ascii(Long.toString(v));
            buf[len++] = '-';
            v = -v;
        }
        int end = len + digits(v);
        digitsEndingAt(buf, end, v);
        len = end;
        return this;
    }

    /** Decimal digits of {@code v} (not negative). */
    private static int digits(long v) {
        int t = (64 - Long.numberOfLeadingZeros(v | 1)) * 1233 >>> 12; // about log10 from log2
        return v < POW10[t] ? Math.max(t, 1) : t + 1;
    }

    /** Writes {@code v} (not negative) in decimal so that its last digit is at {@code end - 1}. */
    private static void digitsEndingAt(byte[] b, int end, long v) {
        int p = end;
        while (v >= 100) {
            long q = v / 100;
            int r = (int) (v - q * 100) << 1;
            b[--p] = PAIRS[r + 1];
            b[--p] = PAIRS[r];
            v = q;
        }
        if (v >= 10) {
            b[p - 1] = PAIRS[((int) v << 1) + 1];
            b[p - 2] = PAIRS[(int) v << 1];
        } else {
            b[p - 1] = (byte) ('0' + v);
        }
    }

    /** Seconds with six decimals from nanoseconds, rounded half up to the microsecond. */
    LineBuffer decimal6(long nanos) {
        long micros = Math.floorDiv(nanos + 500, 1000);
        if (micros < 0) {
            append('-');
            micros = -micros;
        }
        long seconds = micros / 1_000_000;
        number(seconds);
        return fraction6((int) (micros - seconds * 1_000_000));
    }

    /**
     * A point in time as {@link #decimal6}. The seconds of the last one are kept as text: the
     * rows of a log are close in time, so most repeat the seconds of the row before.
     */
    LineBuffer time(long epochNanos) {
        long micros = Math.floorDiv(epochNanos + 500, 1000);
        if (micros < 0) return decimal6(epochNanos);
        long seconds = micros / 1_000_000;
        if (seconds == lastSeconds) {
            ensure(lastSecondsLength);
            System.arraycopy(lastSecondsText, 0, buf, len, lastSecondsLength);
            len += lastSecondsLength;
        } else {
            int from = len;
            number(seconds);
            lastSecondsLength = len - from;
            System.arraycopy(buf, from, lastSecondsText, 0, lastSecondsLength);
            lastSeconds = seconds;
        }
        return fraction6((int) (micros - seconds * 1_000_000));
    }

    /** A dot and six digits with leading zeros. */
    private LineBuffer fraction6(int micros) {
        ensure(7);
        byte[] b = buf;
        int p = len;
        int high = micros / 10_000;
        int rest = micros - high * 10_000;
        int mid = rest / 100;
        int low = (rest - mid * 100) << 1;
        b[p] = '.';
        b[p + 1] = PAIRS[high << 1];
        b[p + 2] = PAIRS[(high << 1) + 1];
        b[p + 3] = PAIRS[mid << 1];
        b[p + 4] = PAIRS[(mid << 1) + 1];
        b[p + 5] = PAIRS[low];
        b[p + 6] = PAIRS[low + 1];
        len = p + 7;
        return this;
    }

    /** A JSON string (RFC 8259) in quotes: see {@link #jsonText}. */
    void jsonString(String s) {
        ensure(1);
        buf[len++] = '"';
        jsonText(s);
        ensure(1);
        buf[len++] = '"';
    }

    /**
     * The text of a JSON string without its quotes: quotes, backslash and control characters
     * escaped, the rest as UTF-8. Room for the worst case is made once, so the loops write
     * without bounds checks of their own: this is the writer thread's innermost loop.
     */
    void jsonText(String s) {
        int n = s.length();
        ensure(n * 6);
        byte[] b = buf;
        int p = len;
        // Log values are almost always plain ASCII. String.getChars copies the characters out in
        // one intrinsic step; the loop over the plain array then costs a compare per character,
        // where charAt costs a coder check and an index check as well. Escaping is left to a
        // separate method, which keeps this one small.
        int i = 0;
        if (n <= CHARS) {
            char[] c = chars;
            s.getChars(0, n, c, 0);
            for (; i < n; i++) {
                char ch = c[i];
                if (ch < 0x20 || ch >= 0x80 || ch == '"' || ch == '\\') break;
                b[p + i] = (byte) ch;
            }
            p += i;
        }
        if (i < n) p = jsonEscaped(b, p, s, i);
        len = p;
    }

    private static int jsonEscaped(byte[] b, int p, String s, int from) {
        int n = s.length();
        for (int i = from; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x80) {
                if (c == '"' || c == '\\') b[p++] = '\\';
                b[p++] = (byte) c;
            } else if (c < 0x20) {
                p = jsonControl(b, p, c);
            } else {
                p = utf8(b, p, s, i);
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) i++;
            }
        }
        return p;
    }

    /**
     * A value as Zeek's ASCII writer escapes it: control bytes (and, in a set, the separator) as
     * {@code \xNN}, backslash doubled, the rest as UTF-8. The caller handles "" and "-".
     */
    void zeekString(String s, boolean setElement) {
        int n = s.length();
        ensure(n * 4);
        byte[] b = buf;
        int p = len;
        int i = 0;
        if (n <= CHARS) { // printable ASCII copied from a char array as in jsonText; a comma goes the slow way
            char[] c = chars;
            s.getChars(0, n, c, 0);
            for (; i < n; i++) {
                char ch = c[i];
                if (ch < 0x20 || ch >= 0x7f || ch == '\\' || ch == ',') break;
                b[p + i] = (byte) ch;
            }
            p += i;
        }
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f && !(setElement && c == ',')) {
                if (c == '\\') b[p++] = '\\';
                b[p++] = (byte) c;
            } else if (c < 0x80) {
                p = byteEscape(b, p, c);
            } else {
                p = utf8(b, p, s, i);
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) i++;
            }
        }
        len = p;
    }

    /** Whether every character is ASCII: such a wire string is written like any other. */
    static boolean isAscii(String s) {
        for (int i = 0, n = s.length(); i < n; i++) if (s.charAt(i) >= 0x80) return false;
        return true;
    }

    /**
     * A JSON string (in quotes) from a string whose characters are bytes off the wire (decoded as
     * ISO-8859-1 so that each byte survives), written as Zeek's JSON writer writes byte strings
     * ({@code util::escape_utf8}): byte sequences that are valid UTF-8 as they are, any other byte
     * as the text {@code \xNN} (so {@code "\\xNN"} in JSON), the rest as {@link #jsonText} does.
     * Without this a UTF-8 URI or SNI came out doubly encoded: "café" sent as UTF-8 was logged as
     * the four characters c, a, f, A-tilde and a copyright sign.
     */
    void jsonWireString(String s) {
        int n = s.length();
        ensure(n * 6 + 2);
        byte[] b = buf;
        int p = len;
        b[p++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c >= 0x20) {
                    if (c == '"' || c == '\\') b[p++] = '\\';
                    b[p++] = (byte) c;
                } else {
                    p = jsonControl(b, p, c);
                }
            } else if (c <= 0xff) {
                int k = utf8Bytes(s, i);
                if (k > 0) {
                    for (int j = 0; j < k; j++) b[p++] = (byte) s.charAt(i + j);
                    i += k - 1;
                } else {
                    b[p++] = '\\'; // JSON's escape of the backslash of Zeek's \xNN
                    p = byteEscape(b, p, c);
                }
            } else {
                p = utf8(b, p, s, i);
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) i++;
            }
        }
        b[p++] = '"';
        len = p;
    }

    /**
     * A string of wire bytes (as {@link #jsonWireString}) as Zeek's ASCII writer escapes it: valid
     * UTF-8 as it is, other bytes and control bytes (and, in a set, the separator) as {@code \xNN},
     * backslash doubled. The caller handles "" and "-".
     */
    void zeekWireString(String s, boolean setElement) {
        int n = s.length();
        ensure(n * 4);
        byte[] b = buf;
        int p = len;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f && !(setElement && c == ',')) {
                if (c == '\\') b[p++] = '\\';
                b[p++] = (byte) c;
                continue;
            }
            int k = c >= 0x80 && c <= 0xff ? utf8Bytes(s, i) : 0;
            if (k > 0) {
                for (int j = 0; j < k; j++) b[p++] = (byte) s.charAt(i + j);
                i += k - 1;
            } else if (c <= 0xff) {
                p = byteEscape(b, p, c);
            } else {
                p = utf8(b, p, s, i);
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) i++;
            }
        }
        len = p;
    }

    /**
     * How many characters from {@code s[i]}, read as bytes, make one well-formed UTF-8 sequence
     * (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF): 2 to 4, or 0.
     */
    static int utf8Bytes(String s, int i) {
        int b0 = s.charAt(i);
        int k;
        int lo = 0x80, hi = 0xbf; // allowed range of the second byte
        if (b0 >= 0xc2 && b0 <= 0xdf) {
            k = 2;
        } else if (b0 >= 0xe0 && b0 <= 0xef) {
            k = 3;
            if (b0 == 0xe0) lo = 0xa0;
            if (b0 == 0xed) hi = 0x9f;
        } else if (b0 >= 0xf0 && b0 <= 0xf4) {
            k = 4;
            if (b0 == 0xf0) lo = 0x90;
            if (b0 == 0xf4) hi = 0x8f;
        } else {
            return 0;
        }
        if (i + k > s.length()) return 0;
        for (int j = 1; j < k; j++) {
            char c = s.charAt(i + j);
            if (j == 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) return 0;
        }
        return k;
    }

    /** Zeek's escape of one byte, {@code \xNN} in lower-case hex, at {@code p}; returns the end. */
    private static int byteEscape(byte[] b, int p, char c) {
        b[p++] = '\\';
        b[p++] = 'x';
        b[p++] = DIGITS[(c >> 4) & 0xf];
        b[p++] = DIGITS[c & 0xf];
        return p;
    }

    private static int jsonControl(byte[] b, int p, char c) {
        b[p++] = '\\';
        switch (c) {
            case '\n' -> b[p++] = 'n';
            case '\r' -> b[p++] = 'r';
            case '\t' -> b[p++] = 't';
            default -> {
                b[p++] = 'u';
                b[p++] = '0';
                b[p++] = '0';
                b[p++] = DIGITS[(c >> 4) & 0xf];
                b[p++] = DIGITS[c & 0xf];
            }
        }
        return p;
    }

    /** Encodes the non-ASCII character at {@code s[i]} (a surrogate pair if it starts one) at {@code b[p]}. */
    private static int utf8(byte[] b, int p, String s, int i) {
        char c = s.charAt(i);
        if (c < 0x800) {
            b[p++] = (byte) (0xc0 | (c >> 6));
            b[p++] = (byte) (0x80 | (c & 0x3f));
            return p;
        }
        if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
            int cp = Character.toCodePoint(c, s.charAt(i + 1));
            b[p++] = (byte) (0xf0 | (cp >> 18));
            b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
            b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
            b[p++] = (byte) (0x80 | (cp & 0x3f));
            return p;
        }
        if (Character.isSurrogate(c)) c = '\ufffd'; // a lone surrogate cannot be encoded
        b[p++] = (byte) (0xe0 | (c >> 12));
        b[p++] = (byte) (0x80 | ((c >> 6) & 0x3f));
        b[p++] = (byte) (0x80 | (c & 0x3f));
        return p;
    }

    /** Ends a row: flushes to the stream once enough has gathered. */
    void endRow() throws IOException {
        if (len >= FLUSH_AT) flush();
    }

    void flush() throws IOException {
        out.write(buf, 0, len);
        len = 0;
    }

    /** Hands every byte gathered so far to the file, through the stream's own buffer too. */
    void flushThrough() throws IOException {
        flush();
        out.flush();
    }

    void close() throws IOException {
        flush();
        out.close();
    }
}
