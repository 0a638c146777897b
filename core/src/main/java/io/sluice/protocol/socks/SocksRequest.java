package io.sluice.protocol.socks;

import io.sluice.event.ConnId;
import io.sluice.event.ContentEvent;
import io.sluice.event.FieldSink;
import io.sluice.event.LogSchema;

/**
 * DS0029 Network Traffic Content: one connection through a SOCKS proxy, as a row of Zeek's
 * {@code socks.log} (base/protocols/socks/main.zeek, in Zeek's order). {@code request} and
 * {@code bound} are Zeek's {@code SOCKS::Address}: an address, a name, or (SOCKS 4a with a name)
 * both unset but the name. The password is logged only when {@code capture_password} is on, as
 * in Zeek, where it is off by default.
 */
public record SocksRequest(
        long tsNanos,
        String uid,
        ConnId id,
        int version,
        String user,
        String password,
        String status,
        String requestHost,
        String requestName,
        Integer requestPort,
        String boundHost,
        String boundName,
        Integer boundPort)
        implements ContentEvent {

    public static final LogSchema SCHEMA = LogSchema.named("socks")
            .field("ts", "time")
            .field("uid", "string")
            .connId()
            .field("version", "count")
            .field("user", "string")
            .field("password", "string")
            .field("status", "string")
            .field("request.host", "addr")
            .field("request.name", "string")
            .field("request_p", "port")
            .field("bound.host", "addr")
            .field("bound.name", "string")
            .field("bound_p", "port")
            .build();

    /** True when the proxy granted the request (Zeek's "succeeded"). */
    public boolean succeeded() {
        return SocksCodes.SUCCEEDED.equals(status);
    }

    @Override
    public LogSchema schema() {
        return SCHEMA;
    }

    @Override
    public void write(FieldSink out) {
        out.time(tsNanos);
        out.string(uid);
        id.write(out);
        out.count(version);
        out.wireOrUnset(user); // bytes off the wire, decoded as ISO-8859-1
        out.wireOrUnset(password);
        out.stringOrUnset(status);
        out.stringOrUnset(requestHost);
        out.wireOrUnset(requestName);
        if (requestPort == null) out.unset(); else out.count(requestPort);
        out.stringOrUnset(boundHost);
        out.wireOrUnset(boundName);
        if (boundPort == null) out.unset(); else out.count(boundPort);
    }
}
