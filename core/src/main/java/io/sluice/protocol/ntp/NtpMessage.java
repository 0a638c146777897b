package io.sluice.protocol.ntp;

import io.sluice.event.ConnId;
import io.sluice.event.ContentEvent;
import io.sluice.event.FieldSink;
import io.sluice.event.LogSchema;

/**
 * DS0029 Network Traffic Content: one NTP message as a row of Zeek's {@code ntp.log}, with Zeek's
 * field names, order, types and meanings ({@code NTP::Info} of scripts/base/protocols/ntp/main.zeek):
 * {@code poll} and {@code precision} as 2^n seconds, root delay and dispersion from their 16.16
 * format, {@code ref_id} the 4-character kiss code (stratum 0) or reference identifier (stratum 1)
 * as sent, else the reference address as an IPv4 address; times since the Unix epoch, an unset NTP
 * timestamp as 0. Fields of the standard header are null for mode 6 and 7 messages.
 *
 * <p>Difference from Zeek, on purpose: Zeek writes only modes 1-5; Sluice also writes mode 6
 * (control: {@code ntpq}) and mode 7 (ntpd private: {@code ntpdc}, including the monlist request
 * used for reflection attacks), with these appended fields, unset for modes 1-5: {@code ctl_op}
 * (mode 6 opcode or mode 7 request code), {@code ctl_op_name} ({@code READVAR},
 * {@code MON_GETLIST_1}, ...) and {@code ctl_response} (the R bit: a server's answer). {@code refIdBits}
 * keeps the raw reference id for analytics; it is not logged.
 */
public record NtpMessage(
        long tsNanos,
        String uid,
        ConnId id,
        int version,
        int mode,
        Integer stratum,
        Long pollNanos,
        Long precisionNanos,
        Long rootDelayNanos,
        Long rootDispNanos,
        String refId,
        Long refTimeNanos,
        Long orgTimeNanos,
        Long recTimeNanos,
        Long xmtTimeNanos,
        int numExts,
        Integer ctlOp,
        String ctlOpName,
        Boolean ctlResponse,
        int refIdBits)
        implements ContentEvent {

    public static final LogSchema SCHEMA = LogSchema.named("ntp")
            .field("ts", "time")
            .field("uid", "string")
            .connId()
            .field("version", "count")
            .field("mode", "count")
            .field("stratum", "count")
            .field("poll", "interval")
            .field("precision", "interval")
            .field("root_delay", "interval")
            .field("root_disp", "interval")
            .field("ref_id", "string")
            .field("ref_time", "time")
            .field("org_time", "time")
            .field("rec_time", "time")
            .field("xmt_time", "time")
            .field("num_exts", "count")
            .field("ctl_op", "count")
            .field("ctl_op_name", "string")
            .field("ctl_response", "bool")
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
        out.count(version);
        out.count(mode);
        if (stratum == null) out.unset(); else out.count(stratum);
        out.intervalOrUnset(pollNanos);
        out.intervalOrUnset(precisionNanos);
        out.intervalOrUnset(rootDelayNanos);
        out.intervalOrUnset(rootDispNanos);
        out.stringOrUnset(refId);
        time(out, refTimeNanos);
        time(out, orgTimeNanos);
        time(out, recTimeNanos);
        time(out, xmtTimeNanos);
        out.count(numExts);
        if (ctlOp == null) out.unset(); else out.count(ctlOp);
        out.stringOrUnset(ctlOpName);
        if (ctlResponse == null) out.unset(); else out.bool(ctlResponse);
    }

    private static void time(FieldSink out, Long nanos) {
        if (nanos == null) out.unset(); else out.time(nanos);
    }
}
