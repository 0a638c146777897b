package io.sluice.flow;

import io.sluice.packet.Packet;

/**
 * Decides whether a packet's transport checksum is good, with Zeek's exceptions (checksum only
 * checked when the whole segment was captured; UDP over IPv4 with checksum 0 is fine; VXLAN on
 * its port may carry 0). Supplied by the pipeline, which owns the decoder's checksum code.
 */
@FunctionalInterface
public interface ChecksumVerifier {
    boolean valid(Packet packet);
}
