package io.sluice.event;

import java.util.List;

/**
 * DS0029 Network Traffic Flow: one connection summarised, as a row of Zeek's {@code conn.log}
 * (same field names and meanings), plus Sluice's additions ({@code community_id}, MACs, and
 * {@code service_nonstandard_port}: the protocols of {@code service} that were found on a
 * responder port that is not their standard one, comma-joined, for the non-standard-port analytic;
 * the ICMP echo summary; the first payload bytes' measure of connections no dissector identified,
 * {@link UnidentifiedPayload}; the TCP handshake's JA4T, JA4TS and JA4L, {@link TcpFingerprints}).
 * Nullable fields are unset in Zeek's log: {@code duration}, {@code origBytes} and
 * {@code respBytes} are unset when the connection lasted no time at all, as in Zeek. {@code connState}
 * is null (unset) for sources that cannot know it, such as flow exports. {@code communityIdText} may
 * be made when first read ({@link DeferredText}); {@link #communityId()} gives its text.
 */
public record FlowRecord(
        long tsNanos,
        String uid,
        ConnId id,
        String proto,
        String service,
        Long durationNanos,
        Long origBytes,
        Long respBytes,
        String connState,
        Boolean localOrig,
        Boolean localResp,
        long missedBytes,
        String history,
        long origPkts,
        long origIpBytes,
        long respPkts,
        long respIpBytes,
        List<String> tunnelParents,
        int ipProto,
        int vlan,
        int innerVlan,
        DeferredText communityIdText,
        String origL2Addr,
        String respL2Addr,
        String source,
        String serviceNonStandardPort,
        String exporter,
        ProcessInfo process,
        IcmpEchoSummary icmpEcho,
        UnidentifiedPayload payload,
        TcpFingerprints tcpFingerprints)
        implements Event {

    public FlowRecord {
        tunnelParents = tunnelParents == null ? List.of() : List.copyOf(tunnelParents);
    }

    /** A record without TCP handshake fingerprints. */
    public FlowRecord(long tsNanos, String uid, ConnId id, String proto, String service, Long durationNanos,
            Long origBytes, Long respBytes, String connState, Boolean localOrig, Boolean localResp,
            long missedBytes, String history, long origPkts, long origIpBytes, long respPkts, long respIpBytes,
            List<String> tunnelParents, int ipProto, int vlan, int innerVlan, DeferredText communityIdText,
            String origL2Addr, String respL2Addr, String source, String serviceNonStandardPort, String exporter,
            ProcessInfo process, IcmpEchoSummary icmpEcho, UnidentifiedPayload payload) {
        this(tsNanos, uid, id, proto, service, durationNanos, origBytes, respBytes, connState, localOrig,
                localResp, missedBytes, history, origPkts, origIpBytes, respPkts, respIpBytes, tunnelParents,
                ipProto, vlan, innerVlan, communityIdText, origL2Addr, respL2Addr, source, serviceNonStandardPort,
                exporter, process, icmpEcho, payload, null);
    }

    /** A record without the measure of unidentified payload. */
    public FlowRecord(long tsNanos, String uid, ConnId id, String proto, String service, Long durationNanos,
            Long origBytes, Long respBytes, String connState, Boolean localOrig, Boolean localResp,
            long missedBytes, String history, long origPkts, long origIpBytes, long respPkts, long respIpBytes,
            List<String> tunnelParents, int ipProto, int vlan, int innerVlan, DeferredText communityIdText,
            String origL2Addr, String respL2Addr, String source, String serviceNonStandardPort, String exporter,
            ProcessInfo process, IcmpEchoSummary icmpEcho) {
        this(tsNanos, uid, id, proto, service, durationNanos, origBytes, respBytes, connState, localOrig,
                localResp, missedBytes, history, origPkts, origIpBytes, respPkts, respIpBytes, tunnelParents,
                ipProto, vlan, innerVlan, communityIdText, origL2Addr, respL2Addr, source, serviceNonStandardPort,
                exporter, process, icmpEcho, null);
    }

    /** A record with its Community ID as text. */
    public FlowRecord(long tsNanos, String uid, ConnId id, String proto, String service, Long durationNanos,
            Long origBytes, Long respBytes, String connState, Boolean localOrig, Boolean localResp,
            long missedBytes, String history, long origPkts, long origIpBytes, long respPkts, long respIpBytes,
            List<String> tunnelParents, int ipProto, int vlan, int innerVlan, String communityId,
            String origL2Addr, String respL2Addr, String source, String serviceNonStandardPort, String exporter,
            ProcessInfo process, IcmpEchoSummary icmpEcho) {
        this(tsNanos, uid, id, proto, service, durationNanos, origBytes, respBytes, connState, localOrig,
                localResp, missedBytes, history, origPkts, origIpBytes, respPkts, respIpBytes, tunnelParents,
                ipProto, vlan, innerVlan, DeferredText.of(communityId), origL2Addr, respL2Addr, source,
                serviceNonStandardPort, exporter, process, icmpEcho, null);
    }

    /** A record metered from packets: no exporter, no process. */
    public FlowRecord(long tsNanos, String uid, ConnId id, String proto, String service, Long durationNanos,
            Long origBytes, Long respBytes, String connState, Boolean localOrig, Boolean localResp,
            long missedBytes, String history, long origPkts, long origIpBytes, long respPkts, long respIpBytes,
            List<String> tunnelParents, int ipProto, int vlan, int innerVlan, String communityId,
            String origL2Addr, String respL2Addr, String source, String serviceNonStandardPort) {
        this(tsNanos, uid, id, proto, service, durationNanos, origBytes, respBytes, connState, localOrig,
                localResp, missedBytes, history, origPkts, origIpBytes, respPkts, respIpBytes, tunnelParents,
                ipProto, vlan, innerVlan, communityId, origL2Addr, respL2Addr, source, serviceNonStandardPort,
                null, null, null);
    }

    /** A record from a flow export or log: no ICMP payload summary. */
    public FlowRecord(long tsNanos, String uid, ConnId id, String proto, String service, Long durationNanos,
            Long origBytes, Long respBytes, String connState, Boolean localOrig, Boolean localResp,
            long missedBytes, String history, long origPkts, long origIpBytes, long respPkts, long respIpBytes,
            List<String> tunnelParents, int ipProto, int vlan, int innerVlan, String communityId,
            String origL2Addr, String respL2Addr, String source, String serviceNonStandardPort, String exporter,
            ProcessInfo process) {
        this(tsNanos, uid, id, proto, service, durationNanos, origBytes, respBytes, connState, localOrig,
                localResp, missedBytes, history, origPkts, origIpBytes, respPkts, respIpBytes, tunnelParents,
                ipProto, vlan, innerVlan, communityId, origL2Addr, respL2Addr, source, serviceNonStandardPort,
                exporter, process, null);
    }

    /** The Community ID ("1:" and base64), or null when the source does not give the tuple. */
    public String communityId() {
        return DeferredText.textOf(communityIdText);
    }

    public static final LogSchema SCHEMA = TcpFingerprints.fields(UnidentifiedPayload.fields(IcmpEchoSummary.fields(ProcessInfo.fields(LogSchema.named("conn")
            .field("ts", "time")
            .field("uid", "string")
            .connId()
            .field("proto", "enum")
            .field("service", "string")
            .field("duration", "interval")
            .field("orig_bytes", "count")
            .field("resp_bytes", "count")
            .field("conn_state", "string")
            .field("local_orig", "bool")
            .field("local_resp", "bool")
            .field("missed_bytes", "count")
            .field("history", "string")
            .field("orig_pkts", "count")
            .field("orig_ip_bytes", "count")
            .field("resp_pkts", "count")
            .field("resp_ip_bytes", "count")
            .field("tunnel_parents", "set[string]")
            .field("ip_proto", "count")
            .field("vlan", "int")
            .field("inner_vlan", "int")
            .field("community_id", "string")
            .field("orig_l2_addr", "string")
            .field("resp_l2_addr", "string")
            .field("source", "string")
            .field("service_nonstandard_port", "string")
            .field("exporter", "string")))))
            .build();

    @Override
    public Ds0029Component component() {
        return Ds0029Component.NETWORK_TRAFFIC_FLOW;
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
        out.stringOrUnset(service);
        out.intervalOrUnset(durationNanos);
        out.countOrUnset(origBytes);
        out.countOrUnset(respBytes);
        out.stringOrUnset(connState);
        if (localOrig == null) out.unset(); else out.bool(localOrig);
        if (localResp == null) out.unset(); else out.bool(localResp);
        out.count(missedBytes);
        out.stringOrUnset(history == null || history.isEmpty() ? null : history);
        out.count(origPkts);
        out.count(origIpBytes);
        out.count(respPkts);
        out.count(respIpBytes);
        if (tunnelParents.isEmpty()) out.unset(); else out.strings(tunnelParents);
        out.count(ipProto);
        if (vlan >= 0) out.integer(vlan); else out.unset();
        if (innerVlan >= 0) out.integer(innerVlan); else out.unset();
        out.stringOrUnset(communityId());
        out.stringOrUnset(origL2Addr);
        out.stringOrUnset(respL2Addr);
        out.stringOrUnset(source);
        out.stringOrUnset(serviceNonStandardPort);
        out.stringOrUnset(exporter);
        ProcessInfo.write(process, out);
        IcmpEchoSummary.write(icmpEcho, out);
        UnidentifiedPayload.write(payload, out);
        TcpFingerprints.write(tcpFingerprints, out);
    }
}
