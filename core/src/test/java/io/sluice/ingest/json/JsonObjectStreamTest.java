package io.sluice.ingest.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.ingest.IngestContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class JsonObjectStreamTest {

    private final List<String> objects = new ArrayList<>();
    private final List<Long> lines = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    private void read(String text) throws IOException {
        var context = new IngestContext("t", e -> { }, (s, p, r) -> problems.add(p + ": " + r),
                new io.sluice.flow.UidGenerator(1), new io.sluice.flow.CommunityId(0));
        JsonObjectStream.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), context, (node, line) -> {
            objects.add(node.path("n").asText());
            lines.add(line);
        });
    }

    @Test
    void linesPrettyPrintedAndArraysAlike() throws IOException {
        read("{\"n\":\"a\"}\n{\n  \"n\": \"b\",\n  \"x\": {\"y\": \"}{\\\"\"}\n}\n[{\"n\":\"c\"},\n {\"n\":\"d\"}]\n");
        assertThat(objects).containsExactly("a", "b", "c", "d");
        assertThat(lines).containsExactly(1L, 2L, 6L, 7L);
        assertThat(problems).isEmpty();
    }

    @Test
    void aCutLineIsReportedAndTheNextObjectKept() throws IOException {
        read("{\"n\":\"a\"}\n{\"n\":\"b\", \"s\": \"unterminated\n{\"n\":\"c\"}\nnot json\n{\"n\": nope}\n{\"n\":\"d\"}\n{\"n\":\"e\"");
        assertThat(objects).containsExactly("a", "c", "d");
        assertThat(problems).hasSize(4);
        assertThat(problems.get(0)).startsWith("line 2: JSON object cut short");
        assertThat(problems.get(1)).startsWith("line 4: text outside");
        assertThat(problems.get(2)).startsWith("line 5: malformed JSON");
        assertThat(problems.get(3)).startsWith("line 7: JSON object not closed");
    }

    @Property
    void everyObjectOfAJsonLinesFileIsRead(@ForAll @IntRange(max = 50) int count,
            @ForAll @StringLength(max = 20) String value) throws IOException {
        var sb = new StringBuilder();
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (int i = 0; i < count; i++) {
            sb.append("{\"n\":").append(json.writeValueAsString(value + i)).append("}\n");
        }
        read(sb.toString());
        assertThat(objects).hasSize(count);
        for (int i = 0; i < count; i++) assertThat(objects.get(i)).isEqualTo(value + i);
        assertThat(problems).isEmpty();
        objects.clear();
        lines.clear();
    }
}
