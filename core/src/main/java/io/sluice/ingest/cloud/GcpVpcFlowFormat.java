package io.sluice.ingest.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.event.ConnectionCreation.Outcome;
import io.sluice.ingest.IngestContext;
import io.sluice.ingest.IngestEvents;
import io.sluice.ingest.IngestFormat;
import io.sluice.ingest.json.JsonObjectStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * GCP VPC Flow Logs as exported from Cloud Logging (one LogEntry per line, or a JSON array from
 * {@code gcloud logging read --format=json}), or their bare {@code jsonPayload}s.
 *
 * <p>Each entry is one direction of one connection over one aggregation interval, sampled and
 * reported by one VM ({@code reporter} SRC or DEST): a {@code FlowRecord} with
 * {@code connection.src_*} as originator and {@code packets_sent}/{@code bytes_sent} on the
 * originator side, from {@code start_time} to {@code end_time}. The counts are of the sampled
 * packets scaled by GCP, so they are estimates. The exporter is the reporting VM
 * ("project/zone/vm"), or the subnetwork when the reporter is not a VM. GCP logs only allowed
 * traffic (firewall denies go to Firewall Rules Logging), so no record is rejected.
 */
public final class GcpVpcFlowFormat implements IngestFormat {

    @Override
    public String name() {
        return "gcp-vpc";
    }

    @Override
    public String description() {
        return "GCP VPC Flow Logs as JSON (Cloud Logging export, gcloud logging read)";
    }

    @Override
    public boolean recognises(byte[] head, int length) {
        String s = new String(head, 0, length, StandardCharsets.UTF_8).stripLeading();
        if (!s.startsWith("{") && !s.startsWith("[")) return false;
        return s.contains("\"connection\"") && (s.contains("vpc_flows") || s.contains("\"reporter\"")
                && s.contains("\"bytes_sent\""));
    }

    @Override
    public void read(InputStream in, IngestContext context) throws IOException {
        var emitter = new CloudFlowEmitter(context);
        JsonObjectStream.read(in, context, (node, line) -> {
            String problem = entry(node, emitter);
            if (problem != null) context.problem("line " + line, problem);
        });
    }

    /** Emits one entry's events; returns why it could not, or null. */
    static String entry(JsonNode node, CloudFlowEmitter emitter) {
        JsonNode p = node.has("jsonPayload") ? node.get("jsonPayload") : node;
        JsonNode c = p.get("connection");
        if (c == null || !c.isObject()) return "no jsonPayload.connection";
        String src = IngestEvents.address(text(c.get("src_ip")));
        String dst = IngestEvents.address(text(c.get("dest_ip")));
        if (src == null || dst == null) return "connection.src_ip or dest_ip is not an address";
        long proto = number(c.get("protocol"));
        if (proto < 0 || proto > 255) return "connection.protocol is not a protocol number";
        long sport = c.has("src_port") ? number(c.get("src_port")) : 0;
        long dport = c.has("dest_port") ? number(c.get("dest_port")) : 0;
        if (sport < 0 || sport > 65535 || dport < 0 || dport > 65535) return "connection port is not a port";
        long start = time(text(p.get("start_time")));
        long end = time(text(p.get("end_time")));
        if (start == Long.MIN_VALUE) start = time(text(node.get("timestamp")));
        if (start == Long.MIN_VALUE) return "no readable start_time";
        long packets = Math.max(0, number(p.get("packets_sent")));
        long bytes = Math.max(0, number(p.get("bytes_sent")));
        Long duration = end == Long.MIN_VALUE || end < start ? null : end - start;
        emitter.emit(new CloudFlowEmitter.CloudFlow(start, duration, src, (int) sport, dst, (int) dport, (int) proto,
                packets, bytes, 0, 0, false, Outcome.UNKNOWN, "gcp-vpc", exporter(node, p)), true);
        return null;
    }

    private static String exporter(JsonNode entry, JsonNode p) {
        String reporter = text(p.get("reporter"));
        JsonNode vm = "DEST".equals(reporter) ? p.get("dest_instance") : "SRC".equals(reporter) ? p.get("src_instance") : null;
        if (vm != null && vm.isObject() && vm.has("vm_name")) {
            return text(vm.get("project_id")) + "/" + text(vm.get("zone")) + "/" + text(vm.get("vm_name"));
        }
        JsonNode labels = entry.path("resource").path("labels");
        String subnet = text(labels.get("subnetwork_id"));
        return subnet != null ? text(labels.get("project_id")) + "/subnetworks/" + subnet : null;
    }

    private static long time(String s) {
        if (s == null) return Long.MIN_VALUE;
        try {
            Instant i = Instant.parse(s);
            return i.getEpochSecond() * 1_000_000_000L + i.getNano();
        } catch (DateTimeParseException e) {
            return Long.MIN_VALUE;
        }
    }

    /** GCP writes 64-bit counts as strings ("1776") and small ones as numbers. */
    private static long number(JsonNode n) {
        if (n == null || n.isNull()) return -1;
        if (n.isIntegralNumber()) return n.longValue();
        return IngestEvents.number(n.asText().trim());
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() || n.isContainerNode() ? null : n.asText();
    }
}
