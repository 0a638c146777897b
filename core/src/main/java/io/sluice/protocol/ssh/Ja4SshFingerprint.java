package io.sluice.protocol.ssh;

import io.sluice.event.ConnId;
import io.sluice.event.ContentEvent;
import io.sluice.event.FieldSink;
import io.sluice.event.LogSchema;

/**
 * DS0029 Network Traffic Content: one JA4SSH value (one window of SSH packets) of a connection,
 * as a row of the {@code ja4ssh.log} that FoxIO's JA4+ Zeek package writes.
 */
public record Ja4SshFingerprint(long tsNanos, String uid, ConnId id, String ja4ssh) implements ContentEvent {

    public static final LogSchema SCHEMA = LogSchema.named("ja4ssh")
            .field("ts", "time")
            .field("uid", "string")
            .connId()
            .field("ja4ssh", "string")
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
        out.string(ja4ssh);
    }
}
