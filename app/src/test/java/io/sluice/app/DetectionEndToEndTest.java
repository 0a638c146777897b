package io.sluice.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.attack.AttackCatalogue;
import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.detect.DetectorContext;
import io.sluice.detect.Severity;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import io.sluice.generate.TrafficGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * analyze → engine → alerts.jsonl, end to end on a generated capture, with a trivial detector
 * registered through the test-only path ({@link DetectionSetup#withExtraDetectors}): it reports
 * every refused TCP connection (conn_state REJ) of a host as one incident.
 */
class DetectionEndToEndTest {

    @TempDir
    Path tmp;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One alert per originator with refused connections; the count says how many. */
    static final class RefusedConnections implements Detector<String, Long> {
        @Override
        public String id() {
            return "test.refused";
        }

        @Override
        public List<Technique> techniques() {
            return List.of(Technique.of("T1046"));
        }

        @Override
        public java.util.Set<Ds0029Component> components() {
            return java.util.Set.of(Ds0029Component.NETWORK_TRAFFIC_FLOW);
        }

        @Override
        public String key(Event event) {
            return event instanceof FlowRecord f && "REJ".equals(f.connState()) ? f.id().origH() : null;
        }

        @Override
        public Long onEvent(String key, Long state, Event event, DetectorContext ctx) {
            var f = (FlowRecord) event;
            long n = state == null ? 1 : state + 1;
            ctx.alert(Alert.builder(id()).technique("T1046").component(Ds0029Component.NETWORK_TRAFFIC_FLOW)
                    .severity(Severity.LOW).confidence(0.3).time(f.tsNanos(), f.tsNanos())
                    .srcHost(key).dstHost(f.id().respH()).dstPort(f.id().respP())
                    .evidence(f.uid(), f.communityId()).incident(key)
                    .explanation(key + " had " + n + " refused connection(s)").build());
            return n;
        }

        @Override
        public Long onTimer(String key, Long state, long timerNanos, DetectorContext ctx) {
            return state;
        }
    }

    private Path officePcap() throws IOException {
        Path pcap = tmp.resolve("office.pcap");
        new TrafficGenerator(TrafficGenerator.DEFAULT_START_NANOS, 1).write(List.of(TrafficGenerator.scenario("office")), pcap);
        return pcap;
    }

    private String analyze(Path pcap, Path out, DetectionSetup setup) {
        var stdout = new StringWriter();
        var err = new StringWriter();
        var options = new Analysis.Options(List.of(pcap.toString()), out, io.sluice.event.LogFormat.JSON, false, null,
                false, 500_000, 0, false, false, false);
        var outcome = new Analysis(options, new PrintWriter(stdout, true), new PrintWriter(err, true)).detection(setup).execute();
        assertThat(outcome.exitCode()).as(err.toString()).isEqualTo(ExitCode.OK);
        assertThat(err.toString()).isEmpty();
        return stdout.toString();
    }

    private static DetectionSetup withTestDetector(DetectionSetup.Thread thread) {
        return new DetectionSetup(true, DetectConfig.empty(), AttackCatalogue.builtin(), thread, List.of())
                .withExtraDetectors(List.of(new RefusedConnections()));
    }

    private static List<JsonNode> lines(Path file) throws IOException {
        var out = new ArrayList<JsonNode>();
        for (var l : Files.readAllLines(file)) out.add(JSON.readTree(l));
        return out;
    }

    @Test
    void alertsJsonlHoldsOneFindingPerIncidentWithTheEvidenceOfConnLog() throws IOException {
        var pcap = officePcap();
        var summary = analyze(pcap, tmp.resolve("logs"), withTestDetector(DetectionSetup.Thread.WRITER));

        var refused = new ArrayList<JsonNode>();
        for (var row : lines(tmp.resolve("logs/conn.log"))) {
            if (row.path("conn_state").asText().equals("REJ")) refused.add(row);
        }
        assertThat(refused).as("the office scenario has refused connections").isNotEmpty();
        var byHost = new java.util.TreeMap<String, List<JsonNode>>();
        for (var r : refused) byHost.computeIfAbsent(r.path("id.orig_h").asText(), k -> new ArrayList<>()).add(r);

        var alerts = lines(tmp.resolve("logs/alerts.jsonl"));
        assertThat(alerts).hasSize(byHost.size());
        for (var a : alerts) {
            assertThat(a.path("class_uid").asInt()).isEqualTo(2004);
            assertThat(a.path("finding_info").path("analytic").path("uid").asText()).isEqualTo("test.refused");
            var tech = a.path("attacks").get(0).path("technique");
            assertThat(tech.path("uid").asText()).isEqualTo("T1046");
            assertThat(tech.path("name").asText()).isEqualTo("Network Service Discovery");
            assertThat(a.path("attacks").get(0).path("tactic").path("name").asText()).isEqualTo("Discovery");
            var host = a.path("observables").get(0).path("value").asText();
            var rows = byHost.get(host);
            assertThat(rows).as("alert for %s", host).isNotNull();
            assertThat(a.path("count").asLong()).isEqualTo(rows.size());
            assertThat(a.path("message").asText()).isEqualTo(host + " had " + rows.size() + " refused connection(s)");
            assertThat(a.path("severity").asText()).isEqualTo("Low");
            var ev = a.path("evidences").get(0).path("connection_info");
            assertThat(ev.path("uid").asText()).isEqualTo(rows.get(0).path("uid").asText());
            assertThat(ev.path("community_uid").asText()).isEqualTo(rows.get(0).path("community_id").asText());
            assertThat(a.path("unmapped").path("ds0029_component").get(0).asText()).isEqualTo("Network Traffic Flow");
        }
        assertThat(summary).contains("Alerts by ATT&CK technique", "T1046", "Network Service Discovery", "Low");
    }

    @Test
    void itsOwnThreadGivesTheSameAlertsAsTheWriterThread() throws IOException {
        var pcap = officePcap();
        analyze(pcap, tmp.resolve("a"), withTestDetector(DetectionSetup.Thread.WRITER));
        analyze(pcap, tmp.resolve("b"), withTestDetector(DetectionSetup.Thread.OWN));
        assertThat(Files.readAllLines(tmp.resolve("b/alerts.jsonl")))
                .isNotEmpty().isEqualTo(Files.readAllLines(tmp.resolve("a/alerts.jsonl")));
    }

    @Test
    void noDetectWritesNoAlertsAndNoAlertTable() throws IOException {
        var summary = analyze(officePcap(), tmp.resolve("logs"), DetectionSetup.off());
        assertThat(tmp.resolve("logs/alerts.jsonl")).doesNotExist();
        assertThat(tmp.resolve("logs/conn.log")).exists();
        assertThat(summary).doesNotContain("Alerts by ATT&CK technique");
    }
}
