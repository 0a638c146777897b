package io.sluice.protocol.ftp;

import io.sluice.protocol.Dissector;
import io.sluice.protocol.ProtocolSignature;
import java.nio.ByteBuffer;

/**
 * "ftp-data": never identified by content (a data connection carries any bytes), only attached to
 * connections an FTP control connection announced (the flow layer looks expected services up by
 * name).
 */
final class FtpDataSignature implements ProtocolSignature {

    @Override
    public String name() {
        return "ftp-data";
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
        return false;
    }

    @Override
    public Dissector create() {
        return new FtpDataDissector();
    }

    @Override
    public boolean standardPort(int port) {
        return port == 20;
    }
}
