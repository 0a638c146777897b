package io.sluice.protocol.dhcp;

import io.sluice.protocol.ProtocolSignature;

/**
 * DHCP (BOOTP with the DHCP magic cookie) over UDP, Zeek service name "dhcp". The signature
 * recognises a message by content on any port; its dissector emits one {@link DhcpMessage} per
 * datagram, and {@link DhcpExchanges} (wrapped around the flow listener by the pipeline) joins the
 * messages of one transaction id across connections into Zeek's dhcp.log rows
 * ({@link DhcpTransaction}), as Zeek's {@code DHCP::aggregate_msgs} does.
 */
public final class DhcpProtocol {
    private DhcpProtocol() {}

    public static final ProtocolSignature SIGNATURE = new DhcpSignature();
}
