package io.sluice.protocol.telnet;

import io.sluice.protocol.Dissector;
import io.sluice.protocol.ProtocolSignature;
import java.nio.ByteBuffer;

/**
 * Recognises telnet by the option negotiation both ends open with: IAC (0xFF) followed by WILL,
 * WONT, DO or DONT (0xFB..0xFE) and an option code, at the very start of either direction. A lone
 * three-byte command is too weak on arbitrary ports (binary protocols start with 0xFF too), so off
 * port 23 two such commands in a row are required.
 */
final class TelnetSignature implements ProtocolSignature {

    @Override
    public String name() {
        return "telnet";
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
        if (!isNegotiation(buf, offset, length)) return false;
        return standardPort(respPort) || standardPort(origPort) || isNegotiation(buf, offset + 3, length - 3);
    }

    static boolean isNegotiation(ByteBuffer buf, int o, int length) {
        if (buf == null || o < 0 || length < 3 || o > buf.limit() - 3) return false;
        int verb = buf.get(o + 1) & 0xff;
        return (buf.get(o) & 0xff) == 0xff && verb >= 0xfb && verb <= 0xfe;
    }

    @Override
    public Dissector create() {
        return new TelnetDissector();
    }

    @Override
    public boolean standardPort(int port) {
        return port == 23;
    }
}
