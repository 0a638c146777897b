package io.sluice.protocol.smb;

import io.sluice.event.ConnId;
import io.sluice.event.ContentEvent;
import io.sluice.event.FieldSink;
import io.sluice.event.LogSchema;

/**
 * DS0029 Network Traffic Content: one tree connect (a share mapped: {@code \\host\C$},
 * {@code \\host\ADMIN$}, {@code \\host\IPC$}), a row of Zeek's {@code smb_mapping.log} (field names
 * and order). {@code service} and {@code native_file_system} come from SMB1's tree connect AndX
 * response only; {@code share_type} is DISK, PIPE or PRINT (SMB2's share type; for SMB1 PIPE when the
 * service is IPC, DISK otherwise, as Zeek deduces it). Sluice appends {@code dialect}: the dialect
 * the server chose in the negotiate seen on the connection ("2.02", "2.10", "3.00", "3.02", "3.11"
 * as Suricata writes SMB2 dialects, or the SMB1 dialect string such as "NT LM 0.12"), unset when the
 * negotiate was not captured. {@code path}, {@code service} and {@code nativeFileSystem} are wire
 * strings (one char per byte, see {@link io.sluice.event.WireText}), written as Zeek writes them: a
 * UTF-16 name as its UTF-8 bytes, an SMB1 OEM name as the bytes sent.
 */
public record SmbMapping(
        long tsNanos,
        String uid,
        ConnId id,
        String path,
        String service,
        String nativeFileSystem,
        String shareType,
        String dialect)
        implements ContentEvent {

    public static final LogSchema SCHEMA = LogSchema.named("smb_mapping")
            .field("ts", "time")
            .field("uid", "string")
            .connId()
            .field("path", "string")
            .field("service", "string")
            .field("native_file_system", "string")
            .field("share_type", "string")
            .field("dialect", "string")
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
        out.wireOrUnset(path);
        out.wireOrUnset(service);
        out.wireOrUnset(nativeFileSystem);
        out.stringOrUnset(shareType);
        out.stringOrUnset(dialect);
    }
}
