package io.sluice.protocol.icmp;

import io.sluice.event.ConnId;
import io.sluice.event.ContentEvent;
import io.sluice.event.FieldSink;
import io.sluice.event.LogSchema;

/**
 * DS0029 Network Traffic Content: one ICMP or ICMPv6 message as a row of {@code icmp.log}. Zeek has
 * no such log, so the fields are Sluice's own:
 *
 * <ul>
 *   <li>{@code ts}, {@code uid}, {@code id.*}: as conn.log's ICMP records ({@code id.orig_p} the
 *       originator's type, {@code id.resp_p} the counterpart type or the code).
 *   <li>{@code icmp_v6} (bool), {@code icmp_type}, {@code icmp_code}, {@code type_name}
 *       ({@code echo_request}, {@code dest_unreachable}, ...; unset for unknown types).
 *   <li>{@code payload_len}: bytes after the 8-byte ICMP header as captured;
 *       {@code payload_entropy}: Shannon entropy in bits per byte (0..8) of those bytes, unset when
 *       there are none. High entropy in echo payloads is what ICMP tunnels look like.
 *   <li>{@code echo_id}, {@code echo_seq}: for echo requests and replies, else unset.
 *   <li>{@code inner_proto} (tcp, udp, icmp or the IP protocol number), {@code inner_orig_h},
 *       {@code inner_orig_p}, {@code inner_resp_h}, {@code inner_resp_p}: for error messages
 *       (unreachable, time exceeded, parameter problem, source quench, redirect, packet too big),
 *       the header of the packet that caused the error as quoted in the message; unset when the
 *       quote is absent or too short (ports need 4 bytes after the inner IP header).
 * </ul>
 */
public record IcmpMessage(
        long tsNanos,
        String uid,
        ConnId id,
        boolean v6,
        int type,
        int code,
        String typeName,
        int payloadLen,
        double payloadEntropy,
        int echoId,
        int echoSeq,
        String innerProto,
        String innerOrigH,
        int innerOrigP,
        String innerRespH,
        int innerRespP)
        implements ContentEvent {

    /** Marks an absent echo id/seq or inner port. */
    public static final int NONE = -1;

    public static final LogSchema SCHEMA = LogSchema.named("icmp")
            .field("ts", "time")
            .field("uid", "string")
            .connId()
            .field("icmp_v6", "bool")
            .field("icmp_type", "count")
            .field("icmp_code", "count")
            .field("type_name", "string")
            .field("payload_len", "count")
            .field("payload_entropy", "double")
            .field("echo_id", "count")
            .field("echo_seq", "count")
            .field("inner_proto", "string")
            .field("inner_orig_h", "addr")
            .field("inner_orig_p", "port")
            .field("inner_resp_h", "addr")
            .field("inner_resp_p", "port")
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
        out.bool(v6);
        out.count(type);
        out.count(code);
        out.stringOrUnset(typeName);
        out.count(payloadLen);
        if (payloadLen == 0) out.unset(); else out.real(payloadEntropy);
        countOrUnset(out, echoId);
        countOrUnset(out, echoSeq);
        out.stringOrUnset(innerProto);
        out.stringOrUnset(innerOrigH);
        countOrUnset(out, innerOrigP);
        out.stringOrUnset(innerRespH);
        countOrUnset(out, innerRespP);
    }

    private static void countOrUnset(FieldSink out, int v) {
        if (v == NONE) out.unset(); else out.count(v);
    }
}
