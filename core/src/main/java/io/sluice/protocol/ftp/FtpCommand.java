package io.sluice.protocol.ftp;

import io.sluice.event.ConnId;
import io.sluice.event.ContentEvent;
import io.sluice.event.FieldSink;
import io.sluice.event.LogSchema;

/**
 * DS0029 Network Traffic Content: one FTP command and its reply, as a row of Zeek's {@code ftp.log}
 * (base/protocols/ftp/info.zeek, in Zeek's order). As in Zeek, only the commands of
 * {@code FTP::logged_commands} become rows; the password is shown only for Zeek's guest user names
 * (anonymous, ftp, ftpuser, guest) and is "&lt;hidden&gt;" otherwise. {@code mime_type} and
 * {@code fuid} come from Zeek's file analysis of the data connection, which Sluice does not do.
 */
public record FtpCommand(
        long tsNanos,
        String uid,
        ConnId id,
        String user,
        String password,
        String command,
        String arg,
        String mimeType,
        Long fileSize,
        Long replyCode,
        String replyMsg,
        Boolean dataPassive,
        String dataOrigH,
        String dataRespH,
        Integer dataRespP,
        String fuid)
        implements ContentEvent {

    public static final LogSchema SCHEMA = LogSchema.named("ftp")
            .field("ts", "time")
            .field("uid", "string")
            .connId()
            .field("user", "string")
            .field("password", "string")
            .field("command", "string")
            .field("arg", "string")
            .field("mime_type", "string")
            .field("file_size", "count")
            .field("reply_code", "count")
            .field("reply_msg", "string")
            .field("data_channel.passive", "bool")
            .field("data_channel.orig_h", "addr")
            .field("data_channel.resp_h", "addr")
            .field("data_channel.resp_p", "port")
            .field("fuid", "string")
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
        out.wireOrUnset(user);
        out.wireOrUnset(password);
        out.wireOrUnset(command);
        out.wireOrUnset(arg);
        out.stringOrUnset(mimeType);
        out.countOrUnset(fileSize);
        out.countOrUnset(replyCode);
        out.wireOrUnset(replyMsg);
        if (dataPassive == null) out.unset(); else out.bool(dataPassive);
        out.stringOrUnset(dataOrigH);
        out.stringOrUnset(dataRespH);
        if (dataRespP == null) out.unset(); else out.count(dataRespP);
        out.stringOrUnset(fuid);
    }
}
