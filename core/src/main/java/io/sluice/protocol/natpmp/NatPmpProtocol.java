package io.sluice.protocol.natpmp;

import io.sluice.protocol.ProtocolSignature;

/** NAT-PMP (RFC 6886) and PCP (RFC 6887) over UDP 5351: a row of port_mapping.log per message. */
public final class NatPmpProtocol {
    private NatPmpProtocol() {}

    public static final ProtocolSignature SIGNATURE = new NatPmpSignature();
}
