package io.sluice.ingest.cloud;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.event.ConnectionCreation.Outcome;
import io.sluice.ingest.IngestContext;
import io.sluice.ingest.IngestFormat;
import io.sluice.ingest.json.SharedMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Azure Network Watcher flow logs: NSG flow logs v1 and v2
 * ({@code records[].properties.flows[].flows[].flowTuples}) and VNet flow logs
 * ({@code records[].flowRecords.flows[].flowGroups[].flowTuples}), as the hourly blobs Azure writes
 * ({@code {"records": [...]}}), or one record per line as Event Hub and Elastic deliver them.
 *
 * <p>Blobs can be large, so the file is read with Jackson's streaming parser and only one record
 * at a time is held as a tree. A tuple that does not parse is reported and the others are kept; a
 * file that stops being JSON is reported at the line where it does and the records before are kept.
 *
 * <p>Each tuple with counts becomes a {@code FlowRecord} (source → destination is originator →
 * responder; counts since the flow's previous tuple; IP bytes). A flow's first tuple also becomes
 * a {@code ConnectionCreation}: denied → rejected; a "begin" tuple → unknown; a first tuple that
 * is already "continuing" or "end" → midstream for TCP, answered or not by the reverse packet count
 * for UDP. "Begin" tuples of allowed flows carry no counts and make no {@code FlowRecord}. NSG v1
 * has no counts at all: its tuples make flow records with zero counts, so that they appear in
 * {@code conn.log}. The exporter is the NSG (NSG logs) or the target resource (VNet logs).
 */
public final class AzureFlowLogFormat implements IngestFormat {


    @Override
    public String name() {
        return "azure-flow";
    }

    @Override
    public String description() {
        return "Azure NSG flow logs (v1, v2) and VNet flow logs (JSON blobs or one record per line)";
    }

    @Override
    public boolean recognises(byte[] head, int length) {
        String s = new String(head, 0, length, StandardCharsets.UTF_8).stripLeading();
        if (!s.startsWith("{") && !s.startsWith("[")) return false;
        return s.contains("NetworkSecurityGroupFlowEvent") || s.contains("FlowLogFlowEvent")
                || s.contains("\"flowTuples\"") || s.contains("\"flowRecords\"");
    }

    @Override
    public void read(InputStream in, IngestContext context) throws IOException {
        var emitter = new CloudFlowEmitter(context);
        int[] recordNo = {0};
        try (JsonParser p = SharedMapper.get().createParser(in)) {
            try {
                JsonToken t;
                while ((t = p.nextToken()) != null) {
                    if (t == JsonToken.START_ARRAY) {
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            long line = p.currentTokenLocation().getLineNr();
                            record(p.readValueAsTree(), line, ++recordNo[0], context, emitter);
                        }
                    } else if (t == JsonToken.START_OBJECT) {
                        rootObject(p, context, emitter, recordNo);
                    } else {
                        context.problem("line " + p.currentTokenLocation().getLineNr(), "expected a JSON object");
                        p.skipChildren();
                    }
                }
            } catch (JacksonException e) {
                long line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
                context.problem("line " + line, "not JSON from here on (" + e.getOriginalMessage()
                        + "); the records before are kept");
            }
        }
    }

    /** A blob ({@code {"records": [...]}}) streamed record by record, or a single record. */
    private static void rootObject(JsonParser p, IngestContext context, CloudFlowEmitter emitter, int[] recordNo)
            throws IOException {
        long startLine = p.currentTokenLocation().getLineNr();
        ObjectNode rest = SharedMapper.get().createObjectNode();
        boolean sawRecords = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (name.equals("records") && v == JsonToken.START_ARRAY) {
                sawRecords = true;
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    long line = p.currentTokenLocation().getLineNr();
                    record(p.readValueAsTree(), line, ++recordNo[0], context, emitter);
                }
            } else {
                rest.set(name, p.readValueAsTree());
            }
        }
        if (!sawRecords) record(rest, startLine, ++recordNo[0], context, emitter);
    }

    private static void record(JsonNode r, long line, int recordNo, IngestContext context, CloudFlowEmitter emitter) {
        String where = "line " + line + " record " + recordNo;
        JsonNode nsgFlows = r.path("properties").get("flows");
        JsonNode vnetFlows = r.path("flowRecords").get("flows");
        if (nsgFlows != null && nsgFlows.isArray()) {
            String nsg = text(r.get("resourceId"));
            for (JsonNode rule : nsgFlows) {
                for (JsonNode group : rule.path("flows")) {
                    tuples(group.path("flowTuples"), false, "azure-nsg", nsg, where, context, emitter);
                }
            }
        } else if (vnetFlows != null && vnetFlows.isArray()) {
            String target = text(r.get("targetResourceID"));
            String exporter = target != null ? target : text(r.get("flowLogResourceID"));
            for (JsonNode acl : vnetFlows) {
                for (JsonNode group : acl.path("flowGroups")) {
                    tuples(group.path("flowTuples"), true, "azure-vnet", exporter, where, context, emitter);
                }
            }
        } else {
            context.problem(where, "neither an NSG flow log record (properties.flows) nor a VNet flow log record "
                    + "(flowRecords.flows)");
        }
    }

    private static void tuples(JsonNode list, boolean vnet, String source, String exporter, String where,
            IngestContext context, CloudFlowEmitter emitter) {
        int i = 0;
        for (JsonNode n : list) {
            i++;
            AzureFlowTuple t;
            try {
                t = AzureFlowTuple.parse(n.asText(), vnet);
            } catch (AzureFlowTuple.Malformed e) {
                context.problem(where + " tuple " + i, e.getMessage());
                continue;
            }
            emit(t, source, exporter, emitter);
        }
    }

    static void emit(AzureFlowTuple t, String source, String exporter, CloudFlowEmitter emitter) {
        Outcome outcome;
        if (t.state() == 'C' || t.state() == 'E') {
            outcome = t.proto() == 6 ? Outcome.MIDSTREAM
                    : t.pktsIn() > 0 ? Outcome.ANSWERED : Outcome.NOT_ANSWERED;
        } else {
            outcome = Outcome.UNKNOWN;
        }
        boolean withFlow = t.denied() || t.state() != 'B';
        emitter.emit(new CloudFlowEmitter.CloudFlow(t.tsNanos(), null, t.src(), t.sport(), t.dst(), t.dport(), t.proto(),
                t.pktsOut(), t.bytesOut(), t.pktsIn(), t.bytesIn(), t.denied(), outcome, source, exporter), withFlow);
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() || n.isContainerNode() ? null : n.asText();
    }
}
