package io.sluice.protocol.dns;

import java.nio.ByteBuffer;

/**
 * The 12-byte header of a DNS message, decoded into fields (one reusable instance per parser).
 * {@code z} is the three bits Zeek calls Z (RFC 1035's Z plus the later AD and CD bits), as Zeek
 * logs it.
 */
final class DnsHeader {
    static final int LENGTH = 12;

    int id;
    int flags;
    boolean qr;
    int opcode;
    boolean aa, tc, rd, ra;
    int z;
    int rcode;
    int qdcount, ancount, nscount, arcount;
    /** Length of the whole message, header included. */
    int messageLength;

    /** Decodes the header at {@code base}; the caller checked that 12 bytes are there. */
    void decode(ByteBuffer buf, int base, int messageLength) {
        this.messageLength = messageLength;
        id = u16(buf, base);
        flags = u16(buf, base + 2);
        qr = (flags & 0x8000) != 0;
        opcode = (flags >> 11) & 0xf;
        aa = (flags & 0x0400) != 0;
        tc = (flags & 0x0200) != 0;
        rd = (flags & 0x0100) != 0;
        ra = (flags & 0x0080) != 0;
        z = (flags >> 4) & 0x7;
        rcode = flags & 0xf;
        qdcount = u16(buf, base + 4);
        ancount = u16(buf, base + 6);
        nscount = u16(buf, base + 8);
        arcount = u16(buf, base + 10);
    }

    static int u16(ByteBuffer buf, int at) {
        return ((buf.get(at) & 0xff) << 8) | (buf.get(at + 1) & 0xff);
    }

    static long u32(ByteBuffer buf, int at) {
        return ((long) u16(buf, at) << 16) | u16(buf, at + 2);
    }
}
