package io.sluice.detect.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pieces the DGA trainer builds its training names from. */
class DgaTrainingDataTest {

    @Test
    void wordsAreFoldedToTheLettersADomainOwnerWouldType() {
        assertThat(TrainingWords.asciiFold("Straße")).isEqualTo("strasse");
        assertThat(TrainingWords.asciiFold("café")).isEqualTo("cafe");
        assertThat(TrainingWords.asciiFold("Łódź")).isEqualTo("lodz");
        assertThat(TrainingWords.asciiFold("aaron's")).isNull();
        assertThat(TrainingWords.asciiFold("A-aktie")).isNull();
        assertThat(TrainingWords.select(List.of("b", "Bravo", "bravo", "x's", "charlie"), 10, new SplittableRandom(1)))
                .containsExactlyInAnyOrder("bravo", "charlie");
        assertThat(TrainingWords.select(List.of("alpha", "bravo", "charlie"), 2, new SplittableRandom(1))).hasSize(2);
    }

    @Test
    void latin1ListsAreReadAsLatin1() {
        byte[] latin1 = "kärlek\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(TrainingWords.decode(latin1).strip()).isEqualTo("kärlek");
        assertThat(TrainingWords.decode("kärlek".getBytes(StandardCharsets.UTF_8))).isEqualTo("kärlek");
    }

    @Test
    void suffixListRulesGiveTheirRegisteredLabels(@TempDir Path dir) throws Exception {
        Path psl = dir.resolve("psl.dat");
        Files.writeString(psl, String.join("\n", "// comment", "com", "co.uk", "kawasaki.jp", "*.kobe.jp",
                "!city.kobe.jp", "herokuapp.com", "xn--5rtq34k.jp", "s3.us-east-1.amazonaws.com", ""));
        var labels = TrainingWords.registeredLabels(psl, new SplittableRandom(1)).words();
        assertThat(labels).containsExactlyInAnyOrder("co", "kawasaki", "kobe", "city", "herokuapp", "s3", "us-east-1",
                "amazonaws");
    }

    @Test
    void pinyinAndRomajiNamesAreLowercaseLettersFromTheirTables() {
        assertThat(PinyinNames.SYLLABLES).contains("zhong", "xue", "qing", "bao", "tao", "er").doesNotContain("qa", "zhia", "jo");
        assertThat(PinyinNames.SYLLABLES).contains("ji");
        assertThat(RomajiNames.MORAE).contains("shi", "tsu", "fu", "ryu", "n").doesNotContain("si", "ti");
        var r = new SplittableRandom(7);
        for (int i = 0; i < 200; i++) {
            assertThat(PinyinNames.name(r)).matches("[a-z]{1,24}");
            assertThat(RomajiNames.name(r)).matches("[a-z]{2,30}");
        }
    }

    @Test
    void generatedNamesHaveTheirPublishedShapes() {
        var names = new TrainingNames(List.of("alpha", "bravo", "charlie", "delta", "echo", "foxtrot"), List.of("herokuapp"),
                TrainingNames.letterFrequencies(List.of("alpha", "bravo")));
        var r = new SplittableRandom(3);
        int alternative = 0;
        for (int i = 0; i < 2000; i++) {
            var g = names.generated(r);
            assertThat(g.label()).matches("[a-z0-9]{6,32}");
            if (g.alternativeRoot()) alternative++;
            assertThat(names.ordinary(r)).matches("[a-z0-9-]{1,40}");
        }
        assertThat(alternative).isBetween(100, 300);
        assertThat(TrainingNames.withoutVowels("crowdcontrol")).isEqualTo("crwdcntrl");
    }

    @Test
    void theThresholdFlagsAtMostTheAskedShare() {
        double[] scores = new double[1000];
        for (int i = 0; i < scores.length; i++) scores[i] = i / 1000.0;
        double t = DgaModelTrainer.lowestFlagging(scores, 0.01);
        int flagged = 0;
        for (double s : scores) if (s >= t) flagged++;
        assertThat(flagged).isEqualTo(10);
        double none = DgaModelTrainer.lowestFlagging(scores, 0.0001);
        assertThat(none).isGreaterThan(scores[scores.length - 1]);
    }

    @Test
    void aucCountsTiesAsHalf() {
        assertThat(DgaModelTrainer.auc(new double[] {2, 3}, new double[] {0, 1})).isEqualTo(1.0);
        assertThat(DgaModelTrainer.auc(new double[] {1}, new double[] {1})).isEqualTo(0.5);
        var ordered = new ArrayList<Double>(List.of(0.0, 1.0));
        assertThat(DgaModelTrainer.auc(new double[] {0.5}, ordered.stream().mapToDouble(Double::doubleValue).toArray()))
                .isEqualTo(0.5);
    }
}
