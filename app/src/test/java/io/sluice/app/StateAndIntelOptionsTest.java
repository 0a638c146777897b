package io.sluice.app;

import static io.sluice.app.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.detect.baseline.BaselineConfig;
import io.sluice.detect.baseline.BaselineStateFile;
import io.sluice.generate.TrafficGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code analyze --state FILE} and {@code --intel FILE} on the generator's office capture. */
class StateAndIntelOptionsTest {

    @TempDir
    Path tmp;

    private static final ObjectMapper JSON = new ObjectMapper();

    private Path pcap() throws IOException {
        Path pcap = tmp.resolve("office.pcap");
        new TrafficGenerator(TrafficGenerator.DEFAULT_START_NANOS, 1).write(List.of(TrafficGenerator.scenario("office")), pcap);
        return pcap;
    }

    private static List<JsonNode> lines(Path file) throws IOException {
        var out = new ArrayList<JsonNode>();
        for (var l : Files.readAllLines(file)) out.add(JSON.readTree(l));
        return out;
    }

    private static List<String> analytics(Path alerts) throws IOException {
        var out = new ArrayList<String>();
        for (var a : lines(alerts)) out.add(a.path("finding_info").path("analytic").path("uid").asText());
        return out;
    }

    @Test
    void stateFileCarriesBaselinesToTheNextRun() throws IOException {
        var pcap = pcap();
        var state = tmp.resolve("state/baselines.bin");
        var first = cli("analyze", pcap.toString(), "--out", tmp.resolve("o1").toString(), "--state", state.toString(),
                "--set", "detectors.baseline.hosts.learning_period=0s", "-q", "--no-progress");
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.err()).isEmpty();
        var loaded = BaselineStateFile.load(state, BaselineConfig.defaults());
        assertThat(loaded.problem()).isNull();
        assertThat(loaded.baselines().hostCount()).isPositive();
        var firstAlerts = analytics(tmp.resolve("o1/alerts.jsonl"));
        assertThat(firstAlerts).as("no history: first contacts are new").containsAnyOf("dest.new_external",
                "remote.new_service");

        var second = cli("analyze", pcap.toString(), "--out", tmp.resolve("o2").toString(), "--state", state.toString(),
                "--set", "detectors.baseline.hosts.learning_period=0s", "-q", "--no-progress");
        assertThat(second.code()).isZero();
        assertThat(analytics(tmp.resolve("o2/alerts.jsonl"))).as("the same traffic is history now")
                .doesNotContain("dest.new_external", "remote.new_service");
    }

    @Test
    void aDamagedStateFileIsAWarningAndIsReplaced() throws IOException {
        var pcap = pcap();
        var state = tmp.resolve("baselines.bin");
        Files.writeString(state, "not a state file at all, just text\n");
        var run = cli("analyze", pcap.toString(), "--out", tmp.resolve("o").toString(), "--state", state.toString(), "-q",
                "--no-progress");
        assertThat(run.code()).isZero();
        assertThat(run.err()).contains("warning: baseline state file").contains("not a Sluice baseline state file");
        assertThat(BaselineStateFile.load(state, BaselineConfig.defaults()).problem()).isNull();
    }

    @Test
    void intelListsMatchAndAMissingListIsAUsageError() throws IOException {
        var pcap = pcap();
        var dry = cli("analyze", pcap.toString(), "--out", tmp.resolve("o0").toString(), "--no-detect", "-q",
                "--no-progress");
        assertThat(dry.code()).isZero();
        String listed = lines(tmp.resolve("o0/conn.log")).get(0).path("id.resp_h").asText();
        var list = tmp.resolve("bad-hosts.txt");
        Files.writeString(list, "# test list\n" + listed + "\nnot an indicator\n");

        var run = cli("analyze", pcap.toString(), "--out", tmp.resolve("o1").toString(), "--intel", "mylist=" + list,
                "-q", "--no-progress");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.err()).contains("intel list mylist: 1 line(s) skipped");
        var intel = lines(tmp.resolve("o1/alerts.jsonl")).stream()
                .filter(a -> a.path("finding_info").path("analytic").path("uid").asText().equals("intel.match")).toList();
        assertThat(intel).isNotEmpty();
        assertThat(intel.get(0).path("message").asText()).contains(listed).contains("on list mylist");

        var missing = cli("analyze", pcap.toString(), "--out", tmp.resolve("o2").toString(), "--intel",
                tmp.resolve("nope.txt").toString(), "-q", "--no-progress");
        assertThat(missing.code()).isEqualTo(ExitCode.USAGE);
        assertThat(missing.err()).contains("no such file");
    }
}
