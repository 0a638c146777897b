package io.sluice.protocol.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The path and field helpers give what the String.replaceFirst and split(quote) forms they replace gave. */
class FtpPathsPropertyTest {

    /** compress_path as written before the patterns were compiled once. */
    private static String compressByReplaceFirst(String p) {
        String prev;
        do {
            prev = p;
            p = p.replace("/./", "/");
            p = p.replaceFirst("/[^/]+/\\.\\./", "/");
            p = p.replaceFirst("/[^/]+/\\.\\.$", "/");
        } while (!p.equals(prev));
        return p;
    }

    @Provide
    Arbitrary<String> paths() {
        return Arbitraries.of("/", ".", "..", "a", "b", "/..", "/./", "x y").list().ofMaxSize(14).map(l -> String.join("", l));
    }

    @Property(tries = 3000)
    void compressAsBefore(@ForAll("paths") String p) {
        assertThat(FtpPaths.compress(p)).isEqualTo(compressByReplaceFirst(p));
    }

    @Provide
    Arbitrary<String> delimited() {
        return Arbitraries.of("|", "|", "!", "1", "22", "::1", "").list().ofMaxSize(10).map(l -> String.join("", l));
    }

    @Property(tries = 2000)
    void fieldsAsSplit(@ForAll("delimited") String s) {
        if (s.isEmpty()) return;
        char d = s.charAt(0);
        assertThat(FtpAddresses.fields(s, d)).containsExactly(s.split(Pattern.quote(String.valueOf(d)), -1));
    }
}
