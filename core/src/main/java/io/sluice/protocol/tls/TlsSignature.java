package io.sluice.protocol.tls;

import io.sluice.protocol.Dissector;
import io.sluice.protocol.ProtocolSignature;
import java.nio.ByteBuffer;

/**
 * Recognises TLS by its first bytes on any TCP port: a handshake record (type 22, version
 * 0x0300..0x0304) starting a ClientHello or ServerHello, or an SSLv2-compatible ClientHello from
 * the originator (2-byte header with the top bit set, message type 1, version SSLv2..TLS 1.2).
 */
final class TlsSignature implements ProtocolSignature {

    /** Zeek's {@code SSL::ssl_ports}. */
    private static final int[] PORTS = {443, 563, 585, 614, 636, 989, 990, 992, 993, 995, 5223};

    @Override
    public String name() {
        return "ssl";
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
        if (length < 3 || offset < 0 || offset + length > buf.limit()) return false;
        int b0 = buf.get(offset) & 0xff, b1 = buf.get(offset + 1) & 0xff, b2 = buf.get(offset + 2) & 0xff;
        if (b0 == 22 && b1 == 3 && b2 <= 4) {
            if (length < 6) return true; // all we can see looks right
            int recordLen = ((buf.get(offset + 3) & 0xff) << 8) | (buf.get(offset + 4) & 0xff);
            int hsType = buf.get(offset + 5) & 0xff;
            // A hello may be split over records at any byte (RFC 8446 5.1), even inside its 4-byte
            // header: tools that fragment the ClientHello to slip the SNI past DPI send a first
            // record of one to three bytes, and that record must not hide the session.
            return recordLen >= 1 && (hsType == ClientHello.TYPE || hsType == ServerHello.TYPE);
        }
        if (fromOrig && (b0 & 0x80) != 0 && length >= 5 && b2 == ClientHello.TYPE) {
            int recordLen = ((b0 & 0x7f) << 8) | b1;
            int version = ((buf.get(offset + 3) & 0xff) << 8) | (buf.get(offset + 4) & 0xff);
            return recordLen >= 9 && (version == 0x0002 || (version >= 0x0300 && version <= 0x0303));
        }
        return false;
    }

    @Override
    public Dissector create() {
        return new TlsDissector();
    }

    @Override
    public boolean standardPort(int port) {
        for (int p : PORTS) if (p == port) return true;
        return false;
    }
}
