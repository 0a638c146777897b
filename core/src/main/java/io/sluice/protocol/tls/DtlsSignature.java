package io.sluice.protocol.tls;

import io.sluice.protocol.Dissector;
import io.sluice.protocol.ProtocolSignature;
import java.nio.ByteBuffer;

/**
 * Recognises DTLS 1.0/1.2 on any UDP port by its first datagram: a handshake record of epoch 0
 * holding a ClientHello from the originator, or a ServerHello or HelloVerifyRequest from the
 * responder (the datagram Zeek's dpd_dtls signatures look for).
 */
final class DtlsSignature implements ProtocolSignature {

    @Override
    public String name() {
        return "dtls";
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
        if (length < 25 || offset < 0 || offset + length > buf.limit()) return false;
        int version = ((buf.get(offset + 1) & 0xff) << 8) | (buf.get(offset + 2) & 0xff);
        boolean epoch0 = buf.get(offset + 3) == 0 && buf.get(offset + 4) == 0;
        if (buf.get(offset) != 22 || (version != 0xfeff && version != 0xfefd) || !epoch0) return false;
        int hsType = buf.get(offset + 13) & 0xff;
        return fromOrig ? hsType == ClientHello.TYPE : hsType == ServerHello.TYPE || hsType == 3;
    }

    @Override
    public Dissector create() {
        return new DtlsDissector();
    }

    @Override
    public boolean standardPort(int port) {
        return port == 443;
    }
}
