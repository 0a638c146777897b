package io.sluice.app;

import static io.sluice.app.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.attack.CoverageMap;
import io.sluice.attack.CoverageRow.Status;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoverageCommandTest {

    @TempDir
    Path tmp;

    @Test
    void printsEveryRowAndTheTotals() {
        var r = cli("coverage");
        assertThat(r.code()).as(r.err()).isZero();
        var map = CoverageMap.builtin();
        for (var row : map.rows()) assertThat(r.out()).contains(row.technique().id());
        assertThat(r.out()).contains("Coverage totals", "Network Traffic Flow", "not-observable");
        var covered = map.count(Status.COVERED);
        assertThat(r.out()).containsPattern("all\\s+" + covered + "\\s+" + map.count(Status.PLANNED) + "\\s+"
                + map.count(Status.NOT_OBSERVABLE) + "\\s+241\\s");
        assertThat(r.out()).contains(String.format(java.util.Locale.ROOT, "%.1f%%", 100.0 * covered / 241));
    }

    @Test
    void aStatusFilterKeepsOnlyThoseRows() {
        var r = cli("coverage", "--status", "not-observable");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("T1011.001", "Bluetooth").doesNotContain("scan.horizontal", "T1046 ");
        assertThat(cli("coverage", "--status", "maybe").code()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void writesANavigatorLayerScoredByStatus() throws IOException {
        var file = tmp.resolve("layer.json");
        var r = cli("coverage", "--totals", "--navigator", file.toString());
        assertThat(r.code()).as(r.err()).isZero();
        var layer = new ObjectMapper().readTree(file.toFile());
        assertThat(layer.path("versions").path("layer").asText()).isEqualTo("4.5");
        assertThat(layer.path("domain").asText()).isEqualTo("enterprise-attack");
        var ids = new HashSet<String>();
        for (var row : CoverageMap.builtin().rows()) ids.add(row.technique().id());
        assertThat(layer.path("techniques").size()).isEqualTo(ids.size());
        for (var t : layer.path("techniques")) {
            assertThat(ids).contains(t.path("techniqueID").asText());
            int score = t.path("score").asInt();
            assertThat(t.path("color").asText()).isEqualTo(score == 2 ? NavigatorLayer.COVERED_COLOR
                    : score == 1 ? NavigatorLayer.PLANNED_COLOR : NavigatorLayer.NOT_OBSERVABLE_COLOR);
            assertThat(t.path("comment").asText()).contains("Network");
        }
        var bluetooth = layer.path("techniques").findValuesAsText("techniqueID").indexOf("T1011.001");
        assertThat(layer.path("techniques").get(bluetooth).path("score").asInt()).isZero();
    }
}
