package io.sluice.app.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTest {

    @Test
    void escapesTheFiveCharactersThatMakeMarkupOrEndAnAttribute() {
        assertThat(Html.escape("<script>alert(1)</script>")).isEqualTo("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(Html.escape("\" onmouseover=\"alert(2)")).isEqualTo("&quot; onmouseover=&quot;alert(2)");
        assertThat(Html.escape("' onclick='x' & more")).isEqualTo("&#39; onclick=&#39;x&#39; &amp; more");
        assertThat(Html.escape("&amp;")).as("already escaped text is escaped again: it is data").isEqualTo("&amp;amp;");
    }

    @Test
    void leavesOrdinaryTextAndOtherScriptsAlone() {
        assertThat(Html.escape("www.example.com/a?b=c#d")).isEqualTo("www.example.com/a?b=c#d");
        assertThat(Html.escape("münchen.例え.jp \uD83D\uDE00\ttab\nline")).isEqualTo("münchen.例え.jp \uD83D\uDE00\ttab\nline");
        assertThat(Html.escape(null)).isEmpty();
    }

    /** Characters XML 1.0 forbids (and HTML reads as parse errors) would make the page ill-formed: shown instead. */
    @Test
    void showsControlCharactersAndBrokenSurrogatesInsteadOfWritingThem() {
        assertThat(Html.escape("a\u0000b\u001bc\u007fd\u0085e")).isEqualTo("a\\x00b\\x1bc\\x7fd\\x85e");
        assertThat(Html.escape("x\uD800y\uDC00z\uFFFE")).isEqualTo("x\uFFFDy\uFFFDz\uFFFD");
        assertThat(Html.escape("end\uD83D")).isEqualTo("end\uFFFD");
    }

    @Test
    void numbersHaveADotAndAtMostTwoDecimals() {
        assertThat(Html.num(12)).isEqualTo("12");
        assertThat(Html.num(12.5)).isEqualTo("12.50");
        assertThat(Html.num(1.0 / 3)).isEqualTo("0.33");
        assertThat(Html.num(99.999)).isEqualTo("100");
    }

    @Test
    void timesAreUtcToTheSecond() {
        assertThat(Html.utc(1_780_000_000_123_456_789L)).isEqualTo("2026-05-28 20:26:40");
    }
}
