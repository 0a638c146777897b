package io.sluice.protocol.smb;

import io.sluice.protocol.Dissector;
import io.sluice.protocol.ProtocolSignature;
import java.nio.ByteBuffer;

/**
 * Recognises SMB on any TCP port: a NetBIOS session message (type 0) whose payload begins with an
 * SMB protocol id (0xFF 'SMB' for SMB1, 0xFE 'SMB' for SMB2/3, 0xFD 'SMB' for an encrypted SMB3
 * message), or a NetBIOS session request (type 0x81) on port 139. Reads eight bytes.
 */
final class SmbSignature implements ProtocolSignature {

    @Override
    public String name() {
        return "smb";
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
        if (buf == null || offset < 0 || length < 4 || offset > buf.limit() - 4) return false;
        int type = buf.get(offset) & 0xff;
        if (type == 0x81 && fromOrig && respPort == 139) return true;
        if (type != 0 || length < 8 || offset > buf.limit() - 8) return false;
        int magic = buf.get(offset + 4) & 0xff;
        return (magic == 0xFF || magic == 0xFE || magic == 0xFD) && buf.get(offset + 5) == 'S'
                && buf.get(offset + 6) == 'M' && buf.get(offset + 7) == 'B';
    }

    @Override
    public Dissector create() {
        return new SmbDissector();
    }

    @Override
    public boolean standardPort(int port) {
        return port == 445 || port == 139;
    }
}
