package io.sluice.event;

/**
 * A row of Zeek's {@code tunnel.log}: a tunnel was discovered, closed or expired. The uid is the
 * tunnel's own (the outer UDP connection's uid for VXLAN and Teredo; a uid of its own for GRE and
 * IP-in-IP), and appears in the {@code tunnel_parents} of the inner connections. A SOCKS proxy's
 * tunnel has none (null, unset in the log, as Zeek's {@code uid} is {@code &optional}): its id is
 * the client's connections to the proxy with {@code orig_p} 0.
 */
public record TunnelEvent(long tsNanos, String uid, ConnId id, String tunnelType, String action) implements Event {

    public static final LogSchema SCHEMA = LogSchema.named("tunnel")
            .field("ts", "time")
            .field("uid", "string")
            .connId()
            .field("tunnel_type", "enum")
            .field("action", "enum")
            .build();

    @Override
    public Ds0029Component component() {
        return Ds0029Component.NETWORK_TRAFFIC_FLOW;
    }

    @Override
    public LogSchema schema() {
        return SCHEMA;
    }

    @Override
    public void write(FieldSink out) {
        out.time(tsNanos);
        out.stringOrUnset(uid);
        id.write(out);
        out.string(tunnelType);
        out.string(action);
    }
}
