package io.sluice.protocol.tftp;

import io.sluice.event.ConnId;
import io.sluice.event.ContentEvent;
import io.sluice.event.FieldSink;
import io.sluice.event.LogSchema;

/**
 * DS0029 Network Traffic Content: a TFTP transfer, as a row of the {@code tftp.log} that Zeek's TFTP
 * package (zeek/spicy-tftp) writes, in its order. As there, the request (to port 69) and the data
 * flow the server opens from another port make one row: the request's ts, uid, id, {@code wrq},
 * {@code fname} and {@code mode}, the data flow's uid as {@code uid_data} and its size and blocks.
 * A request no data flow answered has {@code uid_data} unset; a data flow whose request was not
 * seen has its own uid, {@code fname} and {@code mode} unset.
 */
public record TftpTransfer(
        long tsNanos,
        String uid,
        ConnId id,
        Boolean wrq,
        String fname,
        String mode,
        String uidData,
        long size,
        long blockSent,
        long blockAcked,
        Long errorCode,
        String errorMsg)
        implements ContentEvent {

    public static final LogSchema SCHEMA = LogSchema.named("tftp")
            .field("ts", "time")
            .field("uid", "string")
            .connId()
            .field("wrq", "bool")
            .field("fname", "string")
            .field("mode", "string")
            .field("uid_data", "string")
            .field("size", "count")
            .field("block_sent", "count")
            .field("block_acked", "count")
            .field("error_code", "count")
            .field("error_msg", "string")
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
        if (wrq == null) out.unset(); else out.bool(wrq);
        out.stringOrUnset(fname);
        out.stringOrUnset(mode);
        out.stringOrUnset(uidData);
        out.count(size);
        out.count(blockSent);
        out.count(blockAcked);
        out.countOrUnset(errorCode);
        out.stringOrUnset(errorMsg);
    }
}
