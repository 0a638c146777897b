package io.sluice.protocol.vnc;

import io.sluice.protocol.Dissector;
import io.sluice.protocol.ProtocolSignature;
import java.nio.ByteBuffer;

/**
 * Recognises RFB by its 12-byte ProtocolVersion message, {@code "RFB xxx.yyy\n"} with decimal
 * digits, which the server sends first and the client echoes (RFC 6143 section 7.1.1). Either
 * direction matches, so a capture that missed the server's first segment still identifies.
 */
final class VncSignature implements ProtocolSignature {
    static final int BANNER = 12;

    @Override
    public String name() {
        return "vnc";
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
        return isBanner(buf, offset, length);
    }

    static boolean isBanner(ByteBuffer buf, int o, int length) {
        if (buf == null || o < 0 || length < BANNER || o > buf.limit() - BANNER) return false;
        if (buf.get(o) != 'R' || buf.get(o + 1) != 'F' || buf.get(o + 2) != 'B' || buf.get(o + 3) != ' ') return false;
        for (int i = 4; i < 11; i++) {
            byte b = buf.get(o + i);
            if (i == 7 ? b != '.' : b < '0' || b > '9') return false;
        }
        return buf.get(o + 11) == '\n';
    }

    @Override
    public Dissector create() {
        return new VncDissector();
    }

    @Override
    public boolean standardPort(int port) {
        return port >= 5900 && port <= 5906;
    }
}
