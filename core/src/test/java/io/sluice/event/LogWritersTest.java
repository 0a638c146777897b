package io.sluice.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogWritersTest {

    private static FlowRecord sample(Long duration, List<String> parents) {
        return new FlowRecord(
                1_320_279_566_452_687_499L, "CHhAvVGS1DHFjwGM9",
                new ConnId("10.0.0.1", 51880, "2001:db8::1", 22), "tcp", null,
                duration, duration == null ? null : 2669L, duration == null ? null : 2501L,
                "SF", true, false, 0, "ShAdDaFf", 25, 3981, 20, 3549, parents, 6, -1, -1,
                "1:abc=", null, null, "pcap", null);
    }

    private static String render(LogFormat format, LogEntry... entries) throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (var w = LogWriter.create(format, entries[0].schema(), bytes, 0)) {
            for (LogEntry e : entries) w.write(e);
            assertThat(w.rows()).isEqualTo(entries.length);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void jsonUsesZeekNamesSixDecimalTimesAndOmitsUnsetFields() throws IOException {
        String out = render(LogFormat.JSON, sample(6_159_326_000L, List.of("CtPZjS20MLrsMUOJi2")));
        assertThat(out).endsWith("\n").doesNotContain("\"service\"").doesNotContain("\"vlan\"");
        Map<String, String> fields = new LinkedHashMap<>();
        try (var p = new JsonFactory().createParser(out)) {
            assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (t == JsonToken.START_ARRAY) {
                    var items = new StringBuilder();
                    while (p.nextToken() != JsonToken.END_ARRAY) items.append(p.getText()).append(';');
                    fields.put(name, items.toString());
                } else {
                    fields.put(name, p.getText());
                }
            }
        }
        assertThat(fields).containsEntry("ts", "1320279566.452687")
                .containsEntry("id.orig_h", "10.0.0.1")
                .containsEntry("id.resp_p", "22")
                .containsEntry("duration", "6.159326")
                .containsEntry("local_orig", "true")
                .containsEntry("tunnel_parents", "CtPZjS20MLrsMUOJi2;")
                .containsEntry("history", "ShAdDaFf");
    }

    @Test
    void zeekTsvHasHeaderRowsAndUnsetMarkers() throws IOException {
        String out = render(LogFormat.ZEEK, sample(null, List.of()));
        List<String> lines = out.lines().toList();
        assertThat(lines.get(0)).isEqualTo("#separator \\x09");
        assertThat(lines).contains("#path\tconn", "#unset_field\t-", "#empty_field\t(empty)");
        String fieldsLine = lines.stream().filter(l -> l.startsWith("#fields")).findFirst().orElseThrow();
        String row = lines.stream().filter(l -> !l.startsWith("#")).findFirst().orElseThrow();
        String[] names = fieldsLine.split("\t");
        String[] values = row.split("\t", -1);
        assertThat(values).hasSize(names.length - 1);
        Map<String, String> byName = new LinkedHashMap<>();
        for (int i = 1; i < names.length; i++) byName.put(names[i], values[i - 1]);
        assertThat(byName).containsEntry("ts", "1320279566.452687")
                .containsEntry("duration", "-")
                .containsEntry("orig_bytes", "-")
                .containsEntry("local_orig", "T")
                .containsEntry("local_resp", "F")
                .containsEntry("tunnel_parents", "-")
                .containsEntry("id.resp_h", "2001:db8::1");
        assertThat(lines.get(lines.size() - 1)).startsWith("#close\t");
    }

    /** Runs {@code fill} on a LineBuffer and returns what it wrote. */
    private static String line(java.util.function.Consumer<LineBuffer> fill) {
        var bytes = new ByteArrayOutputStream();
        var b = new LineBuffer(bytes);
        fill.accept(b);
        try {
            b.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void zeekEscapesSeparatorsControlBytesAndALoneDash() {
        assertThat(line(b -> ZeekTsvLogWriter.escape(b, "a\tb\nc,d", true))).isEqualTo("a\\x09b\\x0ac\\x2cd");
        assertThat(line(b -> ZeekTsvLogWriter.escape(b, "-", false))).isEqualTo("\\x2d");
        assertThat(line(b -> ZeekTsvLogWriter.escape(b, "", false))).isEqualTo("(empty)");
        assertThat(line(b -> ZeekTsvLogWriter.escape(b, "back\\slash", false))).isEqualTo("back\\\\slash");
    }

    @Test
    void jsonEscapesQuotesControlsAndEncodesUtf8() {
        assertThat(line(b -> JsonLogWriter.string(b, "say \"hi\"\\\n\u0001"))).isEqualTo("\"say \\\"hi\\\"\\\\\\n\\u0001\"");
        assertThat(line(b -> JsonLogWriter.string(b, "caf\u00e9 \u2603 \ud83d\ude00"))).isEqualTo("\"caf\u00e9 \u2603 \ud83d\ude00\"");
        assertThat(line(b -> JsonLogWriter.string(b, "lone \ud800"))).isEqualTo("\"lone \ufffd\"");
    }

    @Test
    void numbersAndSixDecimalsAreExact() {
        assertThat(line(b -> b.decimal6(1_500L))).isEqualTo("0.000002");
        assertThat(line(b -> b.decimal6(1_499L))).isEqualTo("0.000001");
        assertThat(line(b -> b.decimal6(3_000_000_000L))).isEqualTo("3.000000");
        assertThat(line(b -> b.decimal6(-1_000L))).isEqualTo("-0.000001");
        assertThat(line(b -> b.decimal6(1_772_442_000_123_456_789L))).isEqualTo("1772442000.123457");
        assertThat(line(b -> b.number(0).append(' ').number(-42).append(' ').number(Long.MAX_VALUE).append(' ').number(Long.MIN_VALUE)))
                .isEqualTo("0 -42 9223372036854775807 -9223372036854775808");
    }
}
