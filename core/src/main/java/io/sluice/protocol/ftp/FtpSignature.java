package io.sluice.protocol.ftp;

import io.sluice.protocol.Dissector;
import io.sluice.protocol.ProtocolSignature;
import java.nio.ByteBuffer;

/**
 * Recognises an FTP control channel: the server's "220" greeting naming FTP (or on port 21/2811,
 * where a plain "220 " greeting is taken as FTP), or the client's USER or PASS command (any command word on port 21). A greeting
 * without "FTP" on another port stays unidentified until the client's first command decides
 * between FTP and SMTP, which greet alike. Reads at most 128 bytes.
 */
final class FtpSignature implements ProtocolSignature {

    @Override
    public String name() {
        return "ftp";
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
        if (buf == null || offset < 0 || length < 5 || offset > buf.limit() - length) return false;
        if (fromOrig) {
            if (startsWithWord(buf, offset, length, "USER ") || startsWithWord(buf, offset, length, "PASS ")) return true;
            // on FTP's port any command word will do (Suricata's ftp-quit: a lone QUIT, which SMTP also has)
            return standardPort(respPort) && commandWord(buf, offset, length);
        }
        if (buf.get(offset) != '2' || buf.get(offset + 1) != '2' || buf.get(offset + 2) != '0'
                || (buf.get(offset + 3) != ' ' && buf.get(offset + 3) != '-')) {
            return false;
        }
        if (standardPort(respPort)) return true;
        int n = Math.min(length, 128);
        for (int i = 4; i + 3 <= n; i++) {
            byte c = buf.get(offset + i);
            if (c == '\n') break;
            if ((c | 0x20) == 'f' && (buf.get(offset + i + 1) | 0x20) == 't' && (buf.get(offset + i + 2) | 0x20) == 'p') return true;
        }
        return false;
    }

    /** Three or four letters, then a space or the end of the line. */
    private static boolean commandWord(ByteBuffer buf, int off, int len) {
        int i = 0;
        while (i < 4 && i < len && Character.isLetter(buf.get(off + i))) i++;
        if (i < 3 || i >= len) return false;
        byte next = buf.get(off + i);
        return next == ' ' || next == '\r' || next == '\n';
    }

    private static boolean startsWithWord(ByteBuffer buf, int off, int len, String w) {
        if (len < w.length()) return false;
        for (int i = 0; i < w.length(); i++) {
            byte c = buf.get(off + i);
            char want = w.charAt(i);
            if (want == ' ' ? c != ' ' : (c & 0xdf) != want) return false;
        }
        return true;
    }

    @Override
    public Dissector create() {
        return new FtpDissector();
    }

    @Override
    public boolean standardPort(int port) {
        return port == 21 || port == 2811;
    }
}
