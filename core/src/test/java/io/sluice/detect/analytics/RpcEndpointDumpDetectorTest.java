package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.conn;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import io.sluice.flow.CommunityId;
import io.sluice.flow.FlowConfig;
import io.sluice.flow.UidGenerator;
import io.sluice.ingest.IngestContext;
import io.sluice.ingest.zeek.ZeekLogFormat;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import io.sluice.testing.Corpus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

class RpcEndpointDumpDetectorTest {

    private static final RpcEndpointDumpDetector DETECTOR = new RpcEndpointDumpDetector(RpcEndpointDumpDetector.Config.DEFAULTS);

    private static List<Alert> run(List<? extends Event> events) {
        return DetectorHarness.run(DETECTOR, events);
    }

    private static FlowRecord epm(String client, double at, long fromMapper) {
        return conn(client, "10.0.0.10", 135).at(at).service("dce_rpc").state("SF").duration(0.0025)
                .bytes(136, fromMapper).pkts(6, 40).flow();
    }

    @Test
    void theWholeEndpointTableInOneConnectionIsServiceDiscovery() {
        var alerts = run(List.of(epm("10.0.2.15", 0, 45_600), epm("10.0.2.15", 60, 45_600)));
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.detectorId()).isEqualTo("scan.rpc_endpoint_dump");
            assertThat(a.techniques()).containsExactly(Technique.of("T1046"));
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_TRAFFIC_FLOW);
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.srcHost()).isEqualTo("10.0.2.15");
            assertThat(a.dstHosts()).containsExactly("10.0.0.10");
            assertThat(a.count()).isEqualTo(2);
            assertThat(a.explanation()).isEqualTo("10.0.2.15 received 45,600 bytes from the RPC endpoint mapper of 10.0.0.10 "
                    + "(tcp/135) in one connection of 2.5 ms (91,200 bytes in 2 connections): the whole endpoint table, "
                    + "as rpcdump and msrpc-enum read it; a lookup of one interface is a few hundred bytes "
                    + "(16,384 or more make a dump)");
        });
    }

    @Test
    void aOneWayExportOfTheAnswerCountsForTheClient() {
        var answer = conn("10.0.0.10", "10.0.2.15", 49_700).origPort(135).at(0).state("OTH").bytes(45_600, 0).pkts(40, 0).flow();
        assertThat(run(List.of(answer))).singleElement().satisfies(a -> {
            assertThat(a.srcHost()).isEqualTo("10.0.2.15");
            assertThat(a.dstHosts()).containsExactly("10.0.0.10");
        });
    }

    /** A Zeek conn.log row, read by the log ingest: the same analytic, unchanged. */
    @Test
    void aZeekConnLogRowIsEnough() throws Exception {
        String log = String.join("\n",
                "#separator \\x09",
                "#set_separator\t,",
                "#empty_field\t(empty)",
                "#unset_field\t-",
                "#path\tconn",
                "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes"
                        + "\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes"
                        + "\tresp_pkts\tresp_ip_bytes\ttunnel_parents",
                "#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tbool\tbool"
                        + "\tcount\tstring\tcount\tcount\tcount\tcount\tset[string]",
                "1595622241.846380\tCrpcdump1\t10.0.2.15\t37680\t10.0.2.16\t135\ttcp\tdce_rpc\t0.002514\t136\t45600"
                        + "\tOTH\tT\tT\t0\tDdA\t6\t456\t40\t47680\t(empty)",
                "");
        var events = new ArrayList<Event>();
        var problems = new ArrayList<String>();
        var ctx = new IngestContext("conn.log", events::add, (src, pos, reason) -> problems.add(reason), new UidGenerator(1),
                new CommunityId(0));
        new ZeekLogFormat().read(new ByteArrayInputStream(log.getBytes(StandardCharsets.UTF_8)), ctx);
        assertThat(problems).isEmpty();
        assertThat(run(events)).singleElement().satisfies(a -> {
            assertThat(a.srcHost()).isEqualTo("10.0.2.15");
            assertThat(a.evidence()).extracting(e -> e.uid()).containsExactly("Crpcdump1");
            assertThat(a.explanation()).startsWith("10.0.2.15 received 45,600 bytes from the RPC endpoint mapper of 10.0.2.16");
        });
    }

    @Test
    void lookupsActivationsAndListedClientsAreQuiet() {
        var ordinary = new ArrayList<Event>();
        for (int i = 0; i < 50; i++) ordinary.add(epm("10.0.0.21", i, 280)); // ept_map before a PsExec or a WMI call
        ordinary.add(epm("10.0.0.22", 0, 1_501)); // a DCOM activation
        ordinary.add(conn("10.0.0.23", "10.0.0.10", 445).at(0).state("SF").bytes(500, 90_000).pkts(40, 80).flow());
        ordinary.add(epm("10.0.0.24", 0, 16_383));
        assertThat(run(ordinary)).isEmpty();
        var listed = new RpcEndpointDumpDetector(new RpcEndpointDumpDetector.Config(16_384, 3_600_000_000_000L,
                List.of("10.0.2.15")));
        assertThat(DetectorHarness.run(listed, List.of(epm("10.0.2.15", 0, 45_600)))).isEmpty();
    }

    /** impacket's rpcdump and the endpoint-mapper scan alert; no other corpus flow to port 135 does. */
    @Test
    @Tag("corpus")
    @EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
    void onTheCorpusTheTwoEndpointDumpsAlert() throws Exception {
        var others = new ArrayList<Event>();
        var dumps = new ArrayList<Event>();
        for (Path p : Corpus.captures("pcap-protocols", "pcap-attacks")) {
            var flows = CraftedCapture.eventsOf(p, FlowConfig.defaults().withVerifyChecksums(false))
                    .stream().filter(FlowRecord.class::isInstance).toList();
            String name = p.getFileName().toString();
            (name.contains("rpcdump") || name.contains("endpoint_mapper") ? dumps : others).addAll(flows);
        }
        assertThat(others.stream().filter(e -> ((FlowRecord) e).id().respP() == 135)).hasSizeGreaterThan(5);
        assertThat(run(others)).isEmpty();
        assertThat(run(dumps)).hasSize(2).extracting(Alert::srcHost).containsExactlyInAnyOrder("10.0.2.15", "10.0.2.17");
    }
}
