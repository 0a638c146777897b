package io.sluice.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.event.LogFormat;
import io.sluice.generate.TrafficGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice analyze} on Zeek logs written by the test, alone, gzip'd, mixed with captures, and damaged. */
class AnalyzeLogInputsTest {

    @TempDir
    Path tmp;

    private static final List<String> FIELDS = List.of("ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h",
            "id.resp_p", "proto", "service", "duration", "orig_bytes", "resp_bytes", "conn_state", "local_orig",
            "local_resp", "missed_bytes", "history", "orig_pkts", "orig_ip_bytes", "resp_pkts", "resp_ip_bytes",
            "tunnel_parents", "ip_proto");
    private static final List<String> TYPES = List.of("time", "string", "addr", "port", "addr", "port", "enum",
            "string", "interval", "count", "count", "string", "bool", "bool", "count", "string", "count", "count",
            "count", "count", "set[string]", "count");
    private static final Set<String> NUMERIC = Set.of("ts", "id.orig_p", "id.resp_p", "duration", "orig_bytes",
            "resp_bytes", "missed_bytes", "orig_pkts", "orig_ip_bytes", "resp_pkts", "resp_ip_bytes", "ip_proto");

    /** Rows as Zeek's TSV writer prints the values. */
    private static List<Map<String, String>> connRows() {
        var rows = new ArrayList<Map<String, String>>();
        rows.add(row("1517422326.539915", "CxHo3m4N8uGxrMlcl2", "10.55.100.100", "61843", "205.204.101.182", "80",
                "tcp", "http", "108.985496", "719", "336", "SF", "T", "F", "20", "ShADadfF", "10", "1131", "4", "508",
                "-", "6"));
        rows.add(row("1517422327.000001", "C2", "10.55.100.111", "49544", "165.227.216.194", "443", "tcp", "-",
                "0.064097", "0", "0", "REJ", "T", "F", "0", "Sr", "1", "52", "1", "40", "-", "6"));
        rows.add(row("1517422328.250000", "C3", "192.168.88.2", "55638", "165.227.88.15", "53", "udp", "dns",
                "0.069982", "61", "81", "SF", "T", "F", "0", "Dd", "1", "89", "1", "109", "CparentA,CparentB", "17"));
        rows.add(row("1517422329.000000", "C4", "fe80::1", "133", "ff02::2", "134", "icmp", "-", "-", "-", "-", "OTH",
                "F", "F", "0", "-", "1", "56", "0", "0", "-", "58"));
        return rows;
    }

    private static Map<String, String> row(String... values) {
        var m = new LinkedHashMap<String, String>();
        for (int i = 0; i < values.length; i++) m.put(FIELDS.get(i), values[i]);
        return m;
    }

    private static String tsv(List<Map<String, String>> rows) {
        var sb = new StringBuilder("#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n"
                + "#path\tconn\n#open\t2018-01-31-18-12-06\n");
        sb.append("#fields\t").append(String.join("\t", FIELDS)).append('\n');
        sb.append("#types\t").append(String.join("\t", TYPES)).append('\n');
        for (var r : rows) sb.append(String.join("\t", r.values())).append('\n');
        return sb.append("#close\t2018-01-31-18-20-00\n").toString();
    }

    /** Zeek's JSON writer: unset fields left out, numbers bare, sets as arrays, bools as true/false. */
    private static String json(List<Map<String, String>> rows) {
        var sb = new StringBuilder();
        for (var r : rows) {
            var parts = new ArrayList<String>();
            r.forEach((k, v) -> {
                if (v.equals("-")) return;
                String value;
                if (k.equals("tunnel_parents")) value = "[\"" + v.replace(",", "\",\"") + "\"]";
                else if (NUMERIC.contains(k)) value = v;
                else if (v.equals("T") || v.equals("F")) value = v.equals("T") ? "true" : "false";
                else value = "\"" + v + "\"";
                parts.add("\"" + k + "\":" + value);
            });
            sb.append('{').append(String.join(",", parts)).append("}\n");
        }
        return sb.toString();
    }

    private static Path gzip(Path file, String text) throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (var gz = new GZIPOutputStream(bytes)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return Files.write(file, bytes.toByteArray());
    }

    private record Result(Analysis.Outcome outcome, String out, String err) {}

    private Result analyze(List<String> inputs, Path outDir, LogFormat format, String inputFormat) {
        var out = new StringWriter();
        var err = new StringWriter();
        var options = new Analysis.Options(inputs, outDir, format, false, null, false, 500_000, 0, false, false,
                false, inputFormat);
        var outcome = new Analysis(options, new PrintWriter(out, true), new PrintWriter(err, true)).execute();
        return new Result(outcome, out.toString(), err.toString());
    }

    /** A Zeek TSV log as rows of field name to the text printed. */
    private static List<Map<String, String>> readTsv(Path log) throws IOException {
        String[] fields = null;
        var rows = new ArrayList<Map<String, String>>();
        for (String line : Files.readAllLines(log)) {
            if (line.startsWith("#fields\t")) fields = line.substring(8).split("\t");
            if (line.startsWith("#") || line.isBlank()) continue;
            String[] v = line.split("\t", -1);
            var r = new LinkedHashMap<String, String>();
            for (int i = 0; i < fields.length; i++) r.put(fields[i], v[i]);
            rows.add(r);
        }
        return rows;
    }

    private static void assertSameConnRows(List<Map<String, String>> written, List<Map<String, String>> expected) {
        assertThat(written).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            for (String f : FIELDS) {
                assertThat(written.get(i).get(f)).as("row %d field %s", i, f).isEqualTo(expected.get(i).get(f));
            }
            assertThat(written.get(i).get("source")).isEqualTo("zeek");
        }
    }

    @Test
    void aZeekTsvConnLogGzipdGivesTheSameConnRows() throws IOException {
        Path in = gzip(tmp.resolve("conn.00:00:00-01:00:00.log.gz"), tsv(connRows()));
        var r = analyze(List.of(in.toString()), tmp.resolve("logs"), LogFormat.ZEEK, null);
        assertThat(r.outcome().exitCode()).as(r.err()).isEqualTo(ExitCode.OK);
        List<Map<String, String>> conn = readTsv(tmp.resolve("logs/conn.log"));
        assertSameConnRows(conn, connRows());
        assertThat(conn).allSatisfy(row -> assertThat(row.get("exporter")).isEqualTo("conn.00:00:00-01:00:00.log.gz"));
        assertThat(readTsv(tmp.resolve("logs/connection_creation.log"))).extracting(m -> m.get("outcome"))
                .containsExactly("established", "rejected", "answered", "not_answered");
        assertThat(r.outcome().flows()).isEqualTo(4);
        assertThat(r.out()).contains("Log inputs", "conn.00:00:00-01:00:00.log.gz", "zeek");
    }

    @Test
    void aZeekJsonConnLogGzipdGivesTheSameConnRows() throws IOException {
        Path in = gzip(tmp.resolve("conn.json.gz"), json(connRows()));
        var r = analyze(List.of(in.toString()), tmp.resolve("logs"), LogFormat.ZEEK, null);
        assertThat(r.outcome().exitCode()).as(r.err()).isEqualTo(ExitCode.OK);
        assertSameConnRows(readTsv(tmp.resolve("logs/conn.log")), connRows());

        var plain = analyze(List.of(Files.writeString(tmp.resolve("conn.json"), json(connRows())).toString()),
                tmp.resolve("json"), LogFormat.JSON, null);
        assertThat(plain.outcome().exitCode()).isEqualTo(ExitCode.OK);
        assertThat(Files.readAllLines(tmp.resolve("json/conn.log"))).hasSize(4).first().asString()
                .startsWith("{\"ts\":1517422326.539915,\"uid\":\"CxHo3m4N8uGxrMlcl2\"")
                .contains("\"history\":\"ShADadfF\"", "\"source\":\"zeek\"");
    }

    @Test
    void aMalformedLineIsNamedWithFileAndLineTheRestIsKeptAndTheRunExitsOne() throws IOException {
        List<String> lines = new ArrayList<>(tsv(connRows()).lines().toList());
        int second = 10; // 1-based: a header of 8 lines, then the rows
        String damaged = lines.get(second - 1).replace("\t49544\t", "\tnot-a-port\t");
        assertThat(damaged).isNotEqualTo(lines.get(second - 1));
        lines.set(second - 1, damaged);
        Path in = Files.writeString(tmp.resolve("conn.log"), String.join("\n", lines) + "\n");
        var r = analyze(List.of(in.toString()), tmp.resolve("logs"), LogFormat.ZEEK, null);
        assertThat(r.outcome().exitCode()).isEqualTo(ExitCode.INPUT_DAMAGED);
        assertThat(r.err()).contains(in + ": line 10: conn row: field id.orig_p: not a port: \"not-a-port\"");
        List<Map<String, String>> expected = new ArrayList<>(connRows());
        expected.remove(1);
        assertSameConnRows(readTsv(tmp.resolve("logs/conn.log")), expected);
        assertThat(r.out()).contains("Input errors", in + ": 1 line rejected (first: line 10");
    }

    @Test
    void manyMalformedLinesPrintTheFirstFewAndCountTheRest() throws IOException {
        var sb = new StringBuilder(tsv(connRows()));
        for (int i = 0; i < 8; i++) sb.append("garbage\n");
        Path in = Files.writeString(tmp.resolve("conn.log"), sb.toString());
        var r = analyze(List.of(in.toString()), tmp.resolve("logs"), LogFormat.JSON, null);
        assertThat(r.outcome().exitCode()).isEqualTo(ExitCode.INPUT_DAMAGED);
        assertThat(r.err().lines().filter(l -> l.contains(": line ")).count()).isEqualTo(IngestRun.PRINTED_PROBLEMS);
        assertThat(r.err()).contains("3 more lines rejected");
        assertThat(Files.readAllLines(tmp.resolve("logs/conn.log"))).hasSize(4);
    }

    @Test
    void aTruncatedGzipLogKeepsWhatCameBeforeAndExitsOne() throws IOException {
        var many = new ArrayList<Map<String, String>>();
        for (int i = 0; i < 3000; i++) {
            var r = new LinkedHashMap<>(connRows().get(i % 4));
            r.put("uid", "Cmany" + i);
            many.add(r);
        }
        byte[] whole = Files.readAllBytes(gzip(tmp.resolve("whole.gz"), tsv(many)));
        Path cut = Files.write(tmp.resolve("conn.log.gz"), java.util.Arrays.copyOf(whole, whole.length / 2));
        var r = analyze(List.of(cut.toString()), tmp.resolve("logs"), LogFormat.JSON, null);
        assertThat(r.outcome().exitCode()).isEqualTo(ExitCode.INPUT_DAMAGED);
        assertThat(r.err()).contains(cut + ": read error after", "everything before it was analysed");
        assertThat(r.outcome().flows()).isPositive().isLessThan(3000);
    }

    @Test
    void inputFormatReadsALogThatIsNotRecognisedByItsContent() throws IOException {
        // zeek-cut -c style: the #fields header without #separator, which recognition asks for.
        String text = tsv(connRows()).lines().filter(l -> !l.startsWith("#separator")).reduce("", (a, l) -> a + l + "\n");
        Path in = Files.writeString(tmp.resolve("cut.txt"), text);
        var guessed = analyze(List.of(in.toString()), tmp.resolve("a"), LogFormat.ZEEK, null);
        assertThat(guessed.outcome().exitCode()).isEqualTo(ExitCode.NO_INPUT);
        assertThat(guessed.err()).contains("cut.txt", "not a pcap or pcapng capture", "zeek", "--input-format");

        var forced = analyze(List.of(in.toString()), tmp.resolve("b"), LogFormat.ZEEK, "zeek");
        assertThat(forced.outcome().exitCode()).as(forced.err()).isEqualTo(ExitCode.OK);
        assertSameConnRows(readTsv(tmp.resolve("b/conn.log")), connRows());

        var wrong = analyze(List.of(in.toString()), tmp.resolve("c"), LogFormat.ZEEK, "bro");
        assertThat(wrong.outcome().exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(wrong.err()).contains("--input-format", "'bro'", "zeek");
    }

    @Test
    void anUnknownFileIsNamedWithTheFormatsThatAreAccepted() throws IOException {
        Path in = Files.writeString(tmp.resolve("notes.txt"), "{\"hello\": \"world\"}\n");
        var r = analyze(List.of(in.toString()), tmp.resolve("logs"), LogFormat.JSON, null);
        assertThat(r.outcome().exitCode()).isEqualTo(ExitCode.NO_INPUT);
        assertThat(r.err()).contains("notes.txt", "not a pcap or pcapng capture, nor a log Sluice recognises",
                "0x7b226865", "zeek");
    }

    @Test
    void capturesAndLogsMixOnTheCommandLineAndInFolders() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("sensor/2018-01-31"));
        gzip(folder.resolve("conn.log.gz"), tsv(connRows()));
        Files.writeString(folder.resolve("README.txt"), "logs of sensor 1\n");
        Files.writeString(folder.resolve("pe.log"), "#separator \\x09\n#path\tpe\n#fields\tts\tid\n1.0\tF1\n");
        Path pcap = tmp.resolve("office.pcap");
        new TrafficGenerator(TrafficGenerator.DEFAULT_START_NANOS, 1).write(List.of(TrafficGenerator.scenario("office")), pcap);
        var r = analyze(List.of(pcap.toString(), tmp.resolve("sensor").toString()), tmp.resolve("logs"),
                LogFormat.ZEEK, null);
        assertThat(r.outcome().exitCode()).as(r.err()).isEqualTo(ExitCode.OK);
        List<Map<String, String>> conn = readTsv(tmp.resolve("logs/conn.log"));
        assertThat(conn).filteredOn(m -> "zeek".equals(m.get("source"))).hasSize(4);
        assertThat(conn).filteredOn(m -> "pcap".equals(m.get("source"))).hasSizeGreaterThan(5);
        assertThat(r.err()).contains("note:", "pe.log", "log pe is not one Sluice reads").doesNotContain("README");
        assertThat(r.out()).contains("conn.log.gz").doesNotContain("README");
    }

    @Test
    void helpListsTheInputFormats() {
        var out = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        assertThat(cl.execute("analyze", "--help")).isZero();
        assertThat(out.toString()).contains("--input-format", "Input formats", "zeek", "Zeek logs, TSV or JSON lines");
    }
}
