package io.sluice.ingest.netflow;

import io.sluice.event.ConnId;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.FlowRecord;
import io.sluice.flow.IcmpTypes;
import io.sluice.ingest.IngestContext;
import io.sluice.packet.IpAddress;
import io.sluice.packet.LinkType;
import io.sluice.packet.MacAddress;
import io.sluice.packet.Packet;
import io.sluice.packet.PacketDecoder;
import java.util.List;
import java.util.function.Consumer;

/**
 * Turns sFlow samples into events. Decision: one {@link FlowRecord} per flow sample (sFlow samples
 * packets, not flows; aggregating samples into connections would invent timeouts the agent never
 * had). The sampled header goes through Sluice's {@link PacketDecoder}, so VLANs, tunnels' outer
 * headers, IPv6 and ports come out as in the packet path. Counts are estimates of the unsampled
 * traffic: {@code orig_pkts} = sampling rate, {@code orig_ip_bytes} = IP length x rate,
 * {@code orig_bytes} = transport payload length x rate; resp_* are 0. {@code ts} is the datagram's
 * arrival (sFlow carries only the agent's uptime). conn_state, history, duration are unset.
 * A sampled TCP SYN without ACK also gives a {@link ConnectionCreation} (outcome unknown), the only
 * sampled packet that marks a connection's start. Counter samples give {@link InterfaceCounters}.
 * Non-IP samples (ARP, LLDP, ...) give nothing.
 */
public final class SflowEvents implements SflowListener {
    private final IngestContext context;
    private final Consumer<InterfaceCounters> counters;
    private final PacketDecoder decoder = new PacketDecoder();
    private final Packet packet = new Packet();
    private boolean haveHeader;
    private long flows;

    public SflowEvents(IngestContext context, Consumer<InterfaceCounters> counters) {
        this.context = context;
        this.counters = counters;
    }

    /** Flow samples turned into flow records so far. */
    public long flows() {
        return flows;
    }

    @Override
    public void onSample(SflowView v) {
        haveHeader = false;
    }

    @Override
    public void onRecord(SflowView v) {
        if (v.isFlowSample() && v.recordEnterprise == 0 && v.recordFormat == 1 && v.headerProtocol == 1
                && v.headerOffset >= 0 && v.headerSize > 0) {
            Packet p = packet;
            p.reset();
            p.buf = v.buffer;
            p.linkType = LinkType.ETHERNET;
            p.frameOffset = v.headerOffset;
            p.capLen = (int) v.headerSize;
            p.wireLen = (int) Math.max(v.headerSize, v.frameLength - v.stripped);
            p.tsNanos = v.receivedNanos;
            decoder.decode(p);
            haveHeader = p.ipVersion != 0 && p.l3Offset >= 0;
        }
    }

    @Override
    public void onSampleEnd(SflowView v) {
        if (v.isCounterSample()) {
            long[] g = v.generic;
            if (g[SflowView.IF_INDEX] < 0) return;
            counters.accept(new InterfaceCounters(v.receivedNanos, v.exporter, IpAddress.format(v.agentHi, v.agentLo),
                    v.sourceIndex, g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7], g[8], g[9], g[10], g[11], g[12],
                    g[13], g[14], g[15], g[16], g[17], g[18]));
            return;
        }
        if (!v.isFlowSample() || !haveHeader) return;
        Packet p = packet;
        flows++;
        long rate = Math.max(1, v.samplingRate);
        String origH = IpAddress.format(p.srcHi, p.srcLo);
        String respH = IpAddress.format(p.dstHi, p.dstLo);
        int proto = Math.max(p.ipProto, 0);
        int origP = p.srcPort, respP = p.dstPort;
        if (p.isIcmp() && p.icmpType >= 0) {
            origP = p.icmpType;
            respP = IcmpTypes.responderPort(proto == 58, p.icmpType, Math.max(p.icmpCode, 0));
        }
        String protoName = switch (proto) {
            case 6 -> "tcp";
            case 17 -> "udp";
            case 1, 58 -> "icmp";
            default -> "unknown_transport";
        };
        int vlan = p.vlan >= 0 ? p.vlan : v.srcVlan > 0 ? (int) v.srcVlan : -1;
        long ipBytes = p.ipLength > 0 ? p.ipLength : Math.max(0, v.frameLength - v.stripped - 14);
        Long payload = p.payloadOffset >= 0 ? (long) p.payloadLength * rate : null;
        String uid = context.newUid();
        String communityId = context.communityId(p.srcHi, p.srcLo, origP, p.dstHi, p.dstLo, respP, proto);
        var id = new ConnId(origH, origP, respH, respP);
        context.emit(new FlowRecord(v.receivedNanos, uid, id, protoName, null, null, payload, null, null, null,
                null, 0, null, rate, ipBytes * rate, 0, 0, List.of(), proto, vlan, p.innerVlan, communityId,
                p.srcMac >= 0 ? MacAddress.format(p.srcMac) : null, p.dstMac >= 0 ? MacAddress.format(p.dstMac) : null,
                "sflow", null, v.exporter, null));
        if (proto == 6 && (p.tcpFlags & Packet.SYN) != 0 && (p.tcpFlags & Packet.ACK) == 0) {
            context.emit(new ConnectionCreation(v.receivedNanos, uid, id, protoName,
                    ConnectionCreation.Outcome.UNKNOWN, false, false, vlan, communityId, "sflow", v.exporter, null));
        }
    }
}
