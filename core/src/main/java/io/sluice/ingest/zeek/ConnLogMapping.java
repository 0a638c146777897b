package io.sluice.ingest.zeek;

import io.sluice.event.ConnId;
import io.sluice.event.DeferredText;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.ConnectionCreation.Outcome;
import io.sluice.event.FlowRecord;
import io.sluice.event.ProcessInfo;
import io.sluice.event.TcpFingerprints;
import io.sluice.event.UnidentifiedPayload;
import io.sluice.flow.IcmpTypes;
import io.sluice.ingest.IngestContext;
import java.util.List;

/**
 * {@code conn.log} → {@link ConnectionCreation} then {@link FlowRecord}, as the flow table emits
 * them for a connection seen in packets. The creation's outcome comes from {@code conn_state} (and
 * the history, which tells a connection picked up mid-stream); for UDP and ICMP from whether the
 * responder sent packets. The Community ID is the log's when it has one, else computed.
 */
final class ConnLogMapping implements ZeekLogMapping {
    static final String SOURCE = "zeek";

    @Override
    public String path() {
        return "conn";
    }

    @Override
    public List<String> signature() {
        return List.of("proto", "conn_state");
    }

    @Override
    public void map(ZeekRow r, IngestContext context, String exporter) {
        long ts = r.requiredTime("ts");
        String uid = r.string("uid");
        if (uid == null) uid = context.newUid();
        ConnId id = r.connId();
        String proto = r.required("proto");
        boolean v6 = id.origH().indexOf(':') >= 0;
        int ipProto = (int) r.count("ip_proto", ipProto(proto, v6));
        String communityId = r.string("community_id");
        if (communityId == null) {
            boolean icmp = ipProto == 1 || ipProto == 58;
            boolean oneWay = icmp && IcmpTypes.counterpart(ipProto == 58, id.origP()) < 0;
            communityId = context.communityId(id.origH(), id.origP(), id.respH(), id.respP(), ipProto, oneWay);
        }
        String connState = r.string("conn_state");
        String history = r.string("history");
        Long respPkts = r.count("resp_pkts");
        Boolean localOrig = r.bool("local_orig");
        Boolean localResp = r.bool("local_resp");
        int vlan = (int) r.count("vlan", -1);
        ProcessInfo process = process(r);
        context.emit(new ConnectionCreation(ts, uid, id, proto, outcome(proto, connState, history, respPkts),
                localOrig != null && localOrig, localResp != null && localResp, vlan, communityId, SOURCE, exporter,
                process));
        context.emit(new FlowRecord(ts, uid, id, proto, r.string("service"), r.interval("duration"),
                r.count("orig_bytes"), r.count("resp_bytes"), connState == null ? "OTH" : connState, localOrig,
                localResp, r.count("missed_bytes", 0), history, r.count("orig_pkts", 0), r.count("orig_ip_bytes", 0),
                respPkts == null ? 0 : respPkts, r.count("resp_ip_bytes", 0), r.strings("tunnel_parents"), ipProto,
                vlan, (int) r.count("inner_vlan", -1), DeferredText.of(communityId), r.string("orig_l2_addr"),
                r.string("resp_l2_addr"), SOURCE, r.string("service_nonstandard_port"), exporter, process, null,
                payload(r), TcpFingerprints.Texts.of(r.string("ja4t"), r.string("ja4ts"), r.string("ja4l"), r.string("ja4ls"))));
    }

    /** Sluice's measure of unidentified payload, when the log is Sluice's own conn.log with it. */
    static UnidentifiedPayload payload(ZeekRow r) {
        long orig = r.count("orig_payload_sampled", 0), resp = r.count("resp_payload_sampled", 0);
        if (orig == 0 && resp == 0) return null;
        return new UnidentifiedPayload((int) Math.min(orig, Integer.MAX_VALUE), real(r, "orig_payload_entropy"),
                head(r, "orig_payload_head"), (int) Math.min(resp, Integer.MAX_VALUE), real(r, "resp_payload_entropy"),
                head(r, "resp_payload_head"));
    }

    private static Double real(ZeekRow r, String name) {
        String v = r.string(name);
        if (v == null) return null;
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new BadFieldException("field " + name + ": not a number: \"" + v + "\"");
        }
    }

    private static long head(ZeekRow r, String name) {
        String v = r.string(name);
        if (v == null) return -1;
        if (v.length() != 8) throw new BadFieldException("field " + name + ": not four bytes in hex: \"" + v + "\"");
        try {
            return Long.parseLong(v, 16);
        } catch (NumberFormatException e) {
            throw new BadFieldException("field " + name + ": not four bytes in hex: \"" + v + "\"");
        }
    }

    static int ipProto(String proto, boolean v6) {
        return switch (proto) {
            case "tcp" -> 6;
            case "udp" -> 17;
            case "icmp" -> v6 ? 58 : 1;
            default -> 0;
        };
    }

    /**
     * Zeek's conn_state meanings (base/protocols/conn/main.zeek): S0, SH and RSTOS0 saw the SYN and
     * no answer; REJ was refused; OTH, SHR and RSTRH never saw the originator's SYN; the rest were
     * established, unless the history shows no SYN (mid-stream pick-up).
     */
    static Outcome outcome(String proto, String connState, String history, Long respPkts) {
        if (!proto.equals("tcp")) {
            if (respPkts != null) return respPkts > 0 ? Outcome.ANSWERED : Outcome.NOT_ANSWERED;
            if (connState == null) return Outcome.UNKNOWN;
            return switch (connState) {
                case "S0" -> Outcome.NOT_ANSWERED;
                case "SF", "S1", "SHR" -> Outcome.ANSWERED;
                default -> Outcome.UNKNOWN;
            };
        }
        if (connState == null) return Outcome.UNKNOWN;
        return switch (connState) {
            case "REJ" -> Outcome.REJECTED;
            case "S0", "SH", "RSTOS0" -> Outcome.UNANSWERED;
            case "OTH", "SHR", "RSTRH" -> Outcome.MIDSTREAM;
            case "S1", "S2", "S3", "SF", "RSTO", "RSTR" ->
                    history != null && !history.isEmpty() && history.indexOf('S') < 0 ? Outcome.MIDSTREAM
                            : Outcome.ESTABLISHED;
            default -> Outcome.UNKNOWN;
        };
    }

    /** The host-side columns of a conn.log that Sluice wrote from Sysmon or host events; null when absent. */
    private static ProcessInfo process(ZeekRow r) {
        if (!r.has("process_image") && !r.has("process_id") && !r.has("process_user") && !r.has("host_name")
                && !r.has("orig_h_name") && !r.has("resp_h_name")) {
            return null;
        }
        return new ProcessInfo(r.text("process_image"), r.count("process_id"), r.text("process_user"),
                r.text("host_name"), r.text("orig_h_name"), r.text("resp_h_name"));
    }
}
