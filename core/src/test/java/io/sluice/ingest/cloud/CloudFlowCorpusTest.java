package io.sluice.ingest.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.ConnectionCreation.Outcome;
import io.sluice.event.FlowRecord;
import io.sluice.ingest.IngestRun;
import io.sluice.testing.Corpus;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The cloud flow log samples of corpus cloud-flows/ against Elastic's expected ingest-pipeline
 * output (the *.expected.tsv files transcribe its key fields), field by field. Elastic's ECS fields
 * map to ours as follows:
 *
 * <pre>
 * Elastic (ECS / aws.vpcflow / azure)   Sluice FlowRecord (conn.log) / ConnectionCreation
 * source.ip, source.port                id.orig_h, id.orig_p
 * destination.ip, destination.port      id.resp_h, id.resp_p   (ICMP: see below)
 * network.iana_number                   ip_proto
 * network.transport, protocol           proto
 * network.packets / packets.sent        orig_pkts
 * network.bytes / bytes.sent            orig_ip_bytes          (flow logs count IP bytes)
 * packets.received, bytes.received      resp_pkts, resp_ip_bytes
 * event.start / tuple.timestamp         ts
 * event.end                             ts + duration
 * aws.vpcflow.action, event.outcome,    conn_state REJ (REJECT/Deny) or OTH; creation outcome
 *   traffic.decision                      "rejected" for REJECT/Deny
 * aws.vpcflow.log_status NODATA/SKIPDATA no event (the records carry no flow)
 * network.community_id                  community_id
 * aws.vpcflow.interface_id              exporter
 * </pre>
 *
 * Known difference: for ICMP Elastic writes destination.port 0 (the log's dstport); Sluice writes
 * Zeek's ICMP "port", the counterpart type (AWS's 0/0 read as type 0, echo reply → 8). The
 * Community ID is computed from the same type/code, so it equals Elastic's.
 */
@Tag("corpus")
@EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
class CloudFlowCorpusTest {

    @Test
    void awsV2SamplesMatchElasticLineByLine() throws IOException {
        var file = Corpus.file("cloud-flows/aws-vpcflow/test-extra-samples.log");
        assertThat(IngestRun.recognisedName(file)).isEqualTo("aws-vpc");
        IngestRun run = IngestRun.of(new AwsVpcFlowFormat(), file);
        assertThat(run.problems).isEmpty();
        List<String> expected = Files.readAllLines(Corpus.file("cloud-flows/aws-vpcflow/test-extra-samples.expected.tsv"));
        List<String> header = List.of(expected.get(0).split("\t"));
        List<FlowRecord> flows = run.flows();
        int f = 0;
        int compared = 0;
        for (String row : expected.subList(1, expected.size())) {
            Map<String, String> e = new HashMap<>();
            String[] v = row.split("\t");
            for (int i = 0; i < header.size(); i++) e.put(header.get(i), v[i]);
            if (!e.get("log_status").equals("OK")) {
                continue; // NODATA / SKIPDATA: Elastic keeps only times; Sluice emits nothing for them
            }
            FlowRecord r = flows.get(f++);
            String line = "line " + e.get("line");
            int proto = Integer.parseInt(e.get("iana_proto"));
            assertThat(r.id().origH()).as(line).isEqualTo(e.get("src_ip"));
            assertThat(r.id().respH()).as(line).isEqualTo(e.get("dst_ip"));
            assertThat(r.id().origP()).as(line).isEqualTo(Integer.parseInt(e.get("src_port")));
            if (proto == 1) {
                assertThat(r.id().respP()).as(line + " ICMP counterpart of type 0").isEqualTo(8);
            } else {
                assertThat(r.id().respP()).as(line).isEqualTo(Integer.parseInt(e.get("dst_port")));
            }
            assertThat(r.ipProto()).as(line).isEqualTo(proto);
            assertThat(r.origPkts()).as(line).isEqualTo(Long.parseLong(e.get("packets")));
            assertThat(r.origIpBytes()).as(line).isEqualTo(Long.parseLong(e.get("bytes")));
            assertThat(r.tsNanos()).as(line).isEqualTo(nanos(e.get("event_start")));
            assertThat(r.tsNanos() + r.durationNanos()).as(line).isEqualTo(nanos(e.get("event_end")));
            assertThat(r.connState()).as(line).isEqualTo(e.get("action").equals("REJECT") ? "REJ" : "OTH");
            assertThat(r.communityId()).as(line).isEqualTo(e.get("community_id"));
            assertThat(r.exporter()).as(line).startsWith("eni-");
            compared++;
        }
        assertThat(compared).isEqualTo(5);
        assertThat(flows).hasSize(5);
        // Every flow is its connection's first record here, and REJECT makes a rejected creation.
        assertThat(run.creations()).hasSize(5);
        assertThat(run.creations().stream().filter(c -> c.outcome() == Outcome.REJECTED)).hasSize(2);
    }

    @Test
    void awsV5AllFieldsMatchElastic() throws IOException {
        var file = Corpus.file("cloud-flows/aws-vpcflow/test-v5-all-fields.log");
        assertThat(IngestRun.recognisedName(file)).isEqualTo("aws-vpc");
        IngestRun run = IngestRun.of(new AwsVpcFlowFormat(), file);
        assertThat(run.problems).isEmpty();
        Map<String, String> e = fieldValues("cloud-flows/aws-vpcflow/test-v5-all-fields.expected.tsv");
        FlowRecord r = run.flows().get(0);
        assertThat(run.flows()).hasSize(1);
        assertThat(r.id().origH()).isEqualTo(e.get("source.ip"));
        assertThat(r.id().origP()).isEqualTo(Integer.parseInt(e.get("source.port")));
        assertThat(r.id().respH()).isEqualTo(e.get("destination.ip"));
        assertThat(r.id().respP()).isEqualTo(Integer.parseInt(e.get("destination.port")));
        assertThat(r.proto()).isEqualTo(e.get("network.transport"));
        assertThat(r.ipProto()).isEqualTo(Integer.parseInt(e.get("network.iana_number")));
        assertThat(r.origPkts()).isEqualTo(Long.parseLong(e.get("network.packets")));
        assertThat(r.origIpBytes()).isEqualTo(Long.parseLong(e.get("network.bytes")));
        assertThat(r.tsNanos()).isEqualTo(nanos(e.get("event.start")));
        assertThat(r.tsNanos() + r.durationNanos()).isEqualTo(nanos(e.get("event.end")));
        assertThat(r.connState()).isEqualTo("REJ"); // aws.vpcflow.action REJECT, event.outcome failure
        assertThat(e.get("aws.vpcflow.action")).isEqualTo("REJECT");
        assertThat(r.communityId()).isEqualTo(e.get("network.community_id"));
        assertThat(r.exporter()).isEqualTo(e.get("aws.vpcflow.interface_id"));
        ConnectionCreation c = run.creations().get(0);
        assertThat(c.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(c.uid()).isEqualTo(r.uid());
    }

    @Test
    void awsCustomV3TgwAndV8SamplesParseWithTheirRawFields() {
        // No Elastic expectations staged for these: the raw fields are compared instead.
        var v3 = Corpus.file("cloud-flows/aws-vpcflow/test-tcp-flag-sequence.log");
        assertThat(IngestRun.recognisedName(v3)).isEqualTo("aws-vpc");
        IngestRun r3 = IngestRun.of(new AwsVpcFlowFormat(), v3);
        assertThat(r3.problems).isEmpty();
        assertThat(r3.flows()).hasSize(1); // the other two records are SKIPDATA/NODATA without a flow
        FlowRecord f = r3.flows().get(0);
        assertThat(f.id()).isEqualTo(new io.sluice.event.ConnId("52.213.180.42", 43416, "10.0.0.62", 5001));
        assertThat(f.origPkts()).isEqualTo(8);
        assertThat(f.origIpBytes()).isEqualTo(568);
        assertThat(r3.creations().get(0).outcome()).isEqualTo(Outcome.UNKNOWN); // tcp-flags 2: the SYN was seen

        var tgw = Corpus.file("cloud-flows/aws-vpcflow/test-tgw-samples.log");
        assertThat(IngestRun.recognisedName(tgw)).isEqualTo("aws-vpc");
        IngestRun rt = IngestRun.of(new AwsVpcFlowFormat(), tgw);
        assertThat(rt.problems).isEmpty();
        assertThat(rt.flows()).hasSize(10);
        FlowRecord t0 = rt.flows().get(0);
        assertThat(t0.id()).isEqualTo(new io.sluice.event.ConnId("1.128.0.0", 39464, "2a02:cf40::", 22));
        assertThat(t0.origPkts()).isEqualTo(49);
        assertThat(t0.origIpBytes()).isEqualTo(8947);
        assertThat(t0.exporter()).isEqualTo("tgw-attach-0789ijkl");
        assertThat(t0.durationNanos()).isEqualTo(25_000_000_000L);

        var v8 = Corpus.file("cloud-flows/aws-vpcflow/test-v8-samples.log");
        assertThat(IngestRun.recognisedName(v8)).isEqualTo("aws-vpc");
        IngestRun r8 = IngestRun.of(new AwsVpcFlowFormat(), v8);
        assertThat(r8.problems).isEmpty();
        assertThat(r8.flows()).hasSize(1);
        assertThat(r8.flows().get(0).id()).isEqualTo(new io.sluice.event.ConnId("2a02:cf40::", 42910, "1.128.0.0", 80));
        assertThat(r8.flows().get(0).connState()).isEqualTo("REJ");
    }

    @Test
    void azureNsgV2MatchesElastic() throws IOException {
        var file = Corpus.file("cloud-flows/azure-nsg/test-nsg.log");
        assertThat(IngestRun.recognisedName(file)).isEqualTo("azure-flow");
        IngestRun run = IngestRun.of(new AzureFlowLogFormat(), file);
        assertThat(run.problems).isEmpty();
        Map<String, String> e = fieldValues("cloud-flows/azure-nsg/test-nsg.expected.tsv");
        assertThat(run.flows()).hasSize(1);
        FlowRecord r = run.flows().get(0);
        assertThat(r.id().origH()).isEqualTo(e.get("source.ip"));
        assertThat(r.id().origP()).isEqualTo(Integer.parseInt(e.get("source.port")));
        assertThat(r.id().respH()).isEqualTo(e.get("destination.ip"));
        assertThat(r.id().respP()).isEqualTo(Integer.parseInt(e.get("destination.port")));
        assertThat(r.proto()).isEqualToIgnoringCase(e.get("protocol"));
        assertThat(r.tsNanos()).isEqualTo(nanos(e.get("tuple.timestamp")));
        assertThat(r.origPkts()).isEqualTo(Long.parseLong(e.get("packets.sent")));
        assertThat(r.origIpBytes()).isEqualTo(Long.parseLong(e.get("bytes.sent")));
        assertThat(r.respPkts()).isEqualTo(Long.parseLong(e.get("packets.received")));
        assertThat(r.respIpBytes()).isEqualTo(Long.parseLong(e.get("bytes.received")));
        assertThat(e.get("traffic.decision")).isEqualTo("Allowed");
        assertThat(r.connState()).isEqualTo("OTH");
        assertThat(r.source()).isEqualTo("azure-nsg");
        assertThat(r.exporter()).endsWith("/NETWORKSECURITYGROUPS/FABRIAKMVM1-NSG");
        assertThat(e.get("flow_state")).isEqualTo("End");
        assertThat(run.creations()).singleElement().extracting(ConnectionCreation::outcome).isEqualTo(Outcome.MIDSTREAM);
    }

    @Test
    void gcpEntriesCarryTheirRawFields() throws IOException {
        var file = Corpus.file("cloud-flows/gcp-vpcflow/test-vpcflow-event.first7.jsonl");
        assertThat(IngestRun.recognisedName(file)).isEqualTo("gcp-vpc");
        IngestRun run = IngestRun.of(new GcpVpcFlowFormat(), file);
        assertThat(run.problems).isEmpty();
        List<String> lines = Files.readAllLines(file);
        assertThat(run.flows()).hasSize(lines.size());
        var json = new ObjectMapper();
        for (int i = 0; i < lines.size(); i++) {
            JsonNode p = json.readTree(lines.get(i)).get("jsonPayload");
            JsonNode c = p.get("connection");
            FlowRecord r = run.flows().get(i);
            String line = "line " + (i + 1);
            assertThat(r.id().origH()).as(line).isEqualTo(c.get("src_ip").asText());
            assertThat(r.id().origP()).as(line).isEqualTo(c.get("src_port").asInt());
            assertThat(r.id().respH()).as(line).isEqualTo(c.get("dest_ip").asText());
            assertThat(r.id().respP()).as(line).isEqualTo(c.get("dest_port").asInt());
            assertThat(r.ipProto()).as(line).isEqualTo(c.get("protocol").asInt());
            assertThat(r.origPkts()).as(line).isEqualTo(p.get("packets_sent").asLong());
            assertThat(r.origIpBytes()).as(line).isEqualTo(p.get("bytes_sent").asLong());
            assertThat(r.tsNanos()).as(line).isEqualTo(nanos(p.get("start_time").asText()));
            assertThat(r.tsNanos() + r.durationNanos()).as(line).isEqualTo(nanos(p.get("end_time").asText()));
            String reporter = p.get("reporter").asText();
            JsonNode vm = p.get(reporter.equals("SRC") ? "src_instance" : "dest_instance");
            assertThat(r.exporter()).as(line).endsWith("/" + vm.get("vm_name").asText());
            assertThat(r.communityId()).as(line).startsWith("1:");
            assertThat(r.source()).isEqualTo("gcp-vpc");
        }
    }

    private static Map<String, String> fieldValues(String rel) throws IOException {
        Map<String, String> m = new HashMap<>();
        for (String l : Files.readAllLines(Corpus.file(rel)).subList(1, Files.readAllLines(Corpus.file(rel)).size())) {
            int tab = l.indexOf('\t');
            if (tab > 0) m.put(l.substring(0, tab), l.substring(tab + 1));
        }
        return m;
    }

    private static long nanos(String iso) {
        Instant i = Instant.parse(iso);
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
