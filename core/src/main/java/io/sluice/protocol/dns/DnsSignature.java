package io.sluice.protocol.dns;

import io.sluice.protocol.Dissector;
import io.sluice.protocol.ProtocolSignature;
import java.nio.ByteBuffer;

/**
 * Recognises DNS by content: a sane header (known opcode, no error code in a query, at most
 * {@value DnsMessageParser#MAX_QUESTIONS} questions, record counts that fit in the message) and a
 * first question (or, for responses without one, first record) whose name is a plain sequence of
 * labels followed by a known class. Over TCP the message follows a two-byte length. Ports 53,
 * 5353, 5355 and 137 only break ties: they admit a TCP stream whose first segment is the length
 * prefix alone, and port 137 admits NetBIOS opcodes and long labels.
 *
 * <p>Allocation-free, bounded by the first question, never throws.
 */
final class DnsSignature implements ProtocolSignature {

    @Override
    public String name() {
        return "dns";
    }

    @Override
    public boolean onTcp() {
        return true;
    }

    @Override
    public boolean onUdp() {
        return true;
    }

    @Override
    public boolean matches(boolean fromOrig, ByteBuffer buf, int offset, int length, int origPort, int respPort) {
        if (buf == null || offset < 0 || length < 0 || offset > buf.limit() - length) return false;
        boolean netbios = origPort == 137 || respPort == 137;
        // The transport is not passed; a TCP stream starts with a length that matches what follows.
        if (looksLikeMessage(buf, offset, length, length, netbios)) return true;
        return looksLikeTcpStart(buf, offset, length, netbios, standardPort(origPort) || standardPort(respPort));
    }

    @Override
    public Dissector create() {
        return new DnsDissector();
    }

    @Override
    public boolean standardPort(int port) {
        return port == 53 || port == 5353 || port == 5355 || port == 137;
    }

    /** Whether {@code length} bytes start with a DNS-over-TCP length prefix and a plausible message. */
    static boolean looksLikeTcpStart(ByteBuffer buf, int offset, int length, boolean netbios, boolean standardPort) {
        if (length < 2) return false;
        int messageLength = DnsHeader.u16(buf, offset);
        if (messageLength < DnsHeader.LENGTH) return false;
        if (length < 2 + DnsHeader.LENGTH) return standardPort && length == 2;
        return looksLikeMessage(buf, offset + 2, length - 2, messageLength, netbios);
    }

    /**
     * Whether a DNS message of {@code messageLength} bytes plausibly starts at {@code offset}, of
     * which {@code available} bytes are at hand.
     */
    static boolean looksLikeMessage(ByteBuffer buf, int offset, int available, int messageLength, boolean netbios) {
        if (available < DnsHeader.LENGTH || messageLength < DnsHeader.LENGTH) return false;
        int flags = DnsHeader.u16(buf, offset + 2);
        boolean qr = (flags & 0x8000) != 0;
        int opcode = (flags >> 11) & 0xf;
        boolean tc = (flags & 0x0200) != 0;
        int rcode = flags & 0xf;
        if (!opcodeKnown(opcode, netbios)) return false;
        if (!qr && rcode != 0) return false;
        int qd = DnsHeader.u16(buf, offset + 4);
        int an = DnsHeader.u16(buf, offset + 6);
        int ns = DnsHeader.u16(buf, offset + 8);
        int ar = DnsHeader.u16(buf, offset + 10);
        if (qd > DnsMessageParser.MAX_QUESTIONS) return false;
        int records = an + ns + ar;
        if (qd + records == 0) return false;
        // Smallest question: root name + type + class; smallest record: root name + 10 bytes.
        long minimum = DnsHeader.LENGTH + 5L * qd + (tc ? 0 : 11L * records);
        if (minimum > messageLength) return false;
        if (qd == 0 && !(qr && an > 0)) return false;
        int end = offset + Math.min(available, messageLength);
        int after = DnsNameReader.skipPlainName(buf, offset + DnsHeader.LENGTH, end, netbios);
        if (after < 0) return false;
        if (end - after < 4) return true; // cut off by the capture or the segment: plausible so far
        int type = DnsHeader.u16(buf, after);
        int rclass = DnsHeader.u16(buf, after + 2) & 0x7fff; // mDNS: unicast-response / cache-flush bit
        if (type == 0) return false;
        if (qd == 0 && type == DnsCodes.TYPE_OPT) return true; // OPT carries the payload size as class
        return rclass == 1 || rclass == 3 || rclass == 4 || rclass == 254 || rclass == 255;
    }

    private static boolean opcodeKnown(int opcode, boolean netbios) {
        if (netbios) return opcode == 0 || (opcode >= 5 && opcode <= 8);
        return opcode == 0 || opcode == 1 || opcode == 2 || opcode == 4 || opcode == 5 || opcode == 6;
    }
}
