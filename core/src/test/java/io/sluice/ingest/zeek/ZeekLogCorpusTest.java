package io.sluice.ingest.zeek;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.sluice.event.Event;
import io.sluice.event.LogEntry;
import io.sluice.event.LogFormat;
import io.sluice.event.LogSchema;
import io.sluice.event.LogWriter;
import io.sluice.testing.Corpus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Round trip against third-party Zeek logs: Zeek's own btest baselines (TSV, corpus
 * {@code pcap-protocols/zeek/<test>/baseline/}) and RITA's JSON test logs (corpus
 * {@code zeek-logs/rita-json/}) are read into events, written back by Sluice's own Zeek TSV and
 * JSON writers, and compared with the input field by field on every field both have.
 *
 * <p>Known differences, each listed in {@link #KNOWN} with its reason, are the only fields allowed
 * to differ; every other field must be equal in every row, and every row must be read.
 */
@Tag("corpus")
@EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
class ZeekLogCorpusTest {

    /** btest replaces every {@code ts} by this mask; the test puts a fixed time in its place before reading. */
    private static final String BTEST_TS_MASK = "XXXXXXXXXX.XXXXXX";
    private static final String FIXED_TS = "1300000000.123456";

    /** log → field → why Sluice's writer does not give the input's value back. */
    private static final Map<String, Map<String, String>> KNOWN = Map.of(
            "http", Map.of(
                    "password", "Sluice never keeps passwords (as Zeek's default HTTP::default_capture_password=F)",
                    "tags", "HttpTransaction carries no tags; Sluice writes the empty set Zeek's base scripts give"),
            "files", Map.of(
                    "parent_fuid", "FileInfo has no parent: Sluice unpacks no archives, so it writes it unset",
                    "local_orig", "unset when Zeek's Site::local_nets is empty; FileInfo's bool reads it as F"));

    /**
     * Fields of the inputs that Sluice's logs do not have at all (so they are not compared), and why.
     * The test fails if another field goes missing, or if one of these stops being missing.
     */
    private static final Map<String, String> NOT_CARRIED = Map.of(
            "conn._path", "RITA's copy of the log name; Sluice's writer names the log by its file",
            "http._path", "RITA's copy of the log name",
            "ssl._path", "RITA's copy of the log name",
            "http.password", "Sluice never keeps passwords (Zeek's default HTTP::default_capture_password=F)",
            "ssl.cert_chain_fuids", "Zeek < 6.0 field (file ids of the chain); Sluice logs cert_chain_fps, the hashes",
            "ssl.client_subject", "Zeek < 6.0 field; Sluice logs only the host certificate's subject and issuer",
            "ssl.client_issuer", "Zeek < 6.0 field; Sluice logs only the host certificate's subject and issuer",
            "ssl.validation_status", "policy/protocols/ssl/validate-certs.zeek; Sluice does not validate chains");

    /** Fields of the JA4+ plugin's logs that Sluice's logs do not have, and why. */
    private static final Map<String, String> JA4_NOT_CARRIED = Map.of(
            "conn.ja4l_delta", "the package's JA4L delta: not in JA4L.md; Sluice logs ja4l, ja4ls, ja4t and ja4ts only",
            "conn.ja4ls_delta", "the package's JA4LS delta: not in JA4L.md; Sluice logs ja4l, ja4ls, ja4t and ja4ts only");

    private record Diff(String file, int row, String field, String input, String output) {}

    @Test
    void zeekBtestBaselinesReadAndWriteBackUnchanged() throws IOException {
        Path root = Corpus.file("pcap-protocols/zeek");
        List<Path> logs;
        try (Stream<Path> walk = Files.walk(root)) {
            logs = walk.filter(p -> p.getParent().getFileName().toString().equals("baseline")
                    && p.getFileName().toString().endsWith(".log")).sorted().toList();
        }
        TsvRoundTrip r = tsvRoundTrip(root, logs);
        assertThat(r.compared()).as("baselines of logs Sluice reads").isGreaterThanOrEqualTo(15);
        assertThat(r.logs()).as("logs compared").contains("conn", "http", "smb_files", "files");
        assertThat(r.unexpected()).as("fields that differ without a known reason").isEmpty();
        assertThat(r.knownSeen().keySet()).as("known differences that occur").isSubsetOf(knownKeys());
        assertThat(r.dropped()).as("baseline fields Sluice's log does not carry").isEmpty();
        assertThat(r.values()).as("field values compared").isGreaterThan(500);
    }

    /**
     * The JA4+ Zeek plugin's baselines (corpus {@code fingerprints/ja4/zeek-baselines/}): conn, ssl
     * and http logs with the plugin's ja4, ja4s, ja4h fields, which are Sluice's fields too.
     */
    @Test
    void ja4PluginBaselinesReadAndWriteBackUnchanged() throws IOException {
        Path root = Corpus.file("fingerprints/ja4/zeek-baselines");
        List<Path> logs;
        try (Stream<Path> walk = Files.walk(root)) {
            logs = walk.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList();
        }
        TsvRoundTrip r = tsvRoundTrip(root, logs);
        assertThat(r.compared()).isGreaterThanOrEqualTo(4);
        assertThat(r.unexpected()).as("fields that differ without a known reason").isEmpty();
        assertThat(r.knownSeen().keySet()).isSubsetOf(knownKeys());
        assertThat(r.dropped()).as("baseline fields Sluice's log does not carry").isEqualTo(JA4_NOT_CARRIED.keySet());
    }

    private record TsvRoundTrip(int compared, long values, List<Diff> unexpected, Map<String, Integer> knownSeen,
            java.util.Set<String> dropped, java.util.Set<String> logs) {}

    private static TsvRoundTrip tsvRoundTrip(Path root, List<Path> logs) throws IOException {
        int compared = 0;
        long values = 0;
        var tsvDropped = new java.util.TreeSet<String>();
        var unexpected = new ArrayList<Diff>();
        var knownSeen = new TreeMap<String, Integer>();
        var comparedLogs = new java.util.TreeSet<String>();
        for (Path log : logs) {
            String text = Files.readString(log).replace(BTEST_TS_MASK, FIXED_TS);
            List<Map<String, String>> input = tsvRows(text);
            String path = pathOf(text);
            var read = read(log.toString(), text);
            if (ZeekLogMappings.byPath(path) == null) {
                assertThat(read.events()).as("%s is not a log Sluice reads", log).isEmpty();
                assertThat(read.notices()).as(log.toString()).hasSize(1);
                continue;
            }
            assertThat(read.problems()).as(log.toString()).isEmpty();
            List<Map<String, String>> output = tsvRows(write(LogFormat.ZEEK, entries(read.events(), path)));
            assertThat(output).as("rows of %s", log).hasSameSizeAs(input);
            // the same events written as JSON read back as the same rows: each field in the same form
            var viaJson = read(log.toString(), write(LogFormat.JSON, entries(read.events(), path)));
            assertThat(viaJson.problems()).as("%s as JSON", log).isEmpty();
            assertThat(tsvRows(write(LogFormat.ZEEK, entries(viaJson.events(), path)))).as("%s as JSON", log)
                    .isEqualTo(output);
            for (int i = 0; i < input.size(); i++) {
                for (var e : input.get(i).entrySet()) {
                    String out = output.get(i).get(e.getKey());
                    if (out == null) {
                        tsvDropped.add(path + "." + e.getKey()); // a field Sluice's log does not have
                        continue;
                    }
                    values++;
                    if (out.equals(e.getValue())) continue;
                    if (KNOWN.getOrDefault(path, Map.of()).containsKey(e.getKey())) {
                        knownSeen.merge(path + "." + e.getKey(), 1, Integer::sum);
                    } else {
                        unexpected.add(new Diff(root.relativize(log).toString(), i, e.getKey(), e.getValue(), out));
                    }
                }
            }
            compared++;
            comparedLogs.add(path);
        }
        return new TsvRoundTrip(compared, values, unexpected, knownSeen, tsvDropped, comparedLogs);
    }

    @Test
    void ritaJsonLogsReadAndWriteBackUnchanged() throws IOException {
        Path dir = Corpus.file("zeek-logs/rita-json");
        List<Path> logs;
        try (Stream<Path> list = Files.list(dir)) {
            logs = list.filter(p -> p.toString().endsWith(".log")).sorted().toList();
        }
        var unexpected = new ArrayList<Diff>();
        long rows = 0;
        long values = 0;
        var dropped = new java.util.TreeSet<String>();
        for (Path log : logs) {
            String text = Files.readString(log);
            List<Map<String, Object>> input = jsonRows(text);
            var read = read(log.toString(), text);
            assertThat(read.problems()).as(log.toString()).isEmpty();
            assertThat(read.notices()).as(log.toString()).isEmpty();
            String path = read.events().get(read.events().size() - 1).schema().path();
            List<Map<String, Object>> output = jsonRows(write(LogFormat.JSON, entries(read.events(), path)));
            assertThat(output).as("rows of %s", log).hasSameSizeAs(input);
            for (int i = 0; i < input.size(); i++) {
                for (var e : input.get(i).entrySet()) {
                    Object out = output.get(i).get(e.getKey());
                    if (out == null) {
                        dropped.add(path + "." + e.getKey());
                        continue;
                    }
                    values++;
                    if (sameJson(e.getValue(), out)) continue;
                    if (KNOWN.getOrDefault(path, Map.of()).containsKey(e.getKey())) continue;
                    unexpected.add(new Diff(log.getFileName().toString(), i, e.getKey(), String.valueOf(e.getValue()),
                            String.valueOf(out)));
                }
                rows++;
            }
        }
        assertThat(rows).isGreaterThan(100);
        assertThat(values).as("field values compared").isGreaterThan(rows * 10);
        assertThat(dropped).as("input fields Sluice's log does not carry").isEqualTo(NOT_CARRIED.keySet());
        assertThat(unexpected).as("fields that differ without a known reason").isEmpty();
    }

    private static List<String> knownKeys() {
        var keys = new ArrayList<String>();
        KNOWN.forEach((log, fields) -> fields.keySet().forEach(f -> keys.add(log + "." + f)));
        return keys;
    }

    /** The events of one log (a conn row also gives a connection_creation event, not compared here). */
    private static List<LogEntry> entries(List<Event> events, String path) {
        return events.stream().filter(e -> e.schema().path().equals(path)).map(e -> (LogEntry) e).toList();
    }

    private static ZeekLogText.Read read(String name, String text) throws IOException {
        return ZeekLogText.read(name, text);
    }

    private static String write(LogFormat format, List<LogEntry> entries) throws IOException {
        if (entries.isEmpty()) return "";
        LogSchema schema = entries.get(0).schema();
        var out = new ByteArrayOutputStream();
        try (LogWriter w = LogWriter.create(format, schema, out, 0)) {
            for (LogEntry e : entries) w.write(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String pathOf(String tsv) {
        return tsv.lines().filter(l -> l.startsWith("#path\t")).map(l -> l.substring(6)).findFirst().orElseThrow();
    }

    /** Rows of a Zeek TSV text as field name to the text printed (escapes left as they are). */
    private static List<Map<String, String>> tsvRows(String text) {
        String[] fields = null;
        var rows = new ArrayList<Map<String, String>>();
        for (String line : text.split("\n")) {
            if (line.startsWith("#fields\t")) fields = line.substring(8).split("\t");
            if (line.startsWith("#") || line.isBlank()) continue;
            String[] v = line.split("\t", -1);
            assertThat(v).as(line).hasSize(fields.length);
            var row = new LinkedHashMap<String, String>();
            for (int i = 0; i < fields.length; i++) row.put(fields[i], v[i]);
            rows.add(row);
        }
        return rows;
    }

    /** JSON lines as field name to a value: text of a scalar, or a list of element texts. Parsed by Jackson. */
    private static List<Map<String, Object>> jsonRows(String text) throws IOException {
        var factory = new JsonFactory();
        var rows = new ArrayList<Map<String, Object>>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) continue;
            var row = new LinkedHashMap<String, Object>();
            try (JsonParser p = factory.createParser(line)) {
                assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken t = p.nextToken();
                    if (t == JsonToken.START_ARRAY) {
                        var list = new ArrayList<String>();
                        while (p.nextToken() != JsonToken.END_ARRAY) list.add(p.getText());
                        row.put(name, list);
                    } else if (t != JsonToken.VALUE_NULL) {
                        row.put(name, t.isNumeric() ? "#" + p.getText() : p.getText());
                    }
                }
            }
            rows.add(row);
        }
        return rows;
    }

    /** Numbers (marked "#") compare by value, so 60.000000 equals 60.0; the rest as text. */
    private static boolean sameJson(Object a, Object b) {
        if (a instanceof List<?> la && b instanceof List<?> lb) {
            if (la.size() != lb.size()) return false;
            for (int i = 0; i < la.size(); i++) {
                if (!sameScalar(String.valueOf(la.get(i)), String.valueOf(lb.get(i)))) return false;
            }
            return true;
        }
        return sameScalar(String.valueOf(a), String.valueOf(b));
    }

    private static boolean sameScalar(String a, String b) {
        if (a.startsWith("#") && b.startsWith("#")) {
            return new BigDecimal(a.substring(1)).compareTo(new BigDecimal(b.substring(1))) == 0;
        }
        return a.equals(b);
    }
}
