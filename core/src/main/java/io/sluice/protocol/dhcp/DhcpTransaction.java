package io.sluice.protocol.dhcp;

import io.sluice.event.ContentEvent;
import io.sluice.event.FieldSink;
import io.sluice.event.LogSchema;
import java.util.List;

/**
 * DS0029 Network Traffic Content: one DHCP exchange (the messages of one transaction id within a
 * short time, across the connections they travelled on) as a row of Zeek's {@code dhcp.log}, with
 * Zeek's field names, order, types and meanings ({@code DHCP::Info} of
 * scripts/base/protocols/dhcp/main.zeek). Unset fields are null.
 *
 * <p>Appended after Zeek's base fields: {@code client_software} and {@code server_software}
 * (option 60 from client and server, as Zeek's policy/protocols/dhcp/software.zeek names them),
 * {@code msg_orig} (the address that sent each message, as policy/protocols/dhcp/msg-orig.zeek),
 * and Sluice's own {@code server_ids} (every distinct server identifier, option 54, that answered:
 * two of them is a rogue server's sign), {@code routers} and {@code dns_servers} (options 3 and 6
 * of the last server message that had them: what a spoofing server hands out) and
 * {@code param_list} (option 55 of the last client message that had it, a client fingerprint).
 */
public record DhcpTransaction(
        long tsNanos,
        List<String> uids,
        String clientAddr,
        String serverAddr,
        String mac,
        String hostName,
        String clientFqdn,
        String domain,
        String requestedAddr,
        String assignedAddr,
        Long leaseSeconds,
        String clientMessage,
        String serverMessage,
        List<String> msgTypes,
        long durationNanos,
        String clientSoftware,
        String serverSoftware,
        List<String> msgOrig,
        List<String> serverIds,
        List<String> routers,
        List<String> dnsServers,
        List<Integer> paramList)
        implements ContentEvent {

    public DhcpTransaction {
        uids = List.copyOf(uids);
        msgTypes = List.copyOf(msgTypes);
        msgOrig = List.copyOf(msgOrig);
        serverIds = List.copyOf(serverIds);
        routers = routers == null ? null : List.copyOf(routers);
        dnsServers = dnsServers == null ? null : List.copyOf(dnsServers);
        paramList = paramList == null ? null : List.copyOf(paramList);
    }

    /** The first connection's uid (a dhcp row spans several connections; Zeek logs them all in {@code uids}). */
    @Override
    public String uid() {
        return uids.isEmpty() ? null : uids.get(0);
    }

    public static final LogSchema SCHEMA = LogSchema.named("dhcp")
            .field("ts", "time")
            .field("uids", "set[string]")
            .field("client_addr", "addr")
            .field("server_addr", "addr")
            .field("mac", "string")
            .field("host_name", "string")
            .field("client_fqdn", "string")
            .field("domain", "string")
            .field("requested_addr", "addr")
            .field("assigned_addr", "addr")
            .field("lease_time", "interval")
            .field("client_message", "string")
            .field("server_message", "string")
            .field("msg_types", "vector[string]")
            .field("duration", "interval")
            .field("client_software", "string")
            .field("server_software", "string")
            .field("msg_orig", "vector[addr]")
            .field("server_ids", "set[addr]")
            .field("routers", "vector[addr]")
            .field("dns_servers", "vector[addr]")
            .field("param_list", "vector[count]")
            .build();

    @Override
    public LogSchema schema() {
        return SCHEMA;
    }

    @Override
    public void write(FieldSink out) {
        out.time(tsNanos);
        out.strings(uids);
        out.stringOrUnset(clientAddr);
        out.stringOrUnset(serverAddr);
        out.stringOrUnset(mac);
        out.wireOrUnset(hostName);
        out.wireOrUnset(clientFqdn);
        out.wireOrUnset(domain);
        out.stringOrUnset(requestedAddr);
        out.stringOrUnset(assignedAddr);
        out.intervalOrUnset(leaseSeconds == null ? null : leaseSeconds * 1_000_000_000L);
        out.wireOrUnset(clientMessage);
        out.wireOrUnset(serverMessage);
        out.strings(msgTypes);
        out.interval(durationNanos);
        out.wireOrUnset(clientSoftware);
        out.wireOrUnset(serverSoftware);
        out.strings(msgOrig);
        if (serverIds.isEmpty()) out.unset(); else out.strings(serverIds);
        if (routers == null) out.unset(); else out.strings(routers);
        if (dnsServers == null) out.unset(); else out.strings(dnsServers);
        if (paramList == null) {
            out.unset();
        } else {
            var codes = new java.util.ArrayList<String>(paramList.size());
            for (int c : paramList) codes.add(Integer.toString(c));
            out.strings(codes);
        }
    }
}
