package io.sluice.protocol.ssh;

import io.sluice.protocol.Dissector;
import io.sluice.protocol.ProtocolSignature;
import java.nio.ByteBuffer;

/**
 * Recognises SSH on any TCP port by its identification line, as Zeek's dpd.sig does:
 * {@code SSH-} (any case) then a protocol version {@code 1.} or {@code 2.}. Reads six bytes.
 */
final class SshSignature implements ProtocolSignature {

    @Override
    public String name() {
        return "ssh";
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
        if (buf == null || offset < 0 || length < 6 || offset > buf.limit() - 6) return false;
        return (buf.get(offset) | 0x20) == 's' && (buf.get(offset + 1) | 0x20) == 's'
                && (buf.get(offset + 2) | 0x20) == 'h' && buf.get(offset + 3) == '-'
                && (buf.get(offset + 4) == '1' || buf.get(offset + 4) == '2') && buf.get(offset + 5) == '.';
    }

    @Override
    public Dissector create() {
        return new SshDissector();
    }

    @Override
    public boolean standardPort(int port) {
        return port == 22;
    }
}
