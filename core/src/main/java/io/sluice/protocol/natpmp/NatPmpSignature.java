package io.sluice.protocol.natpmp;

import io.sluice.protocol.Dissector;
import io.sluice.protocol.ProtocolSignature;
import java.nio.ByteBuffer;

/**
 * Recognises NAT-PMP and PCP on UDP port 5351 (either side), the only port they use; they have no
 * magic, so only a version (0 for NAT-PMP, 2 for PCP) with a known opcode of a length that opcode
 * needs counts. Allocation-free, never throws.
 */
final class NatPmpSignature implements ProtocolSignature {
    static final int PORT = 5351;

    @Override
    public String name() {
        return "natpmp";
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
        if (buf == null || offset < 0 || length < 2 || offset > buf.limit() - length) return false;
        if (origPort != PORT && respPort != PORT) return false;
        int version = buf.get(offset) & 0xff, op = buf.get(offset + 1) & 0xff;
        if (version == 0) {
            return switch (op) {
                case 0 -> length == 2;
                case 1, 2 -> length == 12;
                case 128 -> length == 12;
                case 129, 130 -> length == 16;
                default -> false;
            };
        }
        return version == 2 && (op & 0x7f) <= 2 && length >= 24 && length <= 1100 && length % 4 == 0;
    }

    @Override
    public Dissector create() {
        return new NatPmpDissector();
    }

    @Override
    public boolean standardPort(int port) {
        return port == PORT;
    }
}
