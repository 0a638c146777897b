package io.sluice.detect.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class DgaScorerTest {
    private final DgaScorer scorer = DgaScorer.standard();

    @Test
    void ordinaryNamesScoreBelowTheThreshold() {
        for (String name : List.of("www.google.com", "mail.example.co.uk", "homedepot.com", "weather.gov",
                "livechatinc.com", "cdn.stackoverflow.net")) {
            assertThat(scorer.score(name).score()).as(name).isLessThan(scorer.threshold());
        }
    }

    @Test
    void randomLettersScoreAboveTheThreshold() {
        for (String name : List.of("xjkqzvbwpltrmfhd.com", "qwrysdvnhrpytrz.biz", "pvopaihgucqkfuofifdxmvlby.com")) {
            assertThat(scorer.score(name).score()).as(name).isGreaterThanOrEqualTo(scorer.threshold());
        }
    }

    @Test
    void scoresTheRegisteredLabelNotTheSubdomainOrSuffix() {
        var s = scorer.score("xjkqzvbwpltrmfhd.github.io");
        assertThat(s.label()).isEqualTo("xjkqzvbwpltrmfhd");
        assertThat(scorer.score("xjkqzvbwpltrmfhd.google.com").label()).isEqualTo("google");
        assertThat(scorer.score("xjkqzvbwpltrmfhd.google.com").score()).isLessThan(scorer.threshold());
    }

    @Test
    void theTrigramModelPrefersWordsAndSurvivesARoundTrip() throws Exception {
        var model = TrigramModel.train(List.of("station", "nation", "ration", "motion", "lotion", "notion"));
        assertThat(model.bitsPerChar("cation")).isLessThan(model.bitsPerChar("xqzkvw"));
        assertThat(model.bitsPerChar("123")).isNaN();
        var out = new ByteArrayOutputStream();
        model.write(out);
        var back = TrigramModel.read(new ByteArrayInputStream(out.toByteArray()));
        assertThat(back.bitsPerChar("cation")).isEqualTo(model.bitsPerChar("cation"));
    }

    @Test
    void trainingIsDeterministic() {
        var words = List.of("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india",
                "juliet", "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango");
        var a = DgaModelTrainer.train(List.of(words), List.of(), 300, 100);
        var b = DgaModelTrainer.train(List.of(words), List.of(), 300, 100);
        assertThat(a.weights()).containsExactly(b.weights());
        assertThat(a.threshold()).isEqualTo(b.threshold());
    }
}
