package io.sluice.flow;

import io.sluice.event.ConnectionCreation;
import io.sluice.event.FlowRecord;
import io.sluice.packet.MacAddress;
import java.util.ArrayList;
import java.util.List;

/** Builds the event records of a flow; runs once per connection, never per packet. */
final class FlowRecords {
    private final FlowConfig config;
    private final CommunityId communityId;

    FlowRecords(FlowConfig config) {
        this.config = config;
        this.communityId = new CommunityId(config.communityIdSeed());
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
        LocalNetworks nets = config.localNetworks();
        Boolean lo = nets.isEmpty() ? null : nets.contains(f.origHi, f.origLo);
        Boolean lr = nets.isEmpty() ? null : nets.contains(f.respHi, f.respLo);
        return new FlowRecord(
                f.startNs, f.uid(), f.id(), f.proto(), f.service, dur, ob, rb, ConnState.of(f), lo, lr,
                f.missedBytes, f.history(), f.origPkts, f.origIpBytes, f.respPkts, f.respIpBytes, parents,
                f.ipProto, f.vlan, f.innerVlan, communityId(f), mac(f.origMac), mac(f.respMac), config.source(),
                f.serviceNonStandardPort);
    }

    ConnectionCreation creation(Flow f, ConnectionCreation.Outcome outcome) {
        LocalNetworks nets = config.localNetworks();
        return new ConnectionCreation(f.startNs, f.uid(), f.id(), f.proto(), outcome,
                nets.contains(f.origHi, f.origLo), nets.contains(f.respHi, f.respLo), f.vlan, communityId(f),
                config.source());
    }

    String communityId(Flow f) {
        if (f.communityIdCache == null) {
            f.communityIdCache = communityId.compute(f.origHi, f.origLo, f.respHi, f.respLo, f.ipProto, f.origPort,
                    f.respPort, f.oneWayIcmp);
        }
        return f.communityIdCache;
    }

    static String mac(long m) {
        return m < 0 ? null : MacAddress.format(m);
    }
}
