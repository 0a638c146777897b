package io.sluice.protocol.dhcp;

import io.sluice.protocol.Dissector;
import io.sluice.protocol.ProtocolSignature;
import java.nio.ByteBuffer;

/**
 * Recognises DHCPv6 (service name "dhcpv6"; Zeek has no DHCPv6 analyzer, so Zeek's conn.log leaves
 * these connections without a service). Its header has no magic, so a port 546 or 547 is required
 * besides a known message type (1-13) and room for the transaction id. Allocation-free.
 */
final class Dhcp6Signature implements ProtocolSignature {

    @Override
    public String name() {
        return "dhcpv6";
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
        if (buf == null || offset < 0 || length < 4 || offset > buf.limit() - length) return false;
        if (!standardPort(origPort) && !standardPort(respPort)) return false;
        int type = buf.get(offset) & 0xff;
        return type >= 1 && type <= 13;
    }

    @Override
    public Dissector create() {
        return new Dhcp6Dissector();
    }

    @Override
    public boolean standardPort(int port) {
        return port == 546 || port == 547;
    }
}
