package io.sluice.protocol.wol;

import io.sluice.event.ConnId;
import io.sluice.event.ContentEvent;
import io.sluice.event.FieldSink;
import io.sluice.event.LogSchema;

/**
 * One Wake-on-LAN magic packet seen in a UDP payload ({@code magic_packet.log}; Zeek has no such
 * log, so the names are Sluice's).
 *
 * @param targetMac     the hardware address the packet wakes
 * @param payloadOffset where in the payload the sync stream starts (0 for ordinary tools)
 * @param password      bytes after the sixteen addresses (SecureOn password: 4 or 6), 0 without
 */
public record MagicPacket(long tsNanos, String uid, ConnId id, String targetMac, int payloadOffset, int password)
        implements ContentEvent {

    public static final LogSchema SCHEMA = LogSchema.named("magic_packet")
            .field("ts", "time")
            .field("uid", "string")
            .connId()
            .field("target_mac", "string")
            .field("payload_offset", "count")
            .field("password_len", "count")
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
        out.string(targetMac);
        out.count(payloadOffset);
        out.count(password);
    }
}
