package io.sluice.protocol.dns;

import io.sluice.event.ConnId;
import java.util.ArrayList;
import java.util.List;

/** A dns.log row being filled in (Zeek's {@code DNS::Info} while it waits for its other half). */
final class DnsRow {
    final long tsNanos;
    final int transId;
    long rttNanos = -1;
    String query;
    String originalQuery;
    int qclass = -1;
    int qtype = -1;
    String qtypeName;
    int rcode = -1;
    boolean aa, tc, rd, ra;
    int z;
    ArrayList<String> answers;
    ArrayList<Long> ttls;
    boolean rejected;
    int opcode = -1;
    String opcodeName;
    boolean sawQuery, sawReply;
    /** NetBIOS name type (16th byte of the name) of the question or answer, -1 when none. */
    int netbiosSuffix = -1;
    /** Addresses in NBNS NB answer records (who was told which address), null when none. */
    ArrayList<String> netbiosAnswers;

    DnsRow(long tsNanos, int transId) {
        this.tsNanos = tsNanos;
        this.transId = transId;
    }

    DnsTransaction toEvent(String uid, ConnId id, String proto) {
        return new DnsTransaction(tsNanos, uid, id, proto, transId,
                rttNanos >= 0 ? rttNanos : null,
                query,
                qclass >= 0 ? qclass : null,
                qclass >= 0 ? DnsCodes.className(qclass) : null,
                qtype >= 0 ? qtype : null,
                qtypeName,
                rcode >= 0 ? rcode : null,
                rcode >= 0 ? DnsCodes.rcodeName(rcode) : null,
                aa, tc, rd, ra, z,
                answers == null ? null : List.copyOf(answers),
                ttls == null ? null : List.copyOf(ttls),
                rejected,
                opcode >= 0 ? opcode : null,
                opcodeName,
                originalQuery,
                NameService.of(id),
                netbiosSuffix >= 0 ? NetbiosName.suffixText(netbiosSuffix) : null,
                netbiosSuffix >= 0 ? NetbiosName.typeName(netbiosSuffix) : null,
                netbiosAnswers == null ? null : List.copyOf(netbiosAnswers));
    }
}
