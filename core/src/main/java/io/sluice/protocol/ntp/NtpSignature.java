package io.sluice.protocol.ntp;

import io.sluice.protocol.Dissector;
import io.sluice.protocol.ProtocolSignature;
import java.nio.ByteBuffer;

/**
 * Recognises NTP. Its header has no magic, so content alone is weak: on port 123 (either side) any
 * version 1-4 message of a plausible length for its mode is NTP (48 bytes and more for modes
 * 1-5, 12 for mode 6 control, 8 for mode 7 private, the monlist mode); on other ports only a
 * standard 48-byte (or 48 plus a MAC) version 3 or 4 client/server message with a stratum of at
 * most 16 and a transmit timestamp set. Allocation-free, never throws.
 */
final class NtpSignature implements ProtocolSignature {

    @Override
    public String name() {
        return "ntp";
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
        if (buf == null || offset < 0 || length < 8 || offset > buf.limit() - length) return false;
        int first = buf.get(offset) & 0xff;
        int version = (first >> 3) & 7;
        int mode = first & 7;
        if (version < 1 || version > 4 || mode == 0) return false;
        // A QUIC long header (first byte 0b11xx_xxxx after header protection) reads as NTP version
        // 0 or 1; NTPv1 is extinct and always 48 bytes, so anything else is not NTP even on port 123.
        if (version == 1 && length != NtpParser.STANDARD) return false;
        if (standardPort(origPort) || standardPort(respPort)) {
            if (mode == 7) return true;
            if (mode == 6) return length >= 12;
            return length >= NtpParser.STANDARD;
        }
        if (version < 3 || (mode != 3 && mode != 4)) return false;
        if (length != 48 && length != 68 && length != 72) return false;
        int stratum = buf.get(offset + 1) & 0xff;
        return stratum <= 16 && buf.getLong(offset + 40) != 0;
    }

    @Override
    public Dissector create() {
        return new NtpDissector();
    }

    @Override
    public boolean standardPort(int port) {
        return port == 123;
    }
}
