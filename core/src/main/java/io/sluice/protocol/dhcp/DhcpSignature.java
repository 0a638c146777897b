package io.sluice.protocol.dhcp;

import io.sluice.protocol.Dissector;
import io.sluice.protocol.ProtocolSignature;
import java.nio.ByteBuffer;

/**
 * Recognises DHCP by content: a BOOTP header (op 1 or 2, hardware address length at most 16) of
 * {@value DhcpMessageParser#FIXED} bytes followed by the magic cookie 99.130.83.99. Ports 67, 68
 * and 4011 (Zeek's) only break ties. Allocation-free, never throws.
 */
final class DhcpSignature implements ProtocolSignature {

    @Override
    public String name() {
        return "dhcp";
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
        if (buf == null || offset < 0 || length < DhcpMessageParser.FIXED + 4 || offset > buf.limit() - length) return false;
        int op = buf.get(offset) & 0xff;
        int hlen = buf.get(offset + 2) & 0xff;
        return (op == 1 || op == 2) && hlen <= 16 && buf.getInt(offset + DhcpMessageParser.FIXED) == DhcpMessageParser.MAGIC;
    }

    @Override
    public Dissector create() {
        return new DhcpDissector();
    }

    @Override
    public boolean standardPort(int port) {
        return port == 67 || port == 68 || port == 4011;
    }
}
