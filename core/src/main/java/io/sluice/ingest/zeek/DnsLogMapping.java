package io.sluice.ingest.zeek;

import io.sluice.event.ConnId;
import io.sluice.ingest.IngestContext;
import io.sluice.protocol.dns.DnsTransaction;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code dns.log} → {@link DnsTransaction}. TTLs are whole seconds in the event (Zeek logs them as
 * intervals with six zero decimals). {@code name_service} is the log's when it has one (a log
 * Sluice wrote), else derived from the ports as the DNS dissector does.
 */
final class DnsLogMapping implements ZeekLogMapping {

    @Override
    public String path() {
        return "dns";
    }

    @Override
    public List<String> signature() {
        return List.of("AA", "RD", "rejected");
    }

    @Override
    public void map(ZeekRow r, IngestContext context, String exporter) {
        ConnId id = r.connId();
        List<Long> ttlNanos = r.intervals("TTLs");
        List<Long> ttls = null;
        if (ttlNanos != null) {
            ttls = new ArrayList<>(ttlNanos.size());
            for (long n : ttlNanos) ttls.add(Math.round(n / 1e9));
        }
        String nameService = r.string("name_service");
        if (nameService == null) nameService = nameService(id);
        context.emit(new DnsTransaction(r.requiredTime("ts"), r.required("uid"), id, r.required("proto"),
                (int) r.count("trans_id", 0), r.interval("rtt"), r.wire("query"), r.integer("qclass"),
                r.string("qclass_name"), r.integer("qtype"), r.string("qtype_name"), r.integer("rcode"),
                r.string("rcode_name"), r.bool("AA", false), r.bool("TC", false), r.bool("RD", false),
                r.bool("RA", false), (int) r.count("Z", 0), r.wires("answers"), ttls, r.bool("rejected", false),
                r.integer("opcode"), r.string("opcode_name"), r.wire("original_query"), nameService,
                r.string("netbios_suffix"), r.string("netbios_name_type"), r.strings("netbios_answers")));
    }

    /** The name service by port, as Zeek registers its DNS analyzer (responder port first). */
    static String nameService(ConnId id) {
        String byResp = byPort(id.respP());
        if (byResp != null) return byResp;
        String byOrig = byPort(id.origP());
        return byOrig != null ? byOrig : "dns";
    }

    private static String byPort(int port) {
        return switch (port) {
            case 137 -> "nbns";
            case 5353 -> "mdns";
            case 5355 -> "llmnr";
            case 53 -> "dns";
            default -> null;
        };
    }
}
