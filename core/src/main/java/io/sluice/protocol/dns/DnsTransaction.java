package io.sluice.protocol.dns;

import io.sluice.event.ConnId;
import io.sluice.event.ContentEvent;
import io.sluice.event.FieldSink;
import io.sluice.event.LogSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * DS0029 Network Traffic Content: one DNS query and its response (or either alone), as a row of
 * Zeek's {@code dns.log} with Zeek's field names, order, types and meanings (Zeek 7's
 * {@code DNS::Info}, including {@code opcode} and {@code opcode_name}). Unset fields are null.
 *
 * <p>Zeek's quirks are kept on purpose, so rows compare equal with Zeek's: {@code query} is
 * lowercased; {@code qclass}, {@code qtype}, {@code RD}, {@code TC} and {@code Z} come from the
 * query only; {@code AA}, {@code RA} and {@code rtt} are set only by a response that has answer
 * records (so an NXDOMAIN without answers logs {@code AA=F RA=F} and no rtt); {@code answers}
 * holds only record types that Zeek's base scripts render (see {@code DnsRdata}).
 *
 * <p>Sluice extra, appended after Zeek's fields: {@code original_query}, the query name as sent
 * when it differs from the lowercased {@code query} (case is signal for 0x20 randomisation and for
 * case-carrying tunnels such as iodine); unset otherwise. Then, for the name services Zeek also
 * writes into dns.log (same ports as Zeek's DNS analyzer): {@code name_service}, which one the row
 * is ({@code dns}, {@code mdns} on 5353, {@code llmnr} on 5355, {@code nbns} on 137, by port as
 * Zeek assigns them); for NBNS {@code netbios_suffix}, the 16th byte of the queried or answered
 * name ("<20>") and {@code netbios_name_type} its usual meaning ({@code workstation},
 * {@code file_server}, {@code domain_controllers}, {@code domain_master_browser}, ...), and
 * {@code netbios_answers}, the addresses NB answer records hand out (Zeek renders none), so a
 * poisoner's answers are visible. Who answered is the row's responder: a multicast query and its
 * unicast answer are separate connections and rows, the answer's row with the querier as
 * originator.
 */
public record DnsTransaction(
        long tsNanos,
        String uid,
        ConnId id,
        String proto,
        int transId,
        Long rttNanos,
        String query,
        Integer qclass,
        String qclassName,
        Integer qtype,
        String qtypeName,
        Integer rcode,
        String rcodeName,
        boolean aa,
        boolean tc,
        boolean rd,
        boolean ra,
        int z,
        List<String> answers,
        List<Long> ttls,
        boolean rejected,
        Integer opcode,
        String opcodeName,
        String originalQuery,
        String nameService,
        String netbiosSuffix,
        String netbiosNameType,
        List<String> netbiosAnswers)
        implements ContentEvent {

    public DnsTransaction {
        answers = answers == null ? null : List.copyOf(answers);
        ttls = ttls == null ? null : List.copyOf(ttls);
        netbiosAnswers = netbiosAnswers == null ? null : List.copyOf(netbiosAnswers);
    }

    public static final LogSchema SCHEMA = LogSchema.named("dns")
            .field("ts", "time")
            .field("uid", "string")
            .connId()
            .field("proto", "enum")
            .field("trans_id", "count")
            .field("rtt", "interval")
            .field("query", "string")
            .field("qclass", "count")
            .field("qclass_name", "string")
            .field("qtype", "count")
            .field("qtype_name", "string")
            .field("rcode", "count")
            .field("rcode_name", "string")
            .field("AA", "bool")
            .field("TC", "bool")
            .field("RD", "bool")
            .field("RA", "bool")
            .field("Z", "count")
            .field("answers", "vector[string]")
            .field("TTLs", "vector[interval]")
            .field("rejected", "bool")
            .field("opcode", "count")
            .field("opcode_name", "string")
            .field("original_query", "string")
            .field("name_service", "string")
            .field("netbios_suffix", "string")
            .field("netbios_name_type", "string")
            .field("netbios_answers", "vector[addr]")
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
        out.string(proto);
        out.count(transId);
        out.intervalOrUnset(rttNanos);
        out.wireOrUnset(query); // names are bytes off the wire: UTF-8 as text, other bytes as \xNN
        countOrUnset(out, qclass);
        out.stringOrUnset(qclassName);
        countOrUnset(out, qtype);
        out.stringOrUnset(qtypeName);
        countOrUnset(out, rcode);
        out.stringOrUnset(rcodeName);
        out.bool(aa);
        out.bool(tc);
        out.bool(rd);
        out.bool(ra);
        out.count(z);
        if (answers == null) out.unset(); else out.wires(answers);
        if (ttls == null) {
            out.unset();
        } else {
            long[] nanos = new long[ttls.size()];
            for (int i = 0; i < nanos.length; i++) nanos[i] = ttls.get(i) * 1_000_000_000L;
            out.intervals(nanos);
        }
        out.bool(rejected);
        countOrUnset(out, opcode);
        out.stringOrUnset(opcodeName);
        out.wireOrUnset(originalQuery);
        out.stringOrUnset(nameService);
        out.stringOrUnset(netbiosSuffix);
        out.stringOrUnset(netbiosNameType);
        if (netbiosAnswers == null) out.unset(); else out.strings(netbiosAnswers);
    }

    private static void countOrUnset(FieldSink out, Integer value) {
        if (value == null) out.unset(); else out.count(value);
    }
}
