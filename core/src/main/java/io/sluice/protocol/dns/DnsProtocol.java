package io.sluice.protocol.dns;

import io.sluice.protocol.ProtocolSignature;

/**
 * DNS over UDP and TCP (Zeek service name "dns"): what the stream layer registers. The signature
 * recognises DNS by content on any port; its dissector writes dns.log rows ({@link DnsTransaction}).
 *
 * <p>For issue 4 (NBNS, LLMNR, mDNS): the message parser is reusable through a visitor
 * ({@code DnsMessageParser} with a {@code DnsMessageVisitor}); NetBIOS names decode with
 * {@code NetbiosName}. Zeek logs those protocols in dns.log too (ports 137, 5355, 5353), which
 * this dissector already does, with NetBIOS query names decoded on port 137.
 */
public final class DnsProtocol {
    private DnsProtocol() {}

    public static final ProtocolSignature SIGNATURE = new DnsSignature();
}
