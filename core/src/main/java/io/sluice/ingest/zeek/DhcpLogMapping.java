package io.sluice.ingest.zeek;

import io.sluice.ingest.IngestContext;
import io.sluice.protocol.dhcp.DhcpTransaction;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code dhcp.log} (Zeek 2.6 and later) → {@link DhcpTransaction}. The lease time is whole seconds
 * in the event; {@code msg_orig} and {@code server_ids} are empty when the log lacks them (Zeek
 * logs msg_orig only with policy/protocols/dhcp/msg-orig.zeek).
 */
final class DhcpLogMapping implements ZeekLogMapping {

    @Override
    public String path() {
        return "dhcp";
    }

    @Override
    public List<String> signature() {
        return List.of("msg_types");
    }

    @Override
    public void map(ZeekRow r, IngestContext context, String exporter) {
        List<String> uids = r.strings("uids");
        if (uids == null) uids = r.has("uid") ? List.of(r.string("uid")) : List.of();
        Long lease = r.interval("lease_time");
        Long duration = r.interval("duration");
        context.emit(new DhcpTransaction(r.requiredTime("ts"), uids, r.string("client_addr"), r.string("server_addr"),
                r.string("mac"), r.wire("host_name"), r.wire("client_fqdn"), r.wire("domain"),
                r.string("requested_addr"), r.string("assigned_addr"),
                lease == null ? null : Math.round(lease / 1e9), r.wire("client_message"), r.wire("server_message"),
                orEmpty(r.strings("msg_types")), duration == null ? 0 : duration, r.wire("client_software"),
                r.wire("server_software"), orEmpty(r.strings("msg_orig")), orEmpty(r.strings("server_ids")),
                r.strings("routers"), r.strings("dns_servers"), paramList(r)));
    }

    private static List<String> orEmpty(List<String> v) {
        return v == null ? List.of() : v;
    }

    private static List<Integer> paramList(ZeekRow r) {
        List<String> v = r.strings("param_list");
        if (v == null) return null;
        var out = new ArrayList<Integer>(v.size());
        for (String s : v) {
            try {
                out.add(Integer.parseInt(s));
            } catch (NumberFormatException e) {
                throw new BadFieldException("field param_list: not a number: \"" + s + "\"");
            }
        }
        return out;
    }
}
