package io.sluice.protocol.smtp;

import io.sluice.protocol.Dissector;
import io.sluice.protocol.ProtocolSignature;
import java.nio.ByteBuffer;

/**
 * Recognises SMTP: the client's EHLO or HELO on any port, or the server's "220" greeting naming
 * SMTP or ESMTP (or any "220" greeting on 25 and 587, SMTP's ports). A bare "220" elsewhere stays
 * unidentified until the client's first command tells SMTP from FTP. Reads at most 128 bytes.
 */
final class SmtpSignature implements ProtocolSignature {

    @Override
    public String name() {
        return "smtp";
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
        if (buf == null || offset < 0 || length < 4 || offset > buf.limit() - length) return false;
        if (fromOrig) {
            int c0 = buf.get(offset) & 0xdf;
            if ((c0 != 'E' && c0 != 'H') || (buf.get(offset + 1) & 0xdf) != 'H' || (buf.get(offset + 2) & 0xdf) != 'L'
                    || (buf.get(offset + 3) & 0xdf) != 'O') {
                return false;
            }
            if (length == 4) return true;
            byte next = buf.get(offset + 4);
            return next == ' ' || next == '\r' || next == '\n';
        }
        if (length < 5 || buf.get(offset) != '2' || buf.get(offset + 1) != '2' || buf.get(offset + 2) != '0'
                || (buf.get(offset + 3) != ' ' && buf.get(offset + 3) != '-')) {
            return false;
        }
        if (standardPort(respPort)) return true;
        int n = Math.min(length, 128);
        for (int i = 4; i + 4 <= n; i++) {
            byte c = buf.get(offset + i);
            if (c == '\n') break;
            if ((c & 0xdf) == 'S' && (buf.get(offset + i + 1) & 0xdf) == 'M' && (buf.get(offset + i + 2) & 0xdf) == 'T'
                    && (buf.get(offset + i + 3) & 0xdf) == 'P') {
                return true;
            }
        }
        return false;
    }

    @Override
    public Dissector create() {
        return new SmtpDissector();
    }

    @Override
    public boolean standardPort(int port) {
        return port == 25 || port == 587;
    }
}
