package io.sluice.protocol.dcerpc;

import io.sluice.event.ConnId;
import io.sluice.event.ContentEvent;
import io.sluice.event.FieldSink;
import io.sluice.event.LogSchema;

/**
 * DS0029 Network Traffic Content: one DCE/RPC call (request and its response), a row of Zeek's
 * {@code dce_rpc.log} (field names and order). {@code rtt} is unset when the response was not seen
 * or came in the same instant; {@code namedPipe} is the bind_ack's secondary address ("\PIPE\svcctl",
 * "135") as a wire string (its bytes, one char each, see {@link io.sluice.event.WireText}), written
 * as Zeek writes it: valid UTF-8 as text, any other byte as {@code \xNN}. {@code endpointInferred}
 * (not a Zeek field, logged only when true) marks calls whose bind was not captured and whose
 * interface {@link UnboundCallInference} named from the sequence of operations.
 * {@code activatedClsid} and {@code activatedClass} (not Zeek fields either) are the class a DCOM
 * activation asked for and its name when known ("MMC20.Application"), read from the activation
 * properties in the request ({@link DcomActivation}). {@code requestFromResponder}
 * (not a Zeek field, logged only when true) says the requests came from the connection's responder:
 * the capture began inside the connection with a packet of the server's, which made the server the
 * originator (as Zeek orients such a connection), so the caller is {@code id.resp_h}.
 */
public record DceRpcCall(
        long tsNanos,
        String uid,
        ConnId id,
        Long rttNanos,
        String namedPipe,
        String endpoint,
        String operation,
        boolean endpointInferred,
        String activatedClsid,
        String activatedClass,
        boolean requestFromResponder)
        implements ContentEvent {

    public static final LogSchema SCHEMA = LogSchema.named("dce_rpc")
            .field("ts", "time")
            .field("uid", "string")
            .connId()
            .field("rtt", "interval")
            .field("named_pipe", "string")
            .field("endpoint", "string")
            .field("operation", "string")
            .field("endpoint_inferred", "bool")
            .field("activated_clsid", "string")
            .field("activated_class", "string")
            .field("request_from_resp", "bool")
            .build();

    /** A call whose interface the bind (or the pipe's name) named. */
    public DceRpcCall(long tsNanos, String uid, ConnId id, Long rttNanos, String namedPipe, String endpoint,
            String operation) {
        this(tsNanos, uid, id, rttNanos, namedPipe, endpoint, operation, false);
    }

    /** A call that activates nothing (or whose activation properties were not seen). */
    public DceRpcCall(long tsNanos, String uid, ConnId id, Long rttNanos, String namedPipe, String endpoint,
            String operation, boolean endpointInferred) {
        this(tsNanos, uid, id, rttNanos, namedPipe, endpoint, operation, endpointInferred, null, null);
    }

    /** A call made by the originator, as almost every call is. */
    public DceRpcCall(long tsNanos, String uid, ConnId id, Long rttNanos, String namedPipe, String endpoint,
            String operation, boolean endpointInferred, String activatedClsid, String activatedClass) {
        this(tsNanos, uid, id, rttNanos, namedPipe, endpoint, operation, endpointInferred, activatedClsid,
                activatedClass, false);
    }

    /** The host that made the call (sent the request). */
    public String callerH() {
        return requestFromResponder ? id.respH() : id.origH();
    }

    /** The host that answered the call. */
    public String calleeH() {
        return requestFromResponder ? id.origH() : id.respH();
    }

    /** The port the call was made to. */
    public int calleeP() {
        return requestFromResponder ? id.origP() : id.respP();
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
        out.intervalOrUnset(rttNanos);
        out.wireOrUnset(namedPipe);
        out.stringOrUnset(endpoint);
        out.stringOrUnset(operation);
        if (endpointInferred) out.bool(true); else out.unset();
        out.stringOrUnset(activatedClsid);
        out.stringOrUnset(activatedClass);
        if (requestFromResponder) out.bool(true); else out.unset();
    }
}
