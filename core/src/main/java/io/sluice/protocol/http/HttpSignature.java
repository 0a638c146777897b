package io.sluice.protocol.http;

import io.sluice.protocol.Dissector;
import io.sluice.protocol.ProtocolSignature;
import java.nio.ByteBuffer;

/**
 * Recognises HTTP/1.x on any TCP port by its first line: a request line (a method token, a
 * space, a request target, {@code HTTP/1.x} before the end of the line) or a status line
 * ({@code HTTP/1.x} and a three-digit code). A request line not yet complete in the first bytes
 * is accepted when it starts with a well-known method and an origin-form or absolute target, and
 * an HTTP/0.9 simple request ({@code GET /path} and the end of the line) is accepted too.
 * Reads at most {@link #SCAN} bytes, allocates nothing.
 */
final class HttpSignature implements ProtocolSignature {
    static final int SCAN = 4096;
    private static final String[] COMMON_METHODS = {"GET ", "POST ", "HEAD ", "PUT ", "DELETE ", "OPTIONS ",
        "CONNECT ", "PATCH ", "TRACE "};

    @Override
    public String name() {
        return "http";
    }

    @Override
    public boolean onTcp() {
        return true;
    }

    @Override
    public boolean onUdp() {
        return false;
    }

    @Override
    public boolean matches(boolean fromOrig, ByteBuffer buf, int offset, int length, int origPort, int respPort) {
        if (buf == null || offset < 0 || length <= 0 || offset > buf.limit() - Math.min(length, buf.limit())) {
            return false;
        }
        int end = offset + Math.min(Math.min(length, SCAN), buf.limit() - offset);
        return isStatusLine(buf, offset, end) || isRequestLine(buf, offset, end);
    }

    static boolean isStatusLine(ByteBuffer b, int i, int end) {
        if (end - i < 12 || !at(b, i, end, "HTTP/1.")) return false;
        int d = b.get(i + 7);
        return d >= '0' && d <= '9' && b.get(i + 8) == ' ' && digit(b.get(i + 9)) && digit(b.get(i + 10))
                && digit(b.get(i + 11));
    }

    static boolean isRequestLine(ByteBuffer b, int i, int end) {
        int m = i;
        while (m < end && m - i < 24 && token(b.get(m))) m++;
        if (m == i || m >= end || b.get(m) != ' ') return false;
        int t = m + 1;
        if (t >= end) return false;
        byte first = b.get(t);
        if (first == ' ' || first == '\r' || first == '\n') return false;
        for (int k = t; k + 7 <= end; k++) {
            byte c = b.get(k);
            if (c == '\n' || c == '\r') break;
            if (c == ' ' && k + 8 <= end && at(b, k + 1, end, "HTTP/1.")) return true;
        }
        // the line has not ended in these bytes: a common method and a plausible target will do
        boolean lineEnded = false;
        for (int k = t; k < end; k++) {
            byte c = b.get(k);
            if (c == '\n') {
                lineEnded = true;
                break;
            }
        }
        if (lineEnded) return at(b, i, end, "GET /") && http09(b, t, end); // HTTP/0.9: "GET /path"
        boolean common = false;
        for (String method : COMMON_METHODS) {
            if (at(b, i, end, method)) {
                common = true;
                break;
            }
        }
        return common && (first == '/' || first == '*' || (first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z'));
    }

    /** A simple request: the target's characters, then the end of the line. */
    private static boolean http09(ByteBuffer b, int t, int end) {
        for (int k = t; k < end; k++) {
            byte c = b.get(k);
            if (c == '\r' || c == '\n') return k > t;
            if (c <= ' ' || c >= 127) return false;
        }
        return false;
    }

    private static boolean at(ByteBuffer b, int i, int end, String s) {
        if (end - i < s.length()) return false;
        for (int k = 0; k < s.length(); k++) if (b.get(i + k) != s.charAt(k)) return false;
        return true;
    }

    private static boolean token(byte b) {
        int c = b & 0xff;
        return c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
    }

    private static boolean digit(byte b) {
        return b >= '0' && b <= '9';
    }

    @Override
    public Dissector create() {
        return new HttpDissector();
    }

    @Override
    public boolean standardPort(int port) {
        return port == 80 || port == 81 || port == 631 || port == 1080 || port == 3128 || port == 8000
                || port == 8080 || port == 8888;
    }
}
