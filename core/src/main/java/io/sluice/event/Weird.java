package io.sluice.event;

/**
 * A row of Zeek's {@code weird.log}: traffic that does not follow its protocol (DS0029 asks for
 * traffic that "does not follow the expected protocol standards"): a dissector's protocol
 * violation, a TCP rule broken, a header that cannot be right. Names are Zeek's where Zeek has
 * one. {@code uid} is null for weirds that belong to no connection (a packet that could not be
 * decoded far enough to have one); {@code id} is then the packet's addresses with ports 0, as
 * Zeek's {@code flow_weird}, or null when not even those are known ({@code net_weird}).
 *
 * @param addl more about it, a wire string ({@link WireText}): Zeek logs it as bytes, and
 *     dissectors put the bytes that broke the rule in it (an HTTP method, an FTP or SMTP command, a
 *     bad chunk-size line); a detail made as text goes in through {@link WireText#ofText}
 * @param notice whether the weird was also raised as a notice (never, for now; Zeek's field)
 * @param peer the sensor that saw it (Zeek's {@code peer_description})
 * @param source what reported it: Zeek's analyzer names ("TCP", "UDP", "IP", "DNS", "SSL", ...)
 */
public record Weird(long tsNanos, String uid, ConnId id, String name, String addl, boolean notice, String peer,
        String source) implements ContentEvent {

    public static final LogSchema SCHEMA = LogSchema.named("weird")
            .field("ts", "time")
            .field("uid", "string")
            .connId()
            .field("name", "string")
            .field("addl", "string")
            .field("notice", "bool")
            .field("peer", "string")
            .field("source", "string")
            .build();

    @Override
    public LogSchema schema() {
        return SCHEMA;
    }

    @Override
    public void write(FieldSink out) {
        out.time(tsNanos);
        out.stringOrUnset(uid);
        if (id == null) {
            out.unset();
            out.unset();
            out.unset();
            out.unset();
        } else {
            id.write(out);
        }
        out.string(name);
        out.wireOrUnset(addl == null || addl.isEmpty() ? null : addl);
        out.bool(notice);
        out.stringOrUnset(peer);
        out.stringOrUnset(source);
    }
}
