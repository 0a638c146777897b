package io.sluice.detect.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class NameStatsTest {

    @Test
    void entropyOfKnownStrings() {
        assertThat(NameStats.entropy("")).isZero();
        assertThat(NameStats.entropy("aaaa")).isZero();
        assertThat(NameStats.entropy("abab")).isCloseTo(1.0, within(1e-9));
        assertThat(NameStats.entropy("abcdefgh")).isCloseTo(3.0, within(1e-9));
    }

    @Test
    void shapesOfALabel() {
        assertThat(NameStats.digitRatio("db54a845")).isCloseTo(0.625, within(1e-9));
        assertThat(NameStats.letterDigitSwitches("db54a845")).isEqualTo(3);
        assertThat(NameStats.maxConsonantRun("dffgkmdfhgkp")).isEqualTo(12);
        assertThat(NameStats.maxConsonantRun("banana")).isEqualTo(1);
        assertThat(NameStats.vowelRatio("banana")).isCloseTo(0.5, within(1e-9));
        assertThat(NameStats.vowelRatio("123")).isZero();
        assertThat(NameStats.longestLabel("a.bcdef.gh")).isEqualTo(5);
    }

    @Test
    void hexFormNeedsEightHexCharactersWithDigitsAndLetters() {
        assertThat(NameStats.isHexForm("db54a845")).isTrue();
        assertThat(NameStats.isHexForm("db54a84")).as("seven characters").isFalse();
        assertThat(NameStats.isHexForm("deadbeef")).as("letters only").isFalse();
        assertThat(NameStats.isHexForm("20241128")).as("digits only").isFalse();
        assertThat(NameStats.isHexForm("db54a84g")).as("a non-hex letter").isFalse();
    }

    @Property
    void entropyIsBetweenZeroAndLog2OfTheLength(@ForAll @StringLength(min = 1, max = 64) String s) {
        assertThat(NameStats.entropy(s)).isBetween(0.0, Math.log(s.length()) / Math.log(2) + 1e-9);
    }
}
