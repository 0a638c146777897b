package io.sluice.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AttackCatalogueTest {

    private final AttackCatalogue catalogue = AttackCatalogue.builtin();

    @Test
    void knowsEveryTechniqueOfTheCoverageMapAndItsParent() {
        for (var row : CoverageMap.builtin().rows()) {
            var id = row.technique().id();
            assertThat(catalogue.technique(id)).as(id).isPresent();
            assertThat(catalogue.technique(row.technique().parent().id())).as("parent of " + id).isPresent();
            assertThat(catalogue.tactics(id)).as("tactics of " + id).isNotEmpty()
                    .allSatisfy(t -> assertThat(t.id()).matches("TA\\d{4}"));
        }
    }

    @Test
    void knowsEveryTechniqueAnAnalyticReports() {
        for (var detector : io.sluice.detect.Detectors.standard(io.sluice.detect.DetectConfig.empty())) {
            for (var t : detector.techniques()) {
                assertThat(catalogue.technique(t.id())).as(detector.id() + " reports " + t.id()).isPresent();
                assertThat(catalogue.tactics(t.id())).as("tactics of " + t.id()).isNotEmpty();
            }
        }
    }

    @Test
    void namesSubTechniquesWithTheirParent() {
        assertThat(catalogue.name("T1071.004")).isEqualTo("DNS");
        assertThat(catalogue.fullName("T1071.004")).isEqualTo("Application Layer Protocol: DNS");
        assertThat(catalogue.fullName("T1046")).isEqualTo("Network Service Discovery");
        assertThat(catalogue.tactics("T1046")).extracting(Tactic::name).containsExactly("Discovery");
        assertThat(catalogue.tactics("T1557")).extracting(Tactic::id).containsExactly("TA0006", "TA0009");
        assertThat(catalogue.name("T9999")).as("unknown ids are shown as themselves").isEqualTo("T9999");
    }

    @Test
    void aRefreshReplacesOnlyWhatItNames() {
        var newer = catalogue.refreshedWith(List.of(new TechniqueInfo("T1046", "Renamed Discovery", List.of("discovery"))),
                List.of(), "19.0");
        assertThat(newer.name("T1046")).isEqualTo("Renamed Discovery");
        assertThat(newer.name("T1071")).isEqualTo(catalogue.name("T1071"));
        assertThat(newer.version()).isEqualTo("19.0");
        assertThat(catalogue.name("T1046")).isEqualTo("Network Service Discovery");
    }
}
