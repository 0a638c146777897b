package io.sluice.ingest.cloud;

import io.sluice.event.ConnectionCreation.Outcome;
import io.sluice.ingest.IngestContext;
import io.sluice.ingest.IngestEvents;
import io.sluice.ingest.IngestFormat;
import io.sluice.ingest.IngestFormats;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * AWS VPC Flow Logs (default v2 format, custom formats v3 to v8 with or without their header line)
 * and Transit Gateway flow logs, as delivered to S3 or CloudWatch Logs (space-separated text).
 *
 * <p>Each record is one direction of one connection over one aggregation interval, so it becomes a
 * {@code FlowRecord} with the source as originator and its packets and bytes (IP bytes) on the
 * originator side. When the record's TCP flags show a SYN-ACK, the record is the responder's
 * direction and is written the other way round (originator = destination, counts on the
 * responder side). A connection's first record also becomes a {@code ConnectionCreation}:
 * REJECT → rejected; TCP whose first record has no SYN → midstream; otherwise unknown (flow logs
 * do not say whether the responder answered). NODATA and SKIPDATA records without addresses
 * are skipped. The exporter is the interface id (Transit Gateway: the attachment id).
 */
public final class AwsVpcFlowFormat implements IngestFormat {

    @Override
    public String name() {
        return "aws-vpc";
    }

    @Override
    public String description() {
        return "AWS VPC Flow Logs (v2 default, custom v3-v8 with header) and Transit Gateway flow logs";
    }

    @Override
    public boolean recognises(byte[] head, int length) {
        String s = new String(head, 0, length, StandardCharsets.UTF_8);
        int nl = s.indexOf('\n');
        String first = (nl < 0 ? s : s.substring(0, nl)).strip();
        String[] t = IngestEvents.fields(first);
        if (AwsFlowLogLayout.isHeader(t)) return true;
        if (t.length < 2 || t[0].length() != 1 || t[0].charAt(0) < '2' || t[0].charAt(0) > '8') return false;
        if (nl < 0 && length >= IngestFormats.HEAD_BYTES) return false;
        AwsFlowLogLayout l = AwsFlowLogLayout.documented(t);
        if (l == null) return false;
        String status = l.logStatus() >= 0 ? t[l.logStatus()] : "";
        return status.equals("OK") || status.equals("NODATA") || status.equals("SKIPDATA");
    }

    @Override
    public void read(InputStream in, IngestContext context) throws IOException {
        var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        var emitter = new CloudFlowEmitter(context);
        AwsFlowLogLayout header = null;
        long lineNo = 0;
        long noFlow = 0;
        String line;
        while ((line = reader.readLine()) != null) {
            lineNo++;
            String s = line.strip();
            if (s.isEmpty()) continue;
            String[] t = IngestEvents.fields(s);
            if (AwsFlowLogLayout.isHeader(t)) {
                header = AwsFlowLogLayout.of(List.of(t));
                if (!header.usable()) {
                    context.problem("line " + lineNo, "header lacks srcaddr, dstaddr, protocol or start; "
                            + "lines under it cannot be read");
                }
                continue;
            }
            AwsFlowLogLayout layout = header != null ? header : AwsFlowLogLayout.documented(t);
            if (layout == null) {
                context.problem("line " + lineNo, t.length + " fields and no header line: not a documented "
                        + "AWS flow log layout");
                continue;
            }
            if (!layout.usable()) continue;
            AwsFlowLogLine r;
            try {
                r = AwsFlowLogLine.parse(t, layout);
            } catch (AwsFlowLogLine.Malformed e) {
                context.problem("line " + lineNo, e.getMessage());
                continue;
            }
            if (r.noFlow()) {
                noFlow++;
                continue;
            }
            emit(r, emitter);
        }
        if (noFlow > 0) {
            context.notice(noFlow + " NODATA/SKIPDATA records without a flow");
        }
    }

    static void emit(AwsFlowLogLine r, CloudFlowEmitter emitter) {
        boolean reply = r.protocol() == 6 && r.tcpFlags() >= 0 && (r.tcpFlags() & 0x10) != 0;
        boolean rejected = "REJECT".equals(r.action());
        Outcome outcome = r.protocol() == 6 && r.tcpFlags() >= 0 && (r.tcpFlags() & 0x02) == 0
                ? Outcome.MIDSTREAM : Outcome.UNKNOWN;
        long ts = r.start() * 1_000_000_000L;
        Long duration = r.end() >= r.start() ? (r.end() - r.start()) * 1_000_000_000L : null;
        if (reply) {
            emitter.emit(new CloudFlowEmitter.CloudFlow(ts, duration, r.dstaddr(), r.dstport(), r.srcaddr(),
                    r.srcport(), r.protocol(), 0, 0, r.packets(), r.bytes(), rejected, Outcome.ESTABLISHED, "aws-vpc",
                    r.exporter()), true);
        } else {
            emitter.emit(new CloudFlowEmitter.CloudFlow(ts, duration, r.srcaddr(), r.srcport(), r.dstaddr(),
                    r.dstport(), r.protocol(), r.packets(), r.bytes(), 0, 0, rejected, outcome, "aws-vpc",
                    r.exporter()), true);
        }
    }
}
