package io.sluice.protocol.dhcp;

import io.sluice.protocol.ProtocolSignature;

/**
 * DHCP (BOOTP with the DHCP magic cookie) over UDP, Zeek service name "dhcp". The signature
 * recognises a message by content on any port; its dissector emits one {@link DhcpMessage} per
 * datagram, and {@link DhcpExchanges} (wrapped around the flow listener by the pipeline) joins the
 * messages of one transaction id across connections into Zeek's dhcp.log rows
 * ({@link DhcpTransaction}), as Zeek's {@code DHCP::aggregate_msgs} does. DHCPv6 (Zeek has no
 * analyzer for it) is recognised by {@link #SIGNATURE_V6} and logged the same way.
 */
public final class DhcpProtocol {
    private DhcpProtocol() {}

    public static final ProtocolSignature SIGNATURE = new DhcpSignature();

    /**
     * DHCPv6 on ports 546/547 (service "dhcpv6", not a Zeek service): its messages join dhcp.log
     * rows the same way, with RFC 8415's message type names (SOLICIT, ADVERTISE, REQUEST, REPLY, ...).
     */
    public static final ProtocolSignature SIGNATURE_V6 = new Dhcp6Signature();
}
