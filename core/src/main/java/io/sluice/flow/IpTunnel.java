package io.sluice.flow;

import io.sluice.event.ConnId;
import io.sluice.packet.IpAddress;
import io.sluice.packet.Tunnel;

/**
 * A GRE or IP-in-IP tunnel between two hosts. Zeek keys it on the unordered outer address pair
 * and gives it one uid for its lifetime; its id is the first packet's source and destination with
 * ports 0. It has no connection of its own, so Zeek never writes CLOSE for it; its state is dropped
 * silently after {@code Tunnel::ip_tunnel_timeout} without traffic.
 */
public final class IpTunnel implements TunnelParent {
    final long aHi, aLo, bHi, bLo;
    final String uid;
    final ConnId id;
    final Tunnel type;
    final TunnelParent outer;
    long lastActiveNs;
    boolean active;

    IpTunnel(long srcHi, long srcLo, long dstHi, long dstLo, String uid, Tunnel type, TunnelParent outer, long now) {
        boolean srcFirst = Long.compareUnsigned(srcHi, dstHi) < 0
                || (srcHi == dstHi && Long.compareUnsigned(srcLo, dstLo) <= 0);
        this.aHi = srcFirst ? srcHi : dstHi;
        this.aLo = srcFirst ? srcLo : dstLo;
        this.bHi = srcFirst ? dstHi : srcHi;
        this.bLo = srcFirst ? dstLo : srcLo;
        this.uid = uid;
        this.id = new ConnId(IpAddress.format(srcHi, srcLo), 0, IpAddress.format(dstHi, dstLo), 0);
        this.type = type;
        this.outer = outer;
        this.lastActiveNs = now;
    }

    @Override
    public String uid() {
        return uid;
    }

    @Override
    public ConnId tunnelId() {
        return id;
    }

    @Override
    public Tunnel tunnelType() {
        return type;
    }

    @Override
    public boolean tunnelActive() {
        return active;
    }

    @Override
    public void setTunnelActive(boolean value) {
        active = value;
    }

    @Override
    public TunnelParent outerParent() {
        return outer;
    }
}
