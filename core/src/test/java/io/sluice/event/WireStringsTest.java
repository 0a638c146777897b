package io.sluice.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Strings that dissectors keep as wire bytes (one ISO-8859-1 char per byte) are written as Zeek
 * writes byte strings: valid UTF-8 as text, other bytes as \xNN. A crafted capture with a UTF-8
 * User-Agent ("café") and an escaped UTF-8 URI showed tshark and Zeek's escaping rule giving
 * "café" where http.log had the doubly encoded "cafÃ©".
 */
class WireStringsTest {

    /** One wire string and one vector of them. */
    record Row(String value, List<String> values) implements LogEntry {
        static final LogSchema SCHEMA = LogSchema.named("wire").field("value", "string")
                .field("values", "vector[string]").build();

        @Override
        public LogSchema schema() {
            return SCHEMA;
        }

        @Override
        public void write(FieldSink out) {
            out.wireOrUnset(value);
            out.wires(values);
        }
    }

    /** "café" as UTF-8, then a byte that is not UTF-8, then a control byte, as a dissector keeps them. */
    static final String BYTES = new String(new byte[] {'c', 'a', 'f', (byte) 0xc3, (byte) 0xa9, (byte) 0xff, 1, '"'},
            StandardCharsets.ISO_8859_1);

    private static String render(LogFormat format, LogEntry e) throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (var w = LogWriter.create(format, e.schema(), bytes, 0)) {
            w.write(e);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void jsonKeepsValidUtf8AndEscapesOtherBytesAsZeekDoes() throws IOException {
        String out = render(LogFormat.JSON, new Row(BYTES, List.of("x\u00e9", "ok")));
        assertThat(out).isEqualTo("{\"value\":\"café\\\\xff\\u0001\\\"\",\"values\":[\"x\\\\xe9\",\"ok\"]}\n");
    }

    @Test
    void zeekTsvKeepsValidUtf8AndEscapesOtherBytes() throws IOException {
        String row = render(LogFormat.ZEEK, new Row(BYTES, List.of("a,b", "\u00f0\u009f\u0098\u0080")))
                .lines().filter(l -> !l.startsWith("#")).findFirst().orElseThrow();
        assertThat(row).isEqualTo("café\\xff\\x01\"\ta\\x2cb,\uD83D\uDE00");
    }

    @Test
    void overlongAndSurrogateFormsAreNotUtf8() {
        assertThat(LineBuffer.utf8Bytes("\u00c0\u0080", 0)).isZero(); // overlong NUL
        assertThat(LineBuffer.utf8Bytes("\u00e0\u0080\u0080", 0)).isZero(); // overlong 3-byte
        assertThat(LineBuffer.utf8Bytes("\u00ed\u00a0\u0080", 0)).isZero(); // a UTF-16 surrogate
        assertThat(LineBuffer.utf8Bytes("\u00f4\u0090\u0080\u0080", 0)).isZero(); // above U+10FFFF
        assertThat(LineBuffer.utf8Bytes("\u00c3\u00a9", 0)).isEqualTo(2);
        assertThat(LineBuffer.utf8Bytes("\u00f0\u009f\u0098\u0080", 0)).isEqualTo(4);
        assertThat(LineBuffer.utf8Bytes("\u00c3", 0)).isZero(); // cut short
    }

    @Test
    void textGoesToWireFormAsItsUtf8BytesAndComesBackForPeople() throws IOException {
        String name = "Rapport \u00e9t\u00e9 \u20ac.docx";
        String wire = WireText.ofText(name);
        assertThat(wire).hasSize(name.getBytes(StandardCharsets.UTF_8).length);
        assertThat(wire.chars()).allMatch(c -> c <= 0xff);
        assertThat(WireText.toText(wire)).isEqualTo(name);
        assertThat(WireText.ofText("plain.exe")).isSameAs("plain.exe").isEqualTo(WireText.toText("plain.exe"));
        assertThat(WireText.toText(BYTES)).isEqualTo("caf\u00e9\ufffd\u0001\"");
        assertThat(WireText.ofText(null)).isNull();
        assertThat(WireText.toText(null)).isNull();
        // written as a wire string, a text's wire form reads as the text itself, as Zeek writes UTF-8 names
        assertThat(render(LogFormat.JSON, new Row(wire, List.of()))).startsWith("{\"value\":\"" + name + "\"");
    }

    @Test
    void upperCasingAWireStringChangesAsciiLettersOnly() {
        // "gét" sent as UTF-8 (C3 A9), then E0 A4 96 (a 3-byte sequence), ß, ÿ and µ as single bytes
        String wire = "g\u00c3\u00a9t\u00e0\u00a4\u0096\u00df\u00ff\u00b5x";
        assertThat(WireText.upperAscii(wire)).isEqualTo("G\u00c3\u00a9T\u00e0\u00a4\u0096\u00df\u00ff\u00b5X");
        assertThat(WireText.upperAscii("RETR")).isSameAs("RETR");
    }
}
