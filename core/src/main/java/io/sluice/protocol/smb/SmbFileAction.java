package io.sluice.protocol.smb;

import io.sluice.event.ConnId;
import io.sluice.event.ContentEvent;
import io.sluice.event.FieldSink;
import io.sluice.event.LogSchema;

/**
 * DS0029 Network Traffic Content: an action on a file over SMB, a row of Zeek's
 * {@code smb_files.log} (field names and order). {@code action} is Zeek's SMB::Action name
 * ({@code SMB::FILE_OPEN}, {@code SMB::FILE_RENAME}, {@code SMB::FILE_DELETE}, ...); times are the
 * MAC times the server returned (unset when it returned none); {@code fuid} is Zeek's file-analysis
 * id, which Sluice does not assign (always unset). {@code path}, {@code name} and {@code prevName}
 * are wire strings (one char per byte, see {@link io.sluice.event.WireText}), written as Zeek writes
 * them: a UTF-16 name (SMB2/3, Unicode SMB1) as its UTF-8 bytes, an SMB1 OEM name as the bytes sent.
 */
public record SmbFileAction(
        long tsNanos,
        String uid,
        ConnId id,
        String fuid,
        String action,
        String path,
        String name,
        long size,
        String prevName,
        Long modifiedNanos,
        Long accessedNanos,
        Long createdNanos,
        Long changedNanos)
        implements ContentEvent {

    public static final LogSchema SCHEMA = LogSchema.named("smb_files")
            .field("ts", "time")
            .field("uid", "string")
            .connId()
            .field("fuid", "string")
            .field("action", "enum")
            .field("path", "string")
            .field("name", "string")
            .field("size", "count")
            .field("prev_name", "string")
            .field("times.modified", "time")
            .field("times.accessed", "time")
            .field("times.created", "time")
            .field("times.changed", "time")
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
        out.stringOrUnset(fuid);
        out.stringOrUnset(action);
        out.wireOrUnset(path);
        out.wireOrUnset(name);
        out.count(size);
        out.wireOrUnset(prevName);
        time(out, modifiedNanos);
        time(out, accessedNanos);
        time(out, createdNanos);
        time(out, changedNanos);
    }

    private static void time(FieldSink out, Long nanos) {
        if (nanos == null) out.unset(); else out.time(nanos);
    }
}
