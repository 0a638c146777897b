package io.sluice.protocol.dns;

import io.sluice.event.ConnId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.function.Consumer;

/**
 * Pairs queries with responses into dns.log rows the way Zeek's
 * {@code base/protocols/dns/main.zeek} does (a {@link DnsMessageVisitor} over each message):
 *
 * <ul>
 *   <li>a query opens a row that waits for a response with the same transaction id (first in,
 *       first out per id); a response with no waiting query opens a row that waits for its query;
 *   <li>a row is emitted when both halves were seen; rows still waiting are emitted by
 *       {@link #flush} when the connection ends (unanswered queries, responses without query);
 *   <li>to a multicast responder (mDNS, LLMNR) every message is its own row;
 *   <li>only opcodes QUERY, NOTIFY and UPDATE open rows; others are ignored;
 *   <li>{@code rtt} is the time from the row's first message to the first answer record.
 * </ul>
 *
 * <p>Bounded like Zeek ({@code DNS::max_pending_query_ids} and {@code DNS::max_pending_msgs},
 * both 50): beyond them, waiting rows are emitted as unmatched instead of being kept.
 */
final class DnsTransactions implements DnsMessageVisitor {
    static final int MAX_PENDING_IDS = 50;
    static final int MAX_PENDING_MSGS = 50;

    private final String uid;
    private final String proto;
    private final boolean multicastResponder;
    private final boolean netbios;
    private final Consumer<DnsTransaction> out;
    private ConnId id;
    private long now;
    private boolean confirmed;

    /** Zeek's {@code c$dns}: the row the current message belongs to. */
    private DnsRow current;
    private DnsRow pendingQuery;
    private LinkedHashMap<Integer, ArrayDeque<DnsRow>> pendingQueries;
    private LinkedHashMap<Integer, ArrayDeque<DnsRow>> pendingReplies;

    DnsTransactions(String uid, ConnId id, String proto, boolean multicastResponder, boolean netbios,
            Consumer<DnsTransaction> out) {
        this.uid = uid;
        this.id = id;
        this.proto = proto;
        this.multicastResponder = multicastResponder;
        this.netbios = netbios;
        this.out = out;
    }

    /** Time of the packet whose message is parsed next. */
    void now(long tsNanos) {
        now = tsNanos;
    }

    /** The connection's roles were swapped (its first message was a response from the originator). */
    void flipped(ConnId flippedId) {
        id = flippedId;
    }

    ConnId id() {
        return id;
    }

    @Override
    public void onMessage(DnsHeader h) {
        if (!DnsCodes.tracked(h.opcode)) return;
        boolean isQuery = !h.qr;
        if (multicastResponder) {
            current = new DnsRow(now, h.id);
            current.sawQuery = true;
            current.sawReply = true;
        } else if (isQuery) {
            DnsRow waitingReply = poll(pendingReplies, h.id);
            if (waitingReply != null) {
                current = waitingReply;
            } else {
                current = new DnsRow(now, h.id);
                if (pendingQuery == null) {
                    pendingQuery = current;
                } else {
                    if (pendingQueries == null) pendingQueries = new LinkedHashMap<>();
                    enqueue(pendingQueries, h.id, current);
                }
            }
        } else if (pendingQuery != null && pendingQuery.transId == h.id) {
            current = pendingQuery;
            pendingQuery = null;
            // Refill the fast path with the next waiting query, preferring the same id (Zeek's order).
            if (pendingQueries != null && !pendingQueries.isEmpty()) {
                DnsRow next = poll(pendingQueries, h.id);
                if (next == null) next = poll(pendingQueries, pendingQueries.keySet().iterator().next());
                pendingQuery = next;
            }
        } else {
            DnsRow waitingQuery = poll(pendingQueries, h.id);
            if (waitingQuery != null) {
                current = waitingQuery;
            } else {
                current = new DnsRow(now, h.id);
                if (pendingReplies == null) pendingReplies = new LinkedHashMap<>();
                enqueue(pendingReplies, h.id, current);
            }
        }
        if (!isQuery) {
            current.rcode = h.rcode;
            if (h.rcode != 0 && h.qdcount == 0) current.rejected = true;
        }
        current.opcode = h.opcode;
        current.opcodeName = DnsCodes.opcodeName(h.opcode, netbios);
    }

    @Override
    public void onQuestion(DnsHeader h, DnsQuestion q) {
        if (h.qr) {
            // Zeek's dns_rejected: a response without any record; dns_query_reply sets nothing.
            if (h.ancount == 0 && h.nscount == 0 && h.arcount == 0 && current != null) current.rejected = true;
            return;
        }
        if (!DnsCodes.tracked(h.opcode) || current == null) return;
        DnsRow row = current;
        row.rd = h.rd;
        row.tc = h.tc;
        row.z = h.z;
        row.qclass = q.qclass;
        row.qtype = q.qtype;
        row.qtypeName = DnsCodes.typeName(q.qtype);
        String query = null;
        if (id.respP() == 137) {
            query = NetbiosName.decode(q.bytes(), q.length());
            int suffix = NetbiosName.nameType(q.bytes(), q.length());
            if (suffix < 256) row.netbiosSuffix = suffix;
            if (q.qtype == DnsCodes.TYPE_SRV) row.qtypeName = "NBSTAT";
        }
        if (query == null || query.isEmpty()) {
            query = q.name();
            row.originalQuery = q.hasUppercase() ? q.originalName() : null;
        } else {
            row.originalQuery = null;
        }
        row.query = query;
    }

    @Override
    public boolean rendersText(DnsHeader h, int section) {
        return section == DnsRecord.ANSWER && h.qr && h.opcode != DnsCodes.OPCODE_UPDATE && DnsCodes.tracked(h.opcode);
    }

    @Override
    public void onRecord(DnsHeader h, DnsRecord r) {
        // Zeek's DNS::do_reply for answer-section records of tracked responses. The records of a
        // dynamic update (Zeek's "pre:", "add:", "del:" answers) are not rendered, only counted
        // for query, AA, RA and rtt.
        if (netbios && r.type == DnsCodes.TYPE_NBS && r.section == DnsRecord.ANSWER && h.qr && current != null) {
            netbiosAnswer(r, current);
        }
        if (!r.reply() || r.section != DnsRecord.ANSWER || !h.qr || current == null || !DnsCodes.tracked(h.opcode)) {
            return;
        }
        DnsRow row = current;
        if (row.query == null) row.query = r.ownerName();
        row.aa = h.aa;
        row.ra = h.ra;
        if (row.rttNanos < 0) {
            long rtt = now - row.tsNanos;
            // Zero means only the reply was seen (Zeek leaves rtt unset then).
            if (rtt != 0) row.rttNanos = rtt;
        }
        String text = r.text();
        if (text != null && !text.isEmpty() && h.opcode != DnsCodes.OPCODE_UPDATE) {
            if (row.answers == null) {
                row.answers = new ArrayList<>(4);
                row.ttls = new ArrayList<>(4);
            }
            row.answers.add(text);
            row.ttls.add(r.ttl);
        }
    }

    /**
     * Sluice extra for NBNS (Zeek renders nothing for NB records): the name type of the answered
     * name and the addresses the answer hands out (RFC 1002 4.2.13: 2 flag bytes, 4 address bytes
     * per entry), the evidence of NBNS poisoning.
     */
    private static void netbiosAnswer(DnsRecord r, DnsRow row) {
        int suffix = r.ownerNetbiosType();
        if (suffix < 256 && row.netbiosSuffix < 0) row.netbiosSuffix = suffix;
        int at = r.base + r.rdataOffset;
        for (int i = 0; i + 6 <= r.rdataLength && i < 6 * 16; i += 6) {
            if (row.netbiosAnswers == null) row.netbiosAnswers = new ArrayList<>(2);
            row.netbiosAnswers.add(io.sluice.packet.IpAddress.formatV4(r.buffer.getInt(at + i + 2)));
        }
    }

    @Override
    public void onConfirmed(DnsHeader h) {
        confirmed = true;
    }

    /** Whether some message parsed through its answer section (the connection is DNS). */
    boolean confirmed() {
        return confirmed;
    }

    @Override
    public boolean wantsAuthorityAndAdditional(DnsHeader h) {
        return false; // Zeek's defaults: dns_skip_all_auth and dns_skip_all_addl
    }

    @Override
    public void onEnd(DnsHeader h) {
        // Zeek's dns_end does not look at the opcode: it completes whatever row is current.
        if (current == null) return;
        if (h.qr) current.sawReply = true; else current.sawQuery = true;
        if (current.sawQuery && current.sawReply) {
            emit(current);
            current = null;
        }
    }

    /** The connection ended: emits every row still waiting, queries first (Zeek's finalize_dns). */
    void flush() {
        if (pendingQuery != null) emit(pendingQuery);
        pendingQuery = null;
        emitAll(pendingQueries);
        emitAll(pendingReplies);
        current = null;
    }

    /** Rows waiting for their other half (for tests of the bounds). */
    int pending() {
        int n = pendingQuery == null ? 0 : 1;
        n += count(pendingQueries);
        n += count(pendingReplies);
        return n;
    }

    private static int count(LinkedHashMap<Integer, ArrayDeque<DnsRow>> table) {
        if (table == null) return 0;
        int n = 0;
        for (var q : table.values()) n += q.size();
        return n;
    }

    private void emit(DnsRow row) {
        out.accept(row.toEvent(uid, id, proto));
    }

    private void emitAll(LinkedHashMap<Integer, ArrayDeque<DnsRow>> table) {
        if (table == null) return;
        for (var q : table.values()) {
            for (DnsRow row : q) emit(row);
        }
        table.clear();
    }

    private void enqueue(LinkedHashMap<Integer, ArrayDeque<DnsRow>> table, int transId, DnsRow row) {
        ArrayDeque<DnsRow> q = table.get(transId);
        if (q == null) {
            // Zeek: too many ids waiting means they will never be matched; log them and start over.
            if (table.size() > MAX_PENDING_IDS) emitAll(table);
            q = new ArrayDeque<>(2);
            table.put(transId, q);
        } else if (q.size() > MAX_PENDING_MSGS) {
            for (DnsRow waiting : q) emit(waiting);
            q.clear();
        }
        q.add(row);
    }

    private static DnsRow poll(LinkedHashMap<Integer, ArrayDeque<DnsRow>> table, int transId) {
        if (table == null) return null;
        ArrayDeque<DnsRow> q = table.get(transId);
        if (q == null) return null;
        DnsRow row = q.poll();
        if (q.isEmpty()) table.remove(transId);
        return row;
    }
}
