package io.sluice.protocol.dhcp;

import io.sluice.event.ConnId;
import io.sluice.event.ContentEvent;
import io.sluice.event.FieldSink;
import io.sluice.event.LogSchema;

/**
 * DS0029 Network Traffic Content: one DHCP message's {@link Ja4d} fingerprint, a row of the
 * {@code ja4d.log} FoxIO's Zeek package writes (its fields, in its order; {@code ts} is the
 * connection's start, as the package logs it). DHCPv6 messages, which the package leaves out, get
 * rows of the same fields ({@link Dhcp6Dissector} says which option fills which).
 */
public record Ja4dFingerprint(long tsNanos, String uid, ConnId id, String ja4d, String clientMac, String requestedIp,
        String vendorClassId, String hostname) implements ContentEvent {

    public static final LogSchema SCHEMA = LogSchema.named("ja4d")
            .field("ts", "time")
            .field("uid", "string")
            .connId()
            .field("ja4d", "string")
            .field("client_mac", "string")
            .field("requested_ip", "addr")
            .field("vendor_class_id", "string")
            .field("hostname", "string")
            .build();

    @Override
    public LogSchema schema() {
        return SCHEMA;
    }

    @Override
    public void write(FieldSink out) {
        out.time(tsNanos);
        out.string(uid);
        id.write(out);
        out.string(ja4d);
        out.string(clientMac == null ? "" : clientMac);
        out.stringOrUnset(requestedIp);
        out.wire(vendorClassId == null ? "" : vendorClassId);
        out.wire(hostname == null ? "" : hostname);
    }
}
