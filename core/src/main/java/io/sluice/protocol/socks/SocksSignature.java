package io.sluice.protocol.socks;

import io.sluice.protocol.Dissector;
import io.sluice.protocol.ProtocolSignature;
import java.nio.ByteBuffer;

/**
 * Recognises a SOCKS client by its first message, as Zeek's dpd.sig does, but stricter off port
 * 1080: a SOCKS 4/4a request (version 4, CONNECT or BIND, a NUL-terminated printable user id and,
 * for 4a, host name) or a SOCKS 5 greeting (version 5, one to {@link #MAX_METHODS} known
 * authentication methods, at least one of them none, GSSAPI or user/password). A client must wait
 * for the proxy's answer before it sends more (RFC 1928 section 3 and 4), so off the standard port
 * the message must be the whole payload: binary protocols that merely start with 04 01 or 05 01 00
 * are not taken for SOCKS. Zeek also wants the proxy's answer before it enables its analyzer;
 * {@link SocksDissector} confirms only on a valid answer.
 */
final class SocksSignature implements ProtocolSignature {
    static final int PORT = 1080;
    static final int MAX_METHODS = 10;
    /** A user id or 4a host name longer than this is not taken for SOCKS (Zeek's regex allows 32). */
    static final int MAX_NAME = 255;

    @Override
    public String name() {
        return "socks";
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
        if (!fromOrig || buf == null || length < 3 || offset < 0 || offset > buf.limit() - length) return false;
        int used = switch (buf.get(offset)) {
            case 4 -> v4Request(buf, offset, length);
            case 5 -> v5Greeting(buf, offset, length);
            default -> -1;
        };
        return used > 0 && (used == length || respPort == PORT);
    }

    /** Bytes of a whole SOCKS 4/4a request at {@code o}, or -1. */
    static int v4Request(ByteBuffer b, int o, int length) {
        if (length < 9) return -1;
        int cmd = b.get(o + 1);
        if (cmd != 1 && cmd != 2) return -1;
        int user = printableUntilNul(b, o + 8, o + length);
        if (user < 0) return -1;
        int end = o + 8 + user + 1;
        if (isV4a(b, o)) {
            int host = printableUntilNul(b, end, o + length);
            if (host <= 0) return -1;
            end += host + 1;
        }
        return end - o;
    }

    /** SOCKS 4a: the address 0.0.0.x with x not zero says a host name follows the user id. */
    static boolean isV4a(ByteBuffer b, int o) {
        return b.get(o + 4) == 0 && b.get(o + 5) == 0 && b.get(o + 6) == 0 && b.get(o + 7) != 0;
    }

    /** Bytes of a whole SOCKS 5 greeting at {@code o}, or -1. */
    static int v5Greeting(ByteBuffer b, int o, int length) {
        int n = b.get(o + 1) & 0xff;
        if (n < 1 || n > MAX_METHODS || length < 2 + n) return -1;
        boolean common = false;
        for (int i = 0; i < n; i++) {
            int m = b.get(o + 2 + i) & 0xff;
            if (m == 4 || (m > 9 && m < 0x80) || m == 0xff) return -1; // unassigned, or "no acceptable" offered
            if (m <= 2) common = true;
        }
        return common ? 2 + n : -1;
    }

    /** Length of the printable run before a NUL at or after {@code from}, or -1. */
    private static int printableUntilNul(ByteBuffer b, int from, int end) {
        for (int i = from; i < end && i - from <= MAX_NAME; i++) {
            int c = b.get(i) & 0xff;
            if (c == 0) return i - from;
            if (c < 0x20 || c > 0x7e) return -1;
        }
        return -1;
    }

    @Override
    public Dissector create() {
        return new SocksDissector();
    }

    @Override
    public boolean standardPort(int port) {
        return port == PORT;
    }
}
