package io.sluice.protocol.http;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;

/**
 * JA4H's language part is computed in one pass over the characters; it must equal the plain
 * string form of the rule (strip, drop '-', ';' as ',', lowercase, first tag, four characters
 * padded with '0') on any Accept-Language value, Latin-1 as the dissector makes them.
 */
class Ja4hLanguagePropertyTest {

    /** The rule written with string operations, as it was before the one-pass form. */
    private static String byStringOperations(String value) {
        String l = value.strip().replace("-", "").replace(';', ',').toLowerCase(java.util.Locale.ROOT);
        int comma = l.indexOf(',');
        if (comma >= 0) l = l.substring(0, comma);
        if (l.length() > 4) l = l.substring(0, 4);
        return l + "0000".substring(l.length());
    }

    @Property(tries = 2000)
    void equalsTheStringForm(@ForAll @StringLength(max = 20)
            @Chars({' ', '\t', '-', ',', ';', '=', '.', '\u00c0', '\u00b5', '\u00a0', '\u001f'})
            @CharRange(from = 'A', to = 'z') String value) {
        assertThat(Ja4h.language(value)).isEqualTo(byStringOperations(value));
    }

    @Property(tries = 500)
    void equalsTheStringFormOnAnyLatin1(@ForAll @StringLength(max = 12) @CharRange(from = 0, to = 255) String value) {
        assertThat(Ja4h.language(value)).isEqualTo(byStringOperations(value));
    }

    @Example
    void typicalValues() {
        assertThat(Ja4h.language(" en-US,en;q=0.9")).isEqualTo("enus");
        assertThat(Ja4h.language("DE")).isEqualTo("de00");
        assertThat(Ja4h.language("-;fr")).isEqualTo("0000");
        assertThat(Ja4h.language("")).isEqualTo("0000");
    }
}
