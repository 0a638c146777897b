package io.sluice.protocol.rdp;

import io.sluice.protocol.Dissector;
import io.sluice.protocol.ProtocolSignature;
import java.nio.ByteBuffer;

/**
 * Recognises RDP by its first client packet: a TPKT (version 3, reserved 0, length at least 11)
 * holding an X.224 Connection Request TPDU (code 0xE0) whose length indicator fits the TPKT. Reads
 * twelve bytes. Other protocols over TPKT/COTP (ISO-TSAP, S7comm) also send a Connection Request,
 * but with TPDU parameters where RDP has its cookie or negotiation request.
 */
final class RdpSignature implements ProtocolSignature {

    @Override
    public String name() {
        return "rdp";
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
        if (!fromOrig || buf == null || offset < 0 || length < 6 || offset > buf.limit() - 6) return false;
        if (buf.get(offset) != 0x03 || buf.get(offset + 1) != 0x00) return false;
        int len = ((buf.get(offset + 2) & 0xff) << 8) | (buf.get(offset + 3) & 0xff);
        int li = buf.get(offset + 4) & 0xff;
        if (len < 11 || li < 6 || li + 5 > len || (buf.get(offset + 5) & 0xf0) != 0xe0) return false;
        // RDP's request carries nothing, a "Cookie: " routing token, or an RDP_NEG_REQ (type 1) after the
        // fixed part; ISO-TSAP users such as S7comm carry TPDU parameters (0xC0..0xC2) there instead
        if (li == 6) return true;
        if (length < 12) return false;
        byte v = buf.get(offset + 11);
        return v == 'C' || v == 0x01;
    }

    @Override
    public Dissector create() {
        return new RdpDissector();
    }

    @Override
    public boolean standardPort(int port) {
        return port == 3389;
    }
}
