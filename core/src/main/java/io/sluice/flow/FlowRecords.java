package io.sluice.flow;

import io.sluice.event.ConnId;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.FlowRecord;
import io.sluice.event.UnidentifiedPayload;
import java.util.ArrayList;
import java.util.List;

/** Builds the event records of a flow; runs once per connection, never per packet. */
final class FlowRecords {
    private static final int KNOWN = 1, ORIG_LOCAL = 2, RESP_LOCAL = 4, NO_NETWORKS = 8;

    private final FlowConfig config;
    private final int communityIdSeed;
    private final AddressTexts texts = new AddressTexts();

    FlowRecords(FlowConfig config) {
        this.config = config;
        this.communityIdSeed = config.communityIdSeed();
    }

    FlowRecord conn(Flow f) {
        long duration = f.lastNs - f.startNs;
        Long dur = null, ob = null, rb = null;
        if (duration > 0) {
            dur = duration;
            if (f.kind == Flow.TCP) {
                ob = f.tcpOrig.size();
                rb = f.tcpResp.size();
            } else {
                ob = Math.max(f.origLen, 0);
                rb = Math.max(f.respLen, 0);
            }
        }
        List<String> parents = List.of();
        if (f.parentCount > 0) {
            ArrayList<String> p = new ArrayList<>(f.parentCount);
            for (int i = 0; i < f.parentCount; i++) p.add(f.parents[i].uid());
            parents = p;
        }
        int local = local(f);
        Boolean lo = local == NO_NETWORKS ? null : (local & ORIG_LOCAL) != 0;
        Boolean lr = local == NO_NETWORKS ? null : (local & RESP_LOCAL) != 0;
        return new FlowRecord(
                f.startNs, f.uid(), id(f), f.proto(), f.service, dur, ob, rb, ConnState.of(f), lo, lr,
                f.missedBytes, f.history(), f.origPkts, f.origIpBytes, f.respPkts, f.respIpBytes, parents,
                f.ipProto, f.vlan, f.innerVlan, communityId(f), texts.mac(f.origMac), texts.mac(f.respMac), config.source(),
                f.serviceNonStandardPort, null, null, f.icmpEcho == null ? null : f.icmpEcho.summary(), payload(f),
                f.kind == Flow.TCP ? f.prints.snapshot() : isQuic(f) ? f.prints.quicSnapshot() : null);
    }

    /** JA4L is defined for TCP and for QUIC among the UDP protocols (JA4L.md). */
    private static boolean isQuic(Flow f) {
        return f.kind == Flow.UDP && f.service != null && f.service.contains("quic");
    }

    /** The measure of the first payload bytes, when the connection had one (unidentified, with payload). */
    private static UnidentifiedPayload payload(Flow f) {
        if (f.origSampled == 0 && f.respSampled == 0) return null;
        return new UnidentifiedPayload(f.origSampled, bits(f.origSampled, f.origSampleBits), f.origSampled > 0 ? f.origSampleHead : -1,
                f.respSampled, bits(f.respSampled, f.respSampleBits), f.respSampled > 0 ? f.respSampleHead : -1,
                f.origSampled > 0 ? f.origSampleText : null, f.respSampled > 0 ? f.respSampleText : null);
    }

    private static Double bits(int sampled, double bits) {
        return sampled == 0 || Double.isNaN(bits) ? null : bits;
    }

    ConnectionCreation creation(Flow f, ConnectionCreation.Outcome outcome) {
        int local = local(f);
        return new ConnectionCreation(f.startNs, f.uid(), id(f), f.proto(), outcome,
                (local & ORIG_LOCAL) != 0, (local & RESP_LOCAL) != 0, f.vlan, communityId(f), config.source());
    }

    /**
     * Which side is local, looked up once per connection (both of its records need it) and
     * kept in the flow until its roles flip.
     */
    private int local(Flow f) {
        if (f.localFlags == 0) {
            LocalNetworks nets = config.localNetworks();
            f.localFlags = nets.isEmpty() ? NO_NETWORKS
                    : KNOWN | (nets.contains(f.origHi, f.origLo) ? ORIG_LOCAL : 0)
                            | (nets.contains(f.respHi, f.respLo) ? RESP_LOCAL : 0);
        }
        return f.localFlags;
    }

    /**
     * The flow's Community ID, one deferred text shared by its creation and conn records (kept in
     * the flow until its roles flip); hashed where it is first read, off the packet thread.
     */
    FlowCommunityId communityId(Flow f) {
        if (f.communityIdCache == null) {
            f.communityIdCache = new FlowCommunityId(communityIdSeed, f);
        }
        return f.communityIdCache;
    }

    /** The flow's conn_id, its address texts from the table's cache. */
    ConnId id(Flow f) {
        if (f.idCache == null) {
            f.idCache = new ConnId(texts.ip(f.origHi, f.origLo), f.origPort, texts.ip(f.respHi, f.respLo), f.respPort);
        }
        return f.idCache;
    }
}
