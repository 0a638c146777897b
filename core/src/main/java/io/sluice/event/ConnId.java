package io.sluice.event;

/**
 * Zeek's {@code conn_id}: originator and responder address and port. For ICMP the "ports" are the
 * ICMP type and the counterpart type or code, as Zeek logs them.
 */
public record ConnId(String origH, int origP, String respH, int respP) {

    /** Writes the four fields that {@link LogSchema.Builder#connId()} declares. */
    public void write(FieldSink out) {
        out.string(origH);
        out.count(origP);
        out.string(respH);
        out.count(respP);
    }
}
