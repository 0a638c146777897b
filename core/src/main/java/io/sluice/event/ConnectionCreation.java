package io.sluice.event;

/**
 * DS0029 Network Connection Creation: the first moment of a connection. Emitted once per new
 * connection; {@code tsNanos} is its first packet. For TCP the event waits until the handshake
 * outcome is known (answered, refused, unanswered, or picked up mid-stream), so that analytics see
 * the outcome with the creation.
 *
 * @param communityIdText the Community ID, possibly made when first read ({@link #communityId()})
 * @param source where the connection was seen ("pcap", "live", "netflow", "sysmon", ...)
 */
public record ConnectionCreation(
        long tsNanos,
        String uid,
        ConnId id,
        String proto,
        Outcome outcome,
        boolean localOrig,
        boolean localResp,
        int vlan,
        DeferredText communityIdText,
        String source,
        String exporter,
        ProcessInfo process)
        implements Event {

    /** A connection with its Community ID as text. */
    public ConnectionCreation(long tsNanos, String uid, ConnId id, String proto, Outcome outcome, boolean localOrig,
            boolean localResp, int vlan, String communityId, String source, String exporter, ProcessInfo process) {
        this(tsNanos, uid, id, proto, outcome, localOrig, localResp, vlan, DeferredText.of(communityId), source,
                exporter, process);
    }

    /** A connection seen in packets: no exporter, no process. */
    public ConnectionCreation(long tsNanos, String uid, ConnId id, String proto, Outcome outcome, boolean localOrig,
            boolean localResp, int vlan, String communityId, String source) {
        this(tsNanos, uid, id, proto, outcome, localOrig, localResp, vlan, DeferredText.of(communityId), source);
    }

    /** A connection seen in packets, its Community ID made when first read. */
    public ConnectionCreation(long tsNanos, String uid, ConnId id, String proto, Outcome outcome, boolean localOrig,
            boolean localResp, int vlan, DeferredText communityId, String source) {
        this(tsNanos, uid, id, proto, outcome, localOrig, localResp, vlan, communityId, source, null, null);
    }

    /** The Community ID ("1:" and base64), or null when the source does not give the tuple. */
    public String communityId() {
        return DeferredText.textOf(communityIdText);
    }

    /** How the connection attempt ended, as far as the traffic shows it. */
    public enum Outcome {
        /** TCP: the responder answered the SYN with SYN-ACK. */
        ESTABLISHED,
        /** TCP: the responder answered the SYN with a reset. */
        REJECTED,
        /** TCP: no answer to the SYN before the connection ended or timed out. */
        UNANSWERED,
        /** TCP: first seen after its handshake (capture started mid-connection). */
        MIDSTREAM,
        /** UDP, ICMP and others: no handshake; answered when the responder sent anything. */
        ANSWERED,
        NOT_ANSWERED,
        /** Not yet known when the event was written. */
        UNKNOWN;

        private final String label = name().toLowerCase(java.util.Locale.ROOT);

        public String label() {
            return label;
        }
    }

    public static final LogSchema SCHEMA = ProcessInfo.fields(LogSchema.named("connection_creation")
            .field("ts", "time")
            .field("uid", "string")
            .connId()
            .field("proto", "enum")
            .field("outcome", "string")
            .field("local_orig", "bool")
            .field("local_resp", "bool")
            .field("vlan", "int")
            .field("community_id", "string")
            .field("source", "string")
            .field("ds0029_component", "string")
            .field("exporter", "string"))
            .build();

    @Override
    public Ds0029Component component() {
        return Ds0029Component.NETWORK_CONNECTION_CREATION;
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
        out.string(proto);
        out.string(outcome.label());
        out.bool(localOrig);
        out.bool(localResp);
        if (vlan >= 0) out.integer(vlan); else out.unset();
        out.stringOrUnset(communityId());
        out.string(source);
        out.string(component().displayName());
        out.stringOrUnset(exporter);
        ProcessInfo.write(process, out);
    }
}
