package io.sluice.ingest.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.event.ConnId;
import io.sluice.event.FlowRecord;
import io.sluice.ingest.IngestRun;
import org.junit.jupiter.api.Test;

class GcpVpcFlowFormatTest {

    private final GcpVpcFlowFormat format = new GcpVpcFlowFormat();

    static String entry(String src, int sport, String dst, int dport, String reporter, String start) {
        return "{\"jsonPayload\":{\"bytes_sent\":\"1776\",\"packets_sent\":\"7\",\"connection\":{\"src_ip\":\"" + src
                + "\",\"src_port\":" + sport + ",\"dest_ip\":\"" + dst + "\",\"dest_port\":" + dport + ",\"protocol\":6},"
                + "\"reporter\":\"" + reporter + "\",\"start_time\":\"" + start + "\",\"end_time\":\"2024-01-01T00:00:05.5Z\","
                + "\"src_instance\":{\"project_id\":\"p\",\"zone\":\"z-a\",\"vm_name\":\"web\"},"
                + "\"dest_instance\":{\"project_id\":\"p\",\"zone\":\"z-b\",\"vm_name\":\"db\"}},"
                + "\"logName\":\"projects/p/logs/compute.googleapis.com%2Fvpc_flows\","
                + "\"resource\":{\"type\":\"gce_subnetwork\",\"labels\":{\"project_id\":\"p\",\"subnetwork_id\":\"42\"}}}";
    }

    @Test
    void cloudLoggingEntriesOneConnectionReportedByBothEnds() {
        String in = entry("10.0.0.2", 40000, "10.0.0.3", 5432, "SRC", "2024-01-01T00:00:00.25Z") + "\n"
                + entry("10.0.0.2", 40000, "10.0.0.3", 5432, "DEST", "2024-01-01T00:00:00.30Z") + "\n";
        assertThat(IngestRun.recognises(format, in)).isTrue();
        IngestRun run = IngestRun.of(format, in);
        assertThat(run.problems).isEmpty();
        assertThat(run.flows()).extracting(FlowRecord::exporter).containsExactly("p/z-a/web", "p/z-b/db");
        FlowRecord f = run.flows().get(0);
        assertThat(f.id()).isEqualTo(new ConnId("10.0.0.2", 40000, "10.0.0.3", 5432));
        assertThat(f.origPkts()).isEqualTo(7);
        assertThat(f.origIpBytes()).isEqualTo(1776);
        assertThat(f.tsNanos()).isEqualTo(1_704_067_200_250_000_000L);
        assertThat(f.durationNanos()).isEqualTo(5_250_000_000L);
        assertThat(run.creations()).hasSize(1); // the second reporter's record is the same connection
    }

    @Test
    void bareJsonPayloadArrayAndABadEntry() {
        String in = "[\n{\"connection\":{\"src_ip\":\"10.0.0.2\",\"src_port\":1,\"dest_ip\":\"10.0.0.3\",\"dest_port\":2,"
                + "\"protocol\":17},\"start_time\":\"2024-01-01T00:00:00Z\",\"bytes_sent\":10,\"packets_sent\":1,\"reporter\":\"SRC\"},\n"
                + "{\"connection\":{\"src_ip\":\"nope\",\"dest_ip\":\"10.0.0.3\",\"protocol\":17},\"start_time\":\"2024-01-01T00:00:00Z\"},\n"
                + "{\"connection\":{\"src_ip\":\"10.0.0.4\",\"src_port\":1,\"dest_ip\":\"10.0.0.3\",\"dest_port\":2,"
                + "\"protocol\":17},\"start_time\":\"2024-01-01T00:00:00Z\"}\n]\n";
        IngestRun run = IngestRun.of(format, in);
        assertThat(run.flows()).extracting(f -> f.id().origH()).containsExactly("10.0.0.2", "10.0.0.4");
        assertThat(run.problems).singleElement().satisfies(p -> assertThat(p.position()).isEqualTo("line 3"));
        assertThat(run.flows().get(1).durationNanos()).isNull();
    }
}
