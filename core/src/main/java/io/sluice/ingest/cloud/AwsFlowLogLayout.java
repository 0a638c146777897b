package io.sluice.ingest.cloud;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which field sits at which position of an AWS flow log line. A custom format names its fields
 * in a header line ("version account-id interface-id srcaddr ..."); without one, the line is read
 * as one of AWS's documented layouts, chosen by the number of fields: the default v2 format (14),
 * every field of v3 (21), v4 (25), v5 (29), v7 (39) and v8 (40) in AWS's documented order, and the
 * Transit Gateway default format (36, recognised by its {@code tgw-} id in the fourth field).
 * Delivering a custom subset without its header cannot be read: nothing says which fields it has.
 */
record AwsFlowLogLayout(List<String> fields, int version, int srcaddr, int dstaddr, int srcport, int dstport,
        int protocol, int packets, int bytes, int start, int end, int action, int logStatus, int tcpFlags,
        int interfaceId, int tgwAttachmentId, int instanceId, int flowDirection) {

    static final List<String> V2 = List.of("version", "account-id", "interface-id", "srcaddr", "dstaddr",
            "srcport", "dstport", "protocol", "packets", "bytes", "start", "end", "action", "log-status");
    static final List<String> V3_ADDS = List.of("vpc-id", "subnet-id", "instance-id", "tcp-flags", "type",
            "pkt-srcaddr", "pkt-dstaddr");
    static final List<String> V4_ADDS = List.of("region", "az-id", "sublocation-type", "sublocation-id");
    static final List<String> V5_ADDS = List.of("pkt-src-aws-service", "pkt-dst-aws-service", "flow-direction",
            "traffic-path");
    static final List<String> V7_ADDS = List.of("ecs-cluster-arn", "ecs-cluster-name", "ecs-container-instance-arn",
            "ecs-container-instance-id", "ecs-container-id", "ecs-second-container-id", "ecs-service-name",
            "ecs-task-definition-arn", "ecs-task-arn", "ecs-task-id");
    static final List<String> V8_ADDS = List.of("reject-reason");
    static final List<String> TGW = List.of("version", "resource-type", "account-id", "tgw-id", "tgw-attachment-id",
            "tgw-src-vpc-account-id", "tgw-dst-vpc-account-id", "tgw-src-vpc-id", "tgw-dst-vpc-id",
            "tgw-src-subnet-id", "tgw-dst-subnet-id", "tgw-src-eni", "tgw-dst-eni", "tgw-src-az-id", "tgw-dst-az-id",
            "tgw-pair-attachment-id", "srcaddr", "dstaddr", "srcport", "dstport", "protocol", "packets", "bytes",
            "start", "end", "log-status", "type", "packets-lost-no-route", "packets-lost-blackhole",
            "packets-lost-mtu-exceeded", "packets-lost-ttl-expired", "tcp-flags", "region", "flow-direction",
            "pkt-src-aws-service", "pkt-dst-aws-service");

    static AwsFlowLogLayout of(List<String> fields) {
        return new AwsFlowLogLayout(List.copyOf(fields), fields.indexOf("version"), fields.indexOf("srcaddr"),
                fields.indexOf("dstaddr"), fields.indexOf("srcport"), fields.indexOf("dstport"),
                fields.indexOf("protocol"), fields.indexOf("packets"), fields.indexOf("bytes"),
                fields.indexOf("start"), fields.indexOf("end"), fields.indexOf("action"),
                fields.indexOf("log-status"), fields.indexOf("tcp-flags"), fields.indexOf("interface-id"),
                fields.indexOf("tgw-attachment-id"), fields.indexOf("instance-id"), fields.indexOf("flow-direction"));
    }

    private static final AwsFlowLogLayout[] DOCUMENTED = {
        of(V2), of(concat(V2, V3_ADDS)), of(concat(V2, V3_ADDS, V4_ADDS)), of(concat(V2, V3_ADDS, V4_ADDS, V5_ADDS)),
        of(concat(V2, V3_ADDS, V4_ADDS, V5_ADDS, V7_ADDS)), of(concat(V2, V3_ADDS, V4_ADDS, V5_ADDS, V7_ADDS, V8_ADDS)),
    };
    private static final AwsFlowLogLayout TRANSIT_GATEWAY = of(TGW);

    /** The documented layout a header-less line of these fields has, or null. */
    static AwsFlowLogLayout documented(String[] tokens) {
        if (tokens.length == TGW.size() && tokens[3].startsWith("tgw-")) return TRANSIT_GATEWAY;
        for (AwsFlowLogLayout l : DOCUMENTED) {
            if (l.fields.size() == tokens.length) return l;
        }
        return null;
    }

    /**
     * Whether a line is a header naming the fields (as AWS writes it above custom formats, in the
     * order the format chose; {@code version} need not be among them).
     */
    static boolean isHeader(String[] tokens) {
        var names = Arrays.asList(tokens);
        return names.contains("srcaddr") && names.contains("dstaddr");
    }

    /** Whether the layout has what a flow needs: both addresses, protocol, and the start time. */
    boolean usable() {
        return srcaddr >= 0 && dstaddr >= 0 && protocol >= 0 && start >= 0;
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        var out = new ArrayList<String>();
        for (List<String> p : parts) out.addAll(p);
        return out;
    }
}
