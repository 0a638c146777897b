package io.sluice.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.detect.Detectors;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Keeps the coverage map honest: it lists exactly ATT&CK's 241 DS0029 rows, and a {@code covered}
 * row names an analytic that runs by default, declares that technique and component, and a test
 * method that exists.
 */
class CoverageMapTest {

    private static final CoverageMap MAP = CoverageMap.builtin();

    /** The seed file, read in place next to the repository (the surefire config passes sluice.root). */
    static Path seedFile() {
        var root = System.getProperty("sluice.root");
        assumeTrue(root != null && !root.isBlank() && !root.startsWith("${"),
                "sluice.root is not set (run through Maven); cannot find ../shared/attack/ds0029-detections.tsv");
        var seed = Path.of(root).resolve("../shared/attack/ds0029-detections.tsv").normalize();
        assumeTrue(Files.isReadable(seed), "the seed " + seed + " is absent; the row check needs it");
        return seed;
    }

    @Test
    void listsExactlyTheRowsOfTheSeedFileInItsOrder() throws IOException {
        var expected = new ArrayList<String>();
        var lines = Files.readAllLines(seedFile());
        for (var line : lines.subList(1, lines.size())) {
            if (line.isBlank()) continue;
            var f = line.split("\t", -1);
            expected.add(f[0] + "\t" + f[1]);
        }
        assertThat(expected).hasSize(241);
        var actual = MAP.rows().stream().map(r -> r.component().displayName() + "\t" + r.technique().id()).toList();
        assertThat(actual).containsExactlyElementsOf(expected);
    }

    @Test
    void hasTwoHundredFortyOneDistinctRows() {
        assertThat(MAP.rows()).hasSize(241);
        assertThat(MAP.rows().stream().map(r -> r.component() + r.technique().id()).distinct()).hasSize(241);
    }

    @Test
    void everyCoveredRowNamesAStandardAnalyticThatDeclaresItAndATestThatExists() {
        Map<String, Detector<?, ?>> standard = new HashMap<>();
        for (var d : Detectors.standard(DetectConfig.empty())) standard.put(d.id(), d);
        var problems = new ArrayList<String>();
        for (var row : MAP.rows()) {
            if (row.status() != CoverageRow.Status.COVERED) continue;
            var where = row.component().displayName() + " " + row.technique().id() + ": ";
            for (var id : row.analytics()) {
                var d = standard.get(id);
                if (d == null) {
                    problems.add(where + "analytic " + id + " is not in Detectors.standard");
                    continue;
                }
                if (!d.techniques().contains(row.technique())) {
                    problems.add(where + id + " does not declare " + row.technique().id());
                }
                if (!d.components().contains(row.component())) {
                    problems.add(where + id + " does not declare " + row.component().displayName());
                }
            }
            for (var test : row.tests()) {
                var problem = testMethodProblem(test);
                if (problem != null) problems.add(where + problem);
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyNotObservableRowSaysWhy() {
        for (var row : MAP.rows()) {
            if (row.status() == CoverageRow.Status.NOT_OBSERVABLE) assertThat(row.reason()).isNotBlank();
            else assertThat(row.analytics()).isNotEmpty();
        }
    }

    @Test
    void aMalformedRowIsReportedWithItsLine() {
        var text = "component\ttechnique\tstatus\tanalytics\ttests\treason\n"
                + "Network Traffic Flow\tT1046\tcovered\tscan.vertical\t\t\n";
        assertThatThrownBy(() -> CoverageMap.parse(new StringReader(text)))
                .hasMessageContaining("line 2").hasMessageContaining("tests");
    }

    @Test
    void theTestLookupFindsRealMethodsOnlyInEitherSpelling() {
        assertThat(testMethodProblem("NonStandardPortDetectorTest#firesOnSshSpokenOnPort443InACraftedCapture")).isNull();
        assertThat(testMethodProblem("io.sluice.attack.CoverageMapTest#hasTwoHundredFortyOneDistinctRows")).isNull();
        assertThat(testMethodProblem("NonStandardPortDetectorTest#noSuchTest")).contains("has no method");
        assertThat(testMethodProblem("NoSuchTest#x")).contains("not on the test classpath");
        assertThat(testMethodProblem("NonStandardPortDetectorTest")).contains("Class#method");
    }

    /** Null when {@code Class#method} names a test method on the test classpath; the problem otherwise. */
    static String testMethodProblem(String ref) {
        int hash = ref.indexOf('#');
        if (hash < 0) return "test '" + ref + "' is not Class#method";
        var cls = ref.substring(0, hash);
        var method = ref.substring(hash + 1);
        for (var name : List.of(cls, "io.sluice.detect.analytics." + cls)) {
            try {
                var c = Class.forName(name);
                for (Class<?> k = c; k != null; k = k.getSuperclass()) {
                    for (var m : k.getDeclaredMethods()) {
                        if (m.getName().equals(method)) return null;
                    }
                }
                return "test class " + name + " has no method " + method;
            } catch (ClassNotFoundException e) {
                // try the next package
            }
        }
        return "test class " + cls + " is not on the test classpath";
    }
}
