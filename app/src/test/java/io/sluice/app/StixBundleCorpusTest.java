package io.sluice.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.AttackCatalogue;
import io.sluice.attack.CoverageMap;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Loads MITRE's ATT&CK v18.1 STIX objects (corpus attack-stix/enterprise-attack, the cti
 * repository's folder layout) and checks they agree with the facts written in the project.
 */
@Tag("corpus")
@EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
class StixBundleCorpusTest {

    @Test
    void theV18FolderAgreesWithTheBuiltInFacts() throws IOException {
        var dir = AppCorpus.file("attack-stix/enterprise-attack");
        var facts = StixBundle.load(dir);
        assertThat(facts.techniques()).hasSizeGreaterThan(500);
        assertThat(facts.tactics()).hasSize(14);
        var builtin = AttackCatalogue.builtin();
        var refreshed = StixBundle.refresh(builtin, dir);
        for (var row : CoverageMap.builtin().rows()) {
            var id = row.technique().id();
            assertThat(refreshed.name(id)).as(id).isEqualTo(builtin.name(id));
            assertThat(refreshed.tactics(id)).as(id).isEqualTo(builtin.tactics(id));
        }
    }
}
