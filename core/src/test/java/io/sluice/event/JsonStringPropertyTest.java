package io.sluice.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Whatever text a dissector hands over, a JSON log row reads back as the same text. */
class JsonStringPropertyTest {
    private static final JsonFactory JSON = new JsonFactory();

    @Property(tries = 2000)
    void anyStringRoundTripsThroughAJsonParser(@ForAll String s) throws IOException {
        var bytes = new ByteArrayOutputStream();
        var b = new LineBuffer(bytes);
        b.jsonString(s);
        b.flush();
        try (var p = JSON.createParser(bytes.toByteArray())) {
            p.nextToken();
            String back = p.getText();
            // lone surrogates cannot be encoded in UTF-8 and become U+FFFD; everything else is exact
            assertThat(back).isEqualTo(replaceLoneSurrogates(s));
        }
    }

    private static String replaceLoneSurrogates(String s) {
        var sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                sb.append(c).append(s.charAt(++i));
            } else {
                sb.append(Character.isSurrogate(c) ? '\ufffd' : c);
            }
        }
        return sb.toString();
    }
}
