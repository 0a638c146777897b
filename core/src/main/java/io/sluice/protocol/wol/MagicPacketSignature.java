package io.sluice.protocol.wol;

import io.sluice.protocol.Dissector;
import io.sluice.protocol.ProtocolSignature;
import java.nio.ByteBuffer;

/**
 * Wake-on-LAN over UDP, identified by the magic packet itself on any port: tools use 9 (discard),
 * 7 (echo) or 0, and a signalling backdoor whatever port it likes.
 */
public final class MagicPacketSignature implements ProtocolSignature {
    static final String NAME = "wol";

    /** The one instance {@code Protocols.standard()} registers. */
    public static final ProtocolSignature SIGNATURE = new MagicPacketSignature();

    private MagicPacketSignature() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean onTcp() {
        return false;
    }

    @Override
    public boolean onUdp() {
        return true;
    }

    @Override
    public boolean matches(boolean fromOrig, ByteBuffer buf, int offset, int length, int origPort, int respPort) {
        return MagicPackets.find(buf, offset, length) >= 0;
    }

    @Override
    public Dissector create() {
        return new MagicPacketDissector();
    }

    @Override
    public boolean standardPort(int port) {
        return port == 9 || port == 7 || port == 0;
    }
}
