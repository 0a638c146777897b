package io.sluice.flow;

import io.sluice.event.ConnId;
import io.sluice.packet.Tunnel;

/**
 * An encapsulation a packet arrived in, as Zeek's {@code EncapsulatingConn}: the outer UDP
 * connection of a VXLAN/Teredo/Geneve tunnel ({@link Flow}), or an IP tunnel (GRE, IP-in-IP)
 * that has a uid of its own ({@link IpTunnel}). Its uid goes into the inner connections'
 * {@code tunnel_parents}, and it is logged in tunnel.log when an inner connection first uses it.
 */
public interface TunnelParent {
    String uid();

    /** Zeek's {@code ec$cid}: the outer connection's id, or the outer addresses with ports 0. */
    ConnId tunnelId();

    Tunnel tunnelType();

    /** Whether it is in Zeek's {@code Tunnel::active} table (DISCOVER written, CLOSE not yet). */
    boolean tunnelActive();

    void setTunnelActive(boolean active);

    /** The encapsulation this parent itself was seen in (for nested tunnels), or null. */
    TunnelParent outerParent();
}
