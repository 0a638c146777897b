package io.sluice.protocol.tftp;

import io.sluice.protocol.Dissector;
import io.sluice.protocol.ProtocolSignature;
import java.nio.ByteBuffer;

/**
 * Recognises TFTP over UDP: a read or write request (opcode 1 or 2, a printable file name ending in
 * NUL, then a mode "netascii", "octet" or "mail" in any case), or, for the data flow the server
 * opens from a fresh port, DATA block 1 (at most 516 bytes) or ACK block 0 (4 bytes) from the
 * originator, between two different unprivileged ports. Reads at most the first 516 bytes.
 */
final class TftpSignature implements ProtocolSignature {

    @Override
    public String name() {
        return "tftp";
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
        if (buf == null || offset < 0 || length < 4 || offset > buf.limit() - length || buf.get(offset) != 0) return false;
        int op = buf.get(offset + 1);
        if (op == 1 || op == 2) return request(buf, offset + 2, offset + Math.min(length, 516));
        // A data flow is opened by the server, from a fresh port to the client's port: its first
        // datagram comes from the originator and the two ports differ. Protocols that talk from a
        // port to the same port (HSRP's advertisements 1985 -> 1985 begin 00 03 00 01, as DATA
        // block 1 does) are not taken for one.
        if (!fromOrig || origPort == respPort || origPort < 1024 || respPort < 1024 || length > 516) return false;
        if (op == 3) return buf.get(offset + 2) == 0 && buf.get(offset + 3) == 1;
        return op == 4 && length == 4 && buf.get(offset + 2) == 0 && buf.get(offset + 3) == 0;
    }

    private static boolean request(ByteBuffer b, int p, int end) {
        int i = p;
        while (i < end && b.get(i) != 0) {
            byte c = b.get(i);
            if (c < 0x20 || c > 0x7e) return false;
            i++;
        }
        if (i == p || i >= end) return false;
        int m = i + 1;
        int n = 0;
        while (m + n < end && b.get(m + n) != 0 && n < 9) n++;
        String[] modes = {"netascii", "octet", "mail"};
        for (String mode : modes) {
            if (n != mode.length()) continue;
            boolean eq = true;
            for (int k = 0; k < n; k++) if ((b.get(m + k) | 0x20) != mode.charAt(k)) eq = false;
            if (eq) return true;
        }
        return false;
    }

    @Override
    public Dissector create() {
        return new TftpDissector();
    }

    @Override
    public boolean standardPort(int port) {
        return port == 69;
    }
}
