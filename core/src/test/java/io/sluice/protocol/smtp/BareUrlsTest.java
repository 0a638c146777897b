package io.sluice.protocol.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** BareUrls finds what the link patterns it replaces (or guards) find. */
class BareUrlsTest {
    /** The pattern BareUrls stands for. */
    static final Pattern URL = Pattern.compile("https?://[^\\s<>\"')]+", Pattern.CASE_INSENSITIVE);
    static final Pattern ANCHOR = Pattern.compile(
            "<a\\s[^>]*?href\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s>]+))[^>]*>(.*?)</a\\s*>",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private static List<String> byScan(String s) {
        var out = new ArrayList<String>();
        for (int at = BareUrls.start(s, 0); at >= 0; at = BareUrls.start(s, BareUrls.end(s, at))) {
            out.add(s.substring(at, BareUrls.end(s, at)));
        }
        return out;
    }

    private static List<String> byRegex(String s) {
        var out = new ArrayList<String>();
        var m = URL.matcher(s);
        while (m.find()) out.add(m.group());
        return out;
    }

    @Test
    void examples() {
        assertThat(byScan("see HTTPS://a.example/x), hhttp://b and http:// and ftp://c https://d'e"))
                .containsExactly("HTTPS://a.example/x", "http://b", "https://d");
        assertThat(byScan("http://a://b https://c")).containsExactly("http://a://b", "https://c");
        assertThat(byScan("://x http:/ hTtPs:")).isEmpty();
        assertThat(BareUrls.mayHoldAnchor("<A HREF=x>y</A >")).isTrue();
        assertThat(BareUrls.mayHoldAnchor("<p>no links</p>")).isFalse();
    }

    @Provide
    Arbitrary<String> texts() {
        // the characters that matter to the pattern, often, among others (Latin-1 above 127 too)
        return Arbitraries.oneOf(
                Arbitraries.of("http", "https", "HTTP", "hTtPs", "://", ":/", "/", ":", "s", "h", " ", "\n", "\t", "\u000B", "<", ">",
                        "\"", "'", ")", "x", "a.example", "\u00e9", "\u00ff", "<a href=\"", "</a>", "</A\n>", "<a\t", "href='"),
                Arbitraries.strings().ofMaxLength(3))
                .list().ofMaxSize(40).map(l -> String.join("", l));
    }

    @Property(tries = 3000)
    void findsWhatTheRegexFinds(@ForAll("texts") String s) {
        assertThat(byScan(s)).isEqualTo(byRegex(s));
    }

    @Property(tries = 3000)
    void anAnchorMatchIsNeverSkipped(@ForAll("texts") String s) {
        if (ANCHOR.matcher(s).find()) assertThat(BareUrls.mayHoldAnchor(s)).isTrue();
    }
}
