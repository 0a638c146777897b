package io.sluice.protocol.rdp;

import io.sluice.protocol.ProtocolSignature;

/**
 * RDP over TCP (Zeek service name "rdp"): what the stream layer registers. Its dissector writes
 * rdp.log ({@link RdpSession}) and hands TLS/CredSSP sessions to the TLS dissector.
 */
public final class RdpProtocol {
    /** Content-based identification of the X.224 Connection Request; creates an {@code RdpDissector}. */
    public static final ProtocolSignature SIGNATURE = new RdpSignature();

    private RdpProtocol() {}
}
