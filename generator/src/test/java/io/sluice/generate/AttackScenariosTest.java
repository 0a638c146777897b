package io.sluice.generate;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.event.ConnectionCreation;
import io.sluice.event.FlowRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The attack scenarios write what their labels say, as the flow layer sees it. */
class AttackScenariosTest {

    @TempDir
    Path dir;

    private record Seen(List<ConnectionCreation> creations, List<FlowRecord> flows) {}

    private Seen run(Scenario scenario) throws Exception {
        var run = ScenarioRun.of(dir, 3, scenario);
        return new Seen(run.of(ConnectionCreation.class), run.of(FlowRecord.class));
    }

    @Test
    void portKnockRefusesThenDropsTheKnocksThenAcceptsTheOpenedPort() throws Exception {
        var knock = new PortKnocking();
        var seen = run(knock);
        var states = seen.flows().stream()
                .filter(f -> f.id().origH().equals(knock.knocker().ip()))
                .sorted(java.util.Comparator.comparingLong(FlowRecord::tsNanos))
                .map(f -> f.id().respP() + ":" + f.connState()).toList();
        assertThat(states).containsExactly("22:REJ", "7000:S0", "8000:S0", "9000:S0", "22:SF");
        assertThat(seen.creations()).extracting(ConnectionCreation::outcome).containsExactlyInAnyOrder(
                ConnectionCreation.Outcome.REJECTED, ConnectionCreation.Outcome.UNANSWERED,
                ConnectionCreation.Outcome.UNANSWERED, ConnectionCreation.Outcome.UNANSWERED,
                ConnectionCreation.Outcome.ESTABLISHED);
    }

    @Test
    void portKnockLabelCoversTheKnocksAndTheSession() throws Exception {
        var knock = new PortKnocking(List.of(1111, 2222, 3333, 4444), 2022);
        Path pcap = dir.resolve("knock.pcap");
        var result = new TrafficGenerator(TrafficGenerator.DEFAULT_START_NANOS, 5).write(List.of(knock), pcap);
        var labels = LabelFile.read(LabelFile.pathFor(pcap));
        assertThat(labels).isEqualTo(result.labels()).singleElement().satisfies(l -> {
            assertThat(l.techniques()).containsExactly("T1205.001");
            assertThat(l.hosts()).containsExactly(knock.knocker().ip(), knock.bastion().ip());
            assertThat(l.description()).contains("[1111, 2222, 3333, 4444]").contains("2022");
            assertThat(l.toNanos()).isGreaterThan(l.fromNanos());
        });
    }

    @Test
    void networkSweepProbesEveryAddressOnceWithEachMethod() throws Exception {
        var sweep = new NetworkSweep();
        var seen = run(sweep);
        var fromScanner = seen.flows().stream().filter(f -> f.id().origH().equals(sweep.scanner().ip())).toList();
        assertThat(fromScanner.stream().filter(f -> f.proto().equals("icmp")).map(f -> f.id().respH()).distinct())
                .hasSize(sweep.targets());
        var tcp = fromScanner.stream().filter(f -> f.proto().equals("tcp")).toList();
        assertThat(tcp).hasSize(sweep.targets()).allSatisfy(f -> assertThat(f.id().respP()).isEqualTo(sweep.port()));
        assertThat(tcp.stream().map(FlowRecord::connState).distinct()).contains("S0", "REJ", "RSTO");
    }

    @Test
    void labelFileRoundTripsAndRejectsForeignFiles() throws IOException {
        var labels = List.of(new Label("s", "tab\there", List.of("T1046", "T1018"), List.of("10.0.0.1"), 1, 2),
                new Label("o", "quiet", List.of(), List.of(), 3, 4));
        Path f = dir.resolve("x.labels.tsv");
        LabelFile.write(f, labels);
        var back = LabelFile.read(f);
        assertThat(back.get(0).description()).isEqualTo("tab here");
        assertThat(back.get(0).techniques()).containsExactly("T1046", "T1018");
        assertThat(back.get(1)).isEqualTo(labels.get(1));
        java.nio.file.Files.writeString(f, "no header\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LabelFile.read(f)).hasMessageContaining("header");
    }
}
