package io.sluice.protocol.dhcp;

import io.sluice.event.ConnId;
import io.sluice.event.ContentEvent;
import io.sluice.event.FieldSink;
import io.sluice.event.LogSchema;
import java.util.List;

/**
 * DS0029 Network Traffic Content: one DHCP message (a datagram), with the options analytics need
 * for rogue-server and spoofing detection (server identifier, routers, DNS servers). This is the
 * per-message view Zeek passes to its {@code dhcp_message} event; {@link DhcpExchanges} joins the
 * messages of one transaction id into dhcp.log rows ({@link DhcpTransaction}) and does not pass
 * these on. Written alone (log {@code dhcp_message}, a Sluice log) only where no aggregation is
 * wired. Unset fields are null; addresses are dotted quads.
 *
 * @param fromOrig sent by the connection's originator
 * @param xid transaction id
 * @param op BOOTP op: 1 request, 2 reply
 * @param messageType option 53 (0 when absent: plain BOOTP)
 * @param chaddr client hardware address (first six bytes of chaddr as a MAC, Zeek's format)
 * @param clientIdMac option 61's hardware address when its type is Ethernet (1)
 * @param clientId option 61 as hex (any type)
 * @param ciaddr client address the client claims (null for 0.0.0.0)
 * @param yiaddr "your" address, the one assigned (null for 0.0.0.0)
 * @param hostName option 12
 * @param clientFqdn option 81's domain name
 * @param domain option 15
 * @param requestedAddr option 50
 * @param leaseSeconds option 51
 * @param serverId option 54
 * @param routers option 3
 * @param dnsServers option 6
 * @param vendorClass option 60
 * @param paramList option 55, the option codes in the client's order
 * @param message option 56 (why a server NAKs or a client DECLINEs)
 * @param v6 a DHCPv6 message (RFC 8415), mapped onto these fields: {@code chaddr} the link-layer
 *     address of the client's DUID, {@code clientId} the DUID, {@code yiaddr} (server) or
 *     {@code requestedAddr} (client) the IA_NA address, {@code leaseSeconds} its valid lifetime,
 *     {@code dnsServers} option 23, {@code domain} the first of option 24, {@code clientFqdn}
 *     option 39, {@code vendorClass} option 16's first data, {@code paramList} the option request
 *     option, {@code message} the status code's message; {@code op} 1 for client messages, 2 for
 *     server messages
 */
public record DhcpMessage(
        long tsNanos,
        String uid,
        ConnId id,
        boolean fromOrig,
        long xid,
        int op,
        int messageType,
        String chaddr,
        String clientIdMac,
        String clientId,
        String ciaddr,
        String yiaddr,
        String hostName,
        String clientFqdn,
        String domain,
        String requestedAddr,
        Long leaseSeconds,
        String serverId,
        List<String> routers,
        List<String> dnsServers,
        String vendorClass,
        List<Integer> paramList,
        String message,
        boolean v6)
        implements ContentEvent {

    public DhcpMessage {
        routers = routers == null ? null : List.copyOf(routers);
        dnsServers = dnsServers == null ? null : List.copyOf(dnsServers);
        paramList = paramList == null ? null : List.copyOf(paramList);
    }

    /** Zeek's name of the message type ("DISCOVER", "ACK", ...). */
    public String messageTypeName() {
        return v6 ? DhcpNames.messageTypeV6(messageType) : DhcpNames.messageType(messageType);
    }

    public static final LogSchema SCHEMA = LogSchema.named("dhcp_message")
            .field("ts", "time")
            .field("uid", "string")
            .connId()
            .field("is_orig", "bool")
            .field("trans_id", "count")
            .field("msg_type", "string")
            .field("mac", "string")
            .field("client_id", "string")
            .field("ciaddr", "addr")
            .field("yiaddr", "addr")
            .field("host_name", "string")
            .field("client_fqdn", "string")
            .field("domain", "string")
            .field("requested_addr", "addr")
            .field("lease_time", "interval")
            .field("server_id", "addr")
            .field("routers", "vector[addr]")
            .field("dns_servers", "vector[addr]")
            .field("vendor_class", "string")
            .field("param_list", "vector[string]")
            .field("message", "string")
            .build();

    @Override
    public LogSchema schema() {
        return SCHEMA;
    }

    @Override
    public void write(FieldSink out) {
        out.time(tsNanos);
        out.string(uid);
        id.write(out);
        out.bool(fromOrig);
        out.count(xid);
        out.string(messageTypeName());
        out.stringOrUnset(clientIdMac != null ? clientIdMac : chaddr);
        out.stringOrUnset(clientId);
        out.stringOrUnset(ciaddr);
        out.stringOrUnset(yiaddr);
        out.stringOrUnset(hostName);
        out.stringOrUnset(clientFqdn);
        out.stringOrUnset(domain);
        out.stringOrUnset(requestedAddr);
        out.intervalOrUnset(leaseSeconds == null ? null : leaseSeconds * 1_000_000_000L);
        out.stringOrUnset(serverId);
        if (routers == null) out.unset(); else out.strings(routers);
        if (dnsServers == null) out.unset(); else out.strings(dnsServers);
        out.stringOrUnset(vendorClass);
        if (paramList == null) {
            out.unset();
        } else {
            var codes = new java.util.ArrayList<String>(paramList.size());
            for (int c : paramList) codes.add(Integer.toString(c));
            out.strings(codes);
        }
        out.stringOrUnset(message);
    }
}
