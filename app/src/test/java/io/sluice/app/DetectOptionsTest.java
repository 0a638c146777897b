package io.sluice.app;

import static io.sluice.app.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.detect.DetectConfig;
import io.sluice.generate.TrafficGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sluice.yaml, --set, --no-detect and --attack-bundle as the command line sees them. */
class DetectOptionsTest {

    @TempDir
    Path tmp;

    private Path pcap() throws IOException {
        Path pcap = tmp.resolve("office.pcap");
        new TrafficGenerator(TrafficGenerator.DEFAULT_START_NANOS, 1).write(List.of(TrafficGenerator.scenario("office")), pcap);
        return pcap;
    }

    @Test
    void yamlNestsOrDotsToTheSameFlatKeys() throws IOException {
        var f = tmp.resolve("sluice.yaml");
        Files.writeString(f, """
                engine:
                  lateness: 30s
                detectors:
                  scan.horizontal:
                    min_hosts: 25
                    ports: [22, 3389]
                  dns:
                    dga:
                      enabled: false
                """);
        var c = DetectConfig.of(SluiceYaml.read(f));
        assertThat(c.values()).containsEntry("detectors.scan.horizontal.min_hosts", "25")
                .containsEntry("detectors.scan.horizontal.ports", "22,3389")
                .containsEntry("detectors.dns.dga.enabled", "false")
                .containsEntry("engine.lateness", "30s");
        var over = SluiceYaml.withOverrides(c, List.of("detectors.scan.horizontal.min_hosts=40"));
        assertThat(over.detector("scan.horizontal").intValue("min_hosts", 0)).isEqualTo(40);
        assertThat(SluiceYaml.unknownDetectorKeys(over, List.of("scan.horizontal")))
                .containsExactly("detectors.dns.dga.enabled");
        assertThatThrownBy(() -> SluiceYaml.withOverrides(c, List.of("novalue"))).hasMessageContaining("key=value");
    }

    @Test
    void badYamlAndBadValuesAreUsageErrors() throws IOException {
        var f = tmp.resolve("bad.yaml");
        Files.writeString(f, "detectors: [unclosed\n");
        var r = cli("analyze", pcap().toString(), "--out", tmp.resolve("o").toString(), "--config", f.toString());
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("bad.yaml", "not valid YAML");
        var r2 = cli("analyze", pcap().toString(), "--out", tmp.resolve("o").toString(), "--set", "engine.lateness=soon");
        assertThat(r2.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r2.err()).contains("engine.lateness", "soon");
        var r3 = cli("analyze", pcap().toString(), "--out", tmp.resolve("o").toString(), "--config", tmp.resolve("nope.yaml").toString());
        assertThat(r3.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r3.err()).contains("nope.yaml");
    }

    @Test
    void analyzeWritesAlertsJsonlByDefaultAndNotWithNoDetect() throws IOException {
        var r = cli("analyze", pcap().toString(), "--out", tmp.resolve("on").toString(), "--no-progress");
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.OK);
        assertThat(tmp.resolve("on/alerts.jsonl")).exists();
        assertThat(r.out()).contains("Alerts by ATT&CK technique");
        var off = cli("analyze", pcap().toString(), "--out", tmp.resolve("off").toString(), "--no-detect", "-q");
        assertThat(off.code()).isEqualTo(ExitCode.OK);
        assertThat(tmp.resolve("off/alerts.jsonl")).doesNotExist();
    }

    @Test
    void aStixBundleRefreshesTechniqueNames() throws IOException {
        var bundle = tmp.resolve("enterprise-attack.json");
        Files.writeString(bundle, """
                {"type":"bundle","id":"bundle--1","objects":[
                 {"type":"x-mitre-collection","id":"x-mitre-collection--1","x_mitre_version":"99.0"},
                 {"type":"attack-pattern","id":"attack-pattern--1","name":"Renamed Service Discovery",
                  "external_references":[{"source_name":"mitre-attack","external_id":"T1046"}],
                  "kill_chain_phases":[{"kill_chain_name":"mitre-attack","phase_name":"discovery"}]},
                 {"type":"attack-pattern","id":"attack-pattern--2","name":"Old","revoked":true,
                  "external_references":[{"source_name":"mitre-attack","external_id":"T1071"}]},
                 {"type":"x-mitre-tactic","id":"x-mitre-tactic--1","name":"Discovery","x_mitre_shortname":"discovery",
                  "external_references":[{"source_name":"mitre-attack","external_id":"TA0007"}]}]}
                """);
        var c = StixBundle.refresh(io.sluice.attack.AttackCatalogue.builtin(), bundle);
        assertThat(c.name("T1046")).isEqualTo("Renamed Service Discovery");
        assertThat(c.name("T1071")).as("revoked objects are skipped").isEqualTo("Application Layer Protocol");
        assertThat(c.version()).isEqualTo("99.0");
        assertThatThrownBy(() -> StixBundle.refresh(io.sluice.attack.AttackCatalogue.builtin(), tmp.resolve("none.json")))
                .hasMessageContaining("does not exist");
    }
}
