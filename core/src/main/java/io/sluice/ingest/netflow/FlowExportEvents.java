package io.sluice.ingest.netflow;

import io.sluice.event.ConnId;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.ConnectionCreation.Outcome;
import io.sluice.event.FlowRecord;
import io.sluice.flow.IcmpTypes;
import io.sluice.ingest.IngestContext;
import io.sluice.packet.IpAddress;
import io.sluice.packet.MacAddress;
import java.util.List;

/**
 * Turns decoded flow records into the events the packet path makes: a {@link FlowRecord} (a row of
 * Zeek's conn.log) and a {@link ConnectionCreation} per exported flow record. Options records and
 * records without both addresses (e.g. a wireless controller's per-client counters) make no events.
 *
 * <p>Mapping (what the export carries, nothing invented):
 * <ul>
 * <li>orig = the record's source, resp = its destination; a uniflow exporter's two directions of one
 *     connection stay two rows (exporters do not say which side opened it);
 * <li>{@code orig_ip_bytes}/{@code orig_pkts} = exported octets/packets (IP-layer, as NetFlow counts
 *     them), {@code resp_*} = RFC 5103 reverse or initiator/responder counters when present, else 0;
 *     {@code orig_bytes}/{@code resp_bytes} (payload) are unset: exports do not carry them;
 * <li>sampling: every counter is multiplied by the sampling rate (v5 header interval, options
 *     data samplingInterval / samplerRandomInterval / samplingPacketInterval+Space, or the record's
 *     own), i.e. the estimate of the unsampled traffic;
 * <li>{@code ts} = flow start (else end, else the export time); {@code duration} = end - start when
 *     both are known and they differ;
 * <li>{@code conn_state} and {@code history} are unset: exports do not keep TCP state; ICMP ports are
 *     type and Zeek's counterpart code, as the packet path logs them;
 * <li>{@code source} = "netflow-v5", "netflow-v9" or "ipfix"; {@code exporter} = "address:port/domain".
 * </ul>
 * Connection creation outcome: TCP records whose flags lack SYN are {@code midstream} (an active
 * timeout's continuation); with reverse counters, answered / established vs. not answered /
 * unanswered; otherwise {@code unknown}.
 */
public final class FlowExportEvents implements ExportListener {
    private final IngestContext context;
    private final boolean creations;
    private long flows;

    public FlowExportEvents(IngestContext context) {
        this(context, true);
    }

    /**
     * @param creations false to emit the FlowRecord only, for a collector told not to write
     *     connection_creation.log (the row would repeat the conn row; see docs/flow-exports.md)
     */
    public FlowExportEvents(IngestContext context, boolean creations) {
        this.context = context;
        this.creations = creations;
    }

    /** Flow records turned into events so far. */
    public long flows() {
        return flows;
    }

    @Override
    public void onRecord(ExportRecord r) {
        if (r.options || !r.hasSrc || !r.hasDst) return;
        flows++;
        String origH = IpAddress.format(r.srcHi, r.srcLo);
        String respH = IpAddress.format(r.dstHi, r.dstLo);
        int proto = Math.max(r.proto, 0);
        int origP = r.srcPort, respP = r.dstPort;
        boolean icmp = proto == 1 || proto == 58;
        if (icmp) {
            int type = r.icmpType >= 0 ? r.icmpType : r.dstPort >>> 8;
            int code = r.icmpCode >= 0 ? r.icmpCode : r.dstPort & 0xff;
            origP = type;
            respP = IcmpTypes.responderPort(proto == 58, type, code);
        }
        long rate = Math.max(1, r.samplingRate);
        long start = r.startMillis != Long.MIN_VALUE ? r.startMillis
                : r.endMillis != Long.MIN_VALUE ? r.endMillis : r.exportMillis;
        Long duration = r.startMillis != Long.MIN_VALUE && r.endMillis > r.startMillis
                ? (r.endMillis - r.startMillis) * 1_000_000L : null;
        String uid = context.newUid();
        String communityId = context.communityId(r.srcHi, r.srcLo, origP, r.dstHi, r.dstLo, respP, proto);
        String source = switch (r.version) {
            case 5 -> "netflow-v5";
            case 9 -> "netflow-v9";
            default -> "ipfix";
        };
        var id = new ConnId(origH, origP, respH, respP);
        String protoName = switch (proto) {
            case 6 -> "tcp";
            case 17 -> "udp";
            case 1, 58 -> "icmp";
            default -> "unknown_transport";
        };
        context.emit(new FlowRecord(start * 1_000_000L, uid, id, protoName, null, duration, null, null, null,
                null, null, 0, null, r.packets * rate, r.bytes * rate, r.revPackets * rate, r.revBytes * rate,
                List.of(), proto, r.vlan, -1, communityId, r.srcMac >= 0 ? MacAddress.format(r.srcMac) : null,
                r.dstMac >= 0 ? MacAddress.format(r.dstMac) : null, source, null, r.exporter, null));
        if (!creations) return;
        context.emit(new ConnectionCreation(start * 1_000_000L, uid, id, protoName, outcome(r, proto), false, false,
                r.vlan, communityId, source, r.exporter, null));
    }

    private static Outcome outcome(ExportRecord r, int proto) {
        if (proto == 6) {
            if (r.tcpFlags >= 0 && (r.tcpFlags & 0x02) == 0) return Outcome.MIDSTREAM;
            if (!r.hasReverse) return Outcome.UNKNOWN;
            if (r.revPackets == 0) return Outcome.UNANSWERED;
            if (r.revTcpFlags >= 0 && (r.revTcpFlags & 0x04) != 0 && (r.revTcpFlags & 0x02) == 0) {
                return Outcome.REJECTED;
            }
            return Outcome.ESTABLISHED;
        }
        if (!r.hasReverse) return Outcome.UNKNOWN;
        return r.revPackets > 0 ? Outcome.ANSWERED : Outcome.NOT_ANSWERED;
    }
}
