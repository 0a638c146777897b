package io.sluice.protocol.quic;

import io.sluice.protocol.Dissector;
import io.sluice.protocol.ProtocolSignature;
import java.nio.ByteBuffer;

/**
 * Recognises QUIC on any UDP port by a long-header packet that starts the connection: an Initial
 * packet of a version Zeek's analyzer handles (v1, v2, drafts 22-34, mvfst) with the fixed bit set,
 * connection ids of at most 20 bytes (RFC 9000 17.2) and a length that fits the datagram and
 * leaves room for header protection's sample; or a Version Negotiation packet (version 0) whose
 * version list is a non-empty multiple of 4 bytes. Reads the header only; allocation-free.
 */
final class QuicSignature implements ProtocolSignature {

    /** Zeek's {@code quic_ports}: HTTP/3 and DNS over QUIC. */
    private static final int[] PORTS = {443, 784, 853};

    @Override
    public String name() {
        return "quic";
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
        if (buf == null || offset < 0 || length < 7 || offset > buf.limit() - length) return false;
        int end = offset + length;
        int b0 = buf.get(offset) & 0xff;
        if ((b0 & 0x80) == 0) return false;
        int version = QuicDissector.u32(buf, offset + 1);
        int q = offset + 5;
        int dcidLen = buf.get(q++) & 0xff;
        q += dcidLen;
        if (q >= end) return false;
        int scidLen = buf.get(q++) & 0xff;
        q += scidLen;
        if (q > end) return false;
        if (version == QuicVersion.NEGOTIATION) {
            int versions = end - q;
            return versions > 0 && versions % 4 == 0;
        }
        if (!QuicVersion.handled(version) || (b0 & 0x40) == 0 || dcidLen > 20 || scidLen > 20) return false;
        if (QuicVersion.packetType(version, b0) != QuicVersion.INITIAL) return false;
        if (q >= end || q + Varint.size(buf.get(q)) > end) return false;
        long token = Varint.read(buf, q);
        q += Varint.size(buf.get(q));
        if (token > end - q) return false;
        q += (int) token;
        if (q >= end || q + Varint.size(buf.get(q)) > end) return false;
        long len = Varint.read(buf, q);
        q += Varint.size(buf.get(q));
        return len >= 20 && len <= end - q;
    }

    @Override
    public Dissector create() {
        return new QuicDissector();
    }

    @Override
    public boolean standardPort(int port) {
        for (int p : PORTS) if (p == port) return true;
        return false;
    }
}
