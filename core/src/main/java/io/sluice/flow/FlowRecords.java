package io.sluice.flow;

import io.sluice.event.ConnId;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.FlowRecord;
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
                f.startNs, f.uid(), f.id(), f.proto(), null, dur, ob, rb, ConnState.of(f), lo, lr,
                f.missedBytes, f.history(), f.origPkts, f.origIpBytes, f.respPkts, f.respIpBytes, parents,
                f.ipProto, f.vlan, f.innerVlan, communityId(f), mac(f.origMac), mac(f.respMac), config.source());
    }

    ConnectionCreation creation(Flow f, ConnectionCreation.Outcome outcome) {
        LocalNetworks nets = config.localNetworks();
        return new ConnectionCreation(f.startNs, f.uid(), f.id(), f.proto(), outcome,
                nets.contains(f.origHi, f.origLo), nets.contains(f.respHi, f.respLo), f.vlan, communityId(f),
                config.source());
    }

    String communityId(Flow f) {
        return communityId.compute(f.origHi, f.origLo, f.respHi, f.respLo, f.ipProto, f.origPort, f.respPort,
                f.oneWayIcmp);
    }

    static String mac(long m) {
        if (m < 0) return null;
        StringBuilder sb = new StringBuilder(17);
        for (int i = 5; i >= 0; i--) {
            int b = (int) (m >>> (8 * i)) & 0xFF;
            sb.append(Character.forDigit(b >>> 4, 16)).append(Character.forDigit(b & 0xF, 16));
            if (i > 0) sb.append(':');
        }
        return sb.toString();
    }

    static ConnId id(Flow f) {
        return f.id();
    }
}
