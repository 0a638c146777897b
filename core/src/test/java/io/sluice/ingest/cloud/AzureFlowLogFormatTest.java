package io.sluice.ingest.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.event.ConnId;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.ConnectionCreation.Outcome;
import io.sluice.event.FlowRecord;
import io.sluice.ingest.IngestRun;
import io.sluice.packet.IpAddress;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class AzureFlowLogFormatTest {

    private final AzureFlowLogFormat format = new AzureFlowLogFormat();

    static String nsgBlob(int version, String... tuples) {
        return "{\n  \"records\": [\n    {\n      \"time\": \"2024-01-01T00:01:00Z\",\n"
                + "      \"category\": \"NetworkSecurityGroupFlowEvent\",\n"
                + "      \"resourceId\": \"/SUBSCRIPTIONS/S/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.NETWORK/NETWORKSECURITYGROUPS/NSG1\",\n"
                + "      \"properties\": {\"Version\": " + version + ", \"flows\": [{\"rule\": \"R\", \"flows\": [{\"mac\": \"000D3AF87856\","
                + " \"flowTuples\": [\"" + String.join("\",\"", tuples) + "\"]}]}]}\n    }\n  ]\n}\n";
    }

    @Test
    void nsgV2BeginContinueEndIsOneConnectionWithTwoFlowRecords() {
        String in = nsgBlob(2, "1704067200,10.0.0.4,13.67.143.118,44931,443,T,O,A,B,,,,",
                "1704067260,10.0.0.4,13.67.143.118,44931,443,T,O,A,C,30,16978,24,14008",
                "1704067320,10.0.0.4,13.67.143.118,44931,443,T,O,A,E,1,66,1,66",
                "1704067200,192.0.2.8,10.0.0.4,50000,22,T,I,D,B,,,,");
        assertThat(IngestRun.recognises(format, in)).isTrue();
        IngestRun run = IngestRun.of(format, in);
        assertThat(run.problems).isEmpty();
        assertThat(run.creations()).extracting(ConnectionCreation::id, ConnectionCreation::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple(new ConnId("10.0.0.4", 44931, "13.67.143.118", 443), Outcome.UNKNOWN),
                org.assertj.core.groups.Tuple.tuple(new ConnId("192.0.2.8", 50000, "10.0.0.4", 22), Outcome.REJECTED));
        assertThat(run.flows()).extracting(FlowRecord::origPkts).containsExactly(30L, 1L, 0L);
        FlowRecord c = run.flows().get(0);
        assertThat(c.origIpBytes()).isEqualTo(16978);
        assertThat(c.respPkts()).isEqualTo(24);
        assertThat(c.respIpBytes()).isEqualTo(14008);
        assertThat(c.tsNanos()).isEqualTo(1_704_067_260_000_000_000L);
        assertThat(c.exporter()).endsWith("/NSG1");
        assertThat(c.source()).isEqualTo("azure-nsg");
        assertThat(run.flows().get(2).connState()).isEqualTo("REJ");
    }

    @Test
    void nsgV1TuplesBecomeFlowsWithoutCounts() {
        IngestRun run = IngestRun.of(format, nsgBlob(1, "1704067200,10.0.0.4,10.0.0.5,1000,53,U,O,A"));
        assertThat(run.problems).isEmpty();
        assertThat(run.flows()).singleElement().satisfies(f -> {
            assertThat(f.proto()).isEqualTo("udp");
            assertThat(f.origPkts()).isZero();
        });
        assertThat(run.creations()).hasSize(1);
    }

    @Test
    void vnetFlowLogsWithMillisecondsAndDeniedState() {
        String in = "{\"records\":[{\"time\":\"2024-01-01T00:00:00Z\",\"flowLogVersion\":4,\"category\":\"FlowLogFlowEvent\","
                + "\"targetResourceID\":\"/subscriptions/S/resourceGroups/RG/providers/Microsoft.Network/virtualNetworks/VNET1\","
                + "\"flowRecords\":{\"flows\":[{\"aclID\":\"a\",\"flowGroups\":[{\"rule\":\"r\",\"flowTuples\":["
                + "\"1704067200123,10.0.0.6,192.0.2.180,23956,443,6,O,E,NX,3,180,2,120\","
                + "\"1704067200456,198.51.100.7,10.0.0.6,4444,22,6,I,D,NX,0,0,0,0\"]}]}]}}]}";
        assertThat(IngestRun.recognises(format, in)).isTrue();
        IngestRun run = IngestRun.of(format, in);
        assertThat(run.problems).isEmpty();
        assertThat(run.flows()).hasSize(2);
        assertThat(run.flows().get(0).tsNanos()).isEqualTo(1_704_067_200_123_000_000L);
        assertThat(run.flows().get(0).source()).isEqualTo("azure-vnet");
        assertThat(run.flows().get(0).exporter()).endsWith("/VNET1");
        assertThat(run.creations()).extracting(ConnectionCreation::outcome)
                .containsExactly(Outcome.MIDSTREAM, Outcome.REJECTED);
    }

    @Test
    void badTuplesAndBrokenJsonAreReportedAndEarlierRecordsKept() {
        String in = nsgBlob(2, "1704067260,10.0.0.4,10.0.0.9,1,443,T,O,A,C,1,60,1,60", "1704067260,10.0.0.4,x,1,443,T,O,A,C,1,60,1,60",
                "1704067260,10.0.0.4,10.0.0.9,1,443,Q,O,A,C,1,60,1,60")
                + "{\"records\": [{\"properties\": {\"flows\": [ ";
        IngestRun run = IngestRun.of(format, in);
        assertThat(run.flows()).hasSize(1);
        assertThat(run.problems).hasSize(3);
        assertThat(run.problems.get(0).position()).isEqualTo("line 3 record 1 tuple 2");
        assertThat(run.problems.get(1).reason()).contains("protocol");
        assertThat(run.problems.get(2).reason()).contains("not JSON");
    }

    @Property
    void v2TuplesRoundTrip(@ForAll int src, @ForAll int dst, @ForAll @IntRange(max = 65535) int sport,
            @ForAll @IntRange(max = 65535) int dport, @ForAll @LongRange(max = 4_000_000_000L) long ts,
            @ForAll @LongRange(max = 1L << 40) long po, @ForAll @LongRange(max = 1L << 50) long bo,
            @ForAll @LongRange(max = 1L << 40) long pi, @ForAll @LongRange(max = 1L << 50) long bi,
            @ForAll boolean tcp, @ForAll boolean inbound, @ForAll boolean deny) throws Exception {
        String tuple = ts + "," + IpAddress.formatV4(src) + "," + IpAddress.formatV4(dst) + "," + sport + "," + dport + ","
                + (tcp ? "T" : "U") + "," + (inbound ? "I" : "O") + "," + (deny ? "D" : "A") + ",C," + po + "," + bo + ","
                + pi + "," + bi;
        AzureFlowTuple t = AzureFlowTuple.parse(tuple, false);
        assertThat(t.tsNanos()).isEqualTo(ts * 1_000_000_000L);
        assertThat(t.src()).isEqualTo(IpAddress.formatV4(src));
        assertThat(t.dst()).isEqualTo(IpAddress.formatV4(dst));
        assertThat(t.sport()).isEqualTo(sport);
        assertThat(t.dport()).isEqualTo(dport);
        assertThat(t.proto()).isEqualTo(tcp ? 6 : 17);
        assertThat(t.inbound()).isEqualTo(inbound);
        assertThat(t.denied()).isEqualTo(deny);
        assertThat(new long[] {t.pktsOut(), t.bytesOut(), t.pktsIn(), t.bytesIn()}).containsExactly(po, bo, pi, bi);
    }

    @Property
    void garbageTuplesAreMalformedNeverAnotherException(@ForAll @StringLength(max = 80) String tuple,
            @ForAll boolean vnet) {
        try {
            AzureFlowTuple.parse(tuple, vnet);
        } catch (AzureFlowTuple.Malformed expected) {
            // reported as a problem by the format
        }
    }

    @Test
    void aTruncatedTupleIsMalformed() {
        assertThatThrownBy(() -> AzureFlowTuple.parse("1704067260,10.0.0.4,10.0.0.9,1,443,T,O", false))
                .isInstanceOf(AzureFlowTuple.Malformed.class).hasMessageContaining("7 fields");
    }
}
