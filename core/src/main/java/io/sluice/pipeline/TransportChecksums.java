package io.sluice.pipeline;

import io.sluice.flow.ChecksumVerifier;
import io.sluice.packet.Checksums;
import io.sluice.packet.Packet;

/**
 * Zeek's transport checksum rule on top of {@link Checksums}: a VXLAN packet to the VXLAN port
 * may carry a zero UDP checksum even over IPv6 (Zeek's UDP analyzer accepts it); everything else
 * must be valid unless it was not captured whole. A verdict worked out ahead on the decoding
 * thread ({@link Packet#transportChecksum}, {@link DecodeAhead}) is taken as it is.
 */
final class TransportChecksums implements ChecksumVerifier {
    static final int VXLAN_PORT = 4789;

    @Override
    public boolean valid(Packet p) {
        if (p.transportChecksum != 0) return p.transportChecksum == Packet.VALID;
        return compute(p);
    }

    static boolean compute(Packet p) {
        if (p.isUdp() && p.dstPort == VXLAN_PORT && p.buf != null && p.l4Offset + 8 <= p.buf.limit()
                && p.buf.getShort(p.l4Offset + 6) == 0) {
            return true;
        }
        return Checksums.transportValid(p);
    }
}
