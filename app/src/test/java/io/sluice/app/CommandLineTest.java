package io.sluice.app;

import static io.sluice.app.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.generate.TrafficGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: help, exit codes, error lines, and logs on disk. */
class CommandLineTest {

    @TempDir
    Path tmp;

    @Test
    void aNamedSubcommandIsTheOnlyOneBuiltAndEverythingElseGetsAll() {
        assertThat(Main.commandLine("analyze").getSubcommands()).containsOnlyKeys("analyze");
        assertThat(Main.commandLine("demo").getSubcommands()).containsOnlyKeys("demo");
        var all = new String[] {"analyze", "collect", "coverage", "demo", "interfaces", "help"};
        assertThat(Main.commandLine("help").getSubcommands()).containsOnlyKeys(all);
        assertThat(Main.commandLine("--help").getSubcommands()).containsOnlyKeys(all);
        assertThat(Main.commandLine("analyz").getSubcommands()).containsOnlyKeys(all); // suggestions need them
        assertThat(Main.commandLine(null).getSubcommands()).containsOnlyKeys(all);
        // analyze built alone still lists the log input formats in its help
        var out = new StringWriter();
        var cl = Main.commandLine("analyze");
        cl.setOut(new PrintWriter(out, true));
        assertThat(cl.execute("analyze", "--help")).isZero();
        assertThat(out.toString()).contains("Input formats besides pcap and pcapng");
    }

    @Test
    void analyzeOptionsParseToTheirTypesAndDefaults() {
        var cl = Main.commandLine("analyze");
        cl.parseArgs("analyze", "-C", "--local-nets", "10.0.0.0/8,192.168.0.0/16", "--set", "a=1", "--set", "b=2",
                "--max-flows", "7", "--format", "zeek", "--flows-only", "one.pcap", "two.pcap");
        var spec = cl.getSubcommands().get("analyze").getCommandSpec();
        assertThat(spec.positionalParameters().get(0).<List<String>>getValue()).containsExactly("one.pcap", "two.pcap");
        assertThat(spec.findOption("--local-nets").<List<String>>getValue()).containsExactly("10.0.0.0/8", "192.168.0.0/16");
        assertThat(spec.findOption("--set").<List<String>>getValue()).containsExactly("a=1", "b=2");
        assertThat(spec.findOption("--max-flows").<Integer>getValue()).isEqualTo(7);
        assertThat(spec.findOption("--format").<io.sluice.event.LogFormat>getValue()).isEqualTo(io.sluice.event.LogFormat.ZEEK);
        assertThat(spec.findOption("--no-checksums").<Boolean>getValue()).isTrue();
        assertThat(spec.findOption("--flows-only").<Boolean>getValue()).isTrue();
        assertThat(spec.findOption("--no-detect").<Boolean>getValue()).isFalse();
        assertThat(spec.findOption("--out").<Path>getValue()).isEqualTo(Path.of("sluice-logs"));
        assertThat(spec.findOption("--seed").<Long>getValue()).isZero();
        assertThat(spec.findOption("--detect-thread").<String>getValue()).isEqualTo("writer");
    }

    private record Result(Analysis.Outcome outcome, String out, String err) {}

    private Result analyze(List<String> inputs, Path outDir) {
        var out = new StringWriter();
        var err = new StringWriter();
        var options = new Analysis.Options(inputs, outDir, io.sluice.event.LogFormat.JSON, false, null, false,
                500_000, 0, false, false, false);
        var outcome = new Analysis(options, new PrintWriter(out, true), new PrintWriter(err, true)).execute();
        return new Result(outcome, out.toString(), err.toString());
    }

    private Path officePcap() throws IOException {
        Path pcap = tmp.resolve("office.pcap");
        new TrafficGenerator(TrafficGenerator.DEFAULT_START_NANOS, 1).write(List.of(TrafficGenerator.scenario("office")), pcap);
        return pcap;
    }

    @Test
    void helpListsTheCommandsAndExitsZero() {
        var run = cli("--help");
        assertThat(run.code()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).contains("analyze", "demo", "Exit codes");
        var sub = cli("analyze", "--help");
        assertThat(sub.code()).isZero();
        assertThat(sub.out()).contains("--out", "--format", "--flows-only", "--local-nets");
    }

    @Test
    void versionNamesSluiceAndJava() {
        var run = cli("--version");
        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("sluice", "Java");
    }

    @Test
    void usageMistakesExitTwoWithAHint() {
        var run = cli("analyze", "--no-such-option", "x.pcap");
        assertThat(run.code()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("--no-such-option").doesNotContain("at io.sluice");
        assertThat(cli("analyze").code()).isEqualTo(ExitCode.USAGE);
        assertThat(cli("analyze", "--format", "xml", "a.pcap").err()).contains("use json or zeek");
    }

    @Test
    void theDecodingThreadChangesNoLog() throws IOException {
        var bad = cli("analyze", "--decode-thread", "sometimes", "a.pcap");
        assertThat(bad.code()).isEqualTo(ExitCode.USAGE);
        assertThat(bad.err()).contains("--decode-thread must be auto, on or off");
        Path pcap = officePcap();
        for (String when : List.of("on", "off")) {
            var run = cli("analyze", "--decode-thread", when, "--no-progress", "-q", "--out", tmp.resolve(when).toString(),
                    pcap.toString());
            assertThat(run.code()).as(run.err()).isEqualTo(ExitCode.OK);
        }
        for (String log : List.of("conn.log", "connection_creation.log", "dns.log", "http.log", "alerts.jsonl")) {
            assertThat(tmp.resolve("on").resolve(log)).as(log).exists()
                    .hasSameTextualContentAs(tmp.resolve("off").resolve(log));
        }
    }

    @Test
    void aMissingInputExitsThreeWithOneLine() {
        var r = analyze(List.of(tmp.resolve("nope.pcap").toString()), tmp.resolve("logs"));
        assertThat(r.outcome().exitCode()).isEqualTo(ExitCode.NO_INPUT);
        assertThat(r.err()).contains("nope.pcap").doesNotContain("Exception");
    }

    @Test
    void analyzeWritesTheThreeLogsAndASummary() throws IOException {
        var r = analyze(List.of(officePcap().toString()), tmp.resolve("logs"));
        assertThat(r.outcome().exitCode()).as(r.err()).isEqualTo(ExitCode.OK);
        assertThat(tmp.resolve("logs/conn.log")).exists();
        assertThat(tmp.resolve("logs/connection_creation.log")).exists();
        assertThat(tmp.resolve("logs/tunnel.log")).exists();
        List<String> conn = Files.readAllLines(tmp.resolve("logs/conn.log"));
        assertThat(conn).hasSizeGreaterThan(5).allSatisfy(l -> assertThat(l).startsWith("{\"ts\":"));
        assertThat(conn).anySatisfy(l -> assertThat(l).contains("\"conn_state\":\"SF\"", "\"id.resp_p\":80"));
        assertThat(conn).anySatisfy(l -> assertThat(l).contains("\"conn_state\":\"REJ\"", "\"id.resp_p\":8080"));
        assertThat(conn).anySatisfy(l -> assertThat(l).contains("\"proto\":\"icmp\""));
        assertThat(conn).anySatisfy(l -> assertThat(l).contains("\"id.resp_h\":\"2001:db8:80::443\""));
        assertThat(r.out()).contains("Sluice summary", "Connections by protocol", "Top talkers", "conn.log");
        assertThat(r.outcome().flows()).isEqualTo(conn.size());
    }

    @Test
    void aTruncatedCaptureKeepsWhatCameBeforeAndExitsOne() throws IOException {
        byte[] whole = Files.readAllBytes(officePcap());
        Path cut = tmp.resolve("cut.pcap");
        Files.write(cut, Arrays.copyOf(whole, whole.length * 2 / 3 + 5));
        var r = analyze(List.of(cut.toString()), tmp.resolve("logs"));
        assertThat(r.outcome().exitCode()).isEqualTo(ExitCode.INPUT_DAMAGED);
        assertThat(r.err().lines().filter(l -> l.startsWith("sluice: ")).toList())
                .singleElement().satisfies(l -> assertThat(l).contains("cut.pcap", "at byte "));
        assertThat(r.err()).doesNotContain("Exception");
        assertThat(r.outcome().packets()).isPositive();
        assertThat(Files.readAllLines(tmp.resolve("logs/conn.log"))).isNotEmpty();
    }

    @Test
    void aWrongMagicNumberIsNotACapture() throws IOException {
        Path bogus = Files.writeString(tmp.resolve("notes.pcap"), "these are not packets\n");
        var r = analyze(List.of(bogus.toString()), tmp.resolve("logs"));
        assertThat(r.outcome().exitCode()).isEqualTo(ExitCode.NO_INPUT);
        assertThat(r.err()).contains("notes.pcap", "at byte 0");
    }

    @Test
    void zeekFormatWritesTsvWithHeaders() throws IOException {
        var run = cli("analyze", officePcap().toString(), "--out", tmp.resolve("z").toString(), "--format", "zeek", "-q");
        assertThat(run.code()).isZero();
        List<String> lines = Files.readAllLines(tmp.resolve("z/conn.log"));
        assertThat(lines.get(0)).isEqualTo("#separator \\x09");
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("#fields\tts\tuid\tid.orig_h"));
    }

    @Test
    void demoGeneratesAndAnalyses() throws IOException {
        var run = cli("demo", "--out", tmp.resolve("demo").toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(tmp.resolve("demo/office.pcap")).exists();
        assertThat(tmp.resolve("demo/logs/conn.log")).isNotEmptyFile();
        assertThat(tmp.resolve("demo/office.pcap.labels.tsv")).isNotEmptyFile();
        // the default scenarios hide a sweep, a DNS tunnel, a port knock and PsExec among the office traffic
        assertThat(tmp.resolve("demo/logs/alerts.jsonl")).content()
                .contains("scan.horizontal").contains("dns.tunnel").contains("signal.port_knock")
                .contains("windows.lateral_exec");
        // ... and the office has a Windows domain and encrypted services, which raise nothing
        var analytics = Pattern.compile("\"analytic\":\\{\"uid\":\"([^\"]+)\"")
                .matcher(Files.readString(tmp.resolve("demo/logs/alerts.jsonl"))).results().map(m -> m.group(1)).toList();
        assertThat(analytics).containsOnly("scan.horizontal", "scan.trw", "scan.icmp_sweep", "dns.tunnel", "signal.port_knock",
                "windows.lateral_exec", "smb.lateral_transfer");
        for (String log : List.of("kerberos", "ldap", "smb_mapping", "smb_files", "dce_rpc", "ntlm", "ssl", "x509", "ssh",
                "quic", "rdp", "files")) {
            assertThat(tmp.resolve("demo/logs/" + log + ".log")).as(log).isNotEmptyFile();
        }
        // the service binary PsExec copies to ADMIN$ is in files.log: sent by the workstation, an executable, hashed
        assertThat(Files.readAllLines(tmp.resolve("demo/logs/files.log"))).anySatisfy(row -> assertThat(row)
                .contains("\"filename\":\"PSEXESVC.exe\"", "\"mime_type\":\"application/x-dosexec\"",
                        "\"is_orig\":true", "\"id.orig_h\":\"10.10.1.12\"").containsPattern("\"sha256\":\"[0-9a-f]{64}\""));
    }

    /** The file smb.smb2 writes, extracted: the same bytes as tshark's {@code --export-objects smb} (SHA-256). */
    @Test
    @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
    void extractsFilesAsTsharkExportsThem() throws Exception {
        Path pcap = AppCorpus.file("pcap-protocols/zeek/smb.smb2/smb2.pcap");
        var run = cli("analyze", pcap.toString(), "--out", tmp.resolve("x").toString(), "--extract-files",
                tmp.resolve("files").toString(), "--no-detect", "-q");
        assertThat(run.code()).as(run.err()).isZero();
        List<Path> files;
        try (var list = Files.list(tmp.resolve("files"))) {
            files = list.toList();
        }
        assertThat(files).singleElement().satisfies(f -> {
            assertThat(f.getFileName().toString()).startsWith("extract-1323202695-SMB-F");
            assertThat(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(f)))).isEqualTo("bfd6c1e37163061efa56555df55911dcab8a5bbb332c47e4ebac3ac11e6f6c5c");
            assertThat(Files.readString(tmp.resolve("x/files.log"))).contains("\"extracted\":\"" + f.getFileName() + "\"",
                    "\"extracted_cutoff\":false", "\"extracted_size\":1508939");
        });
    }

    /** A copy that cannot be written (here: the folder vanished) is a warning; the run and its logs go on. */
    @Test
    void extractedFilesThatCannotBeWrittenAreAWarningNotAFailure() throws IOException {
        var out = new StringWriter();
        var err = new StringWriter();
        var extraction = io.sluice.protocol.files.FileExtraction.into(tmp.resolve("gone/away"), 1000, 10_000);
        var options = new Analysis.Options(List.of(officePcap().toString()), tmp.resolve("logs"),
                io.sluice.event.LogFormat.JSON, false, null, false, 500_000, 0, false, false, false, null, null, extraction);
        var outcome = new Analysis(options, new PrintWriter(out, true), new PrintWriter(err, true)).execute();
        assertThat(outcome.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(extraction.failures()).isPositive();
        assertThat(err.toString()).contains("extracted file(s) could not be written to " + tmp.resolve("gone/away"));
        List<String> files = Files.readAllLines(tmp.resolve("logs/files.log"));
        assertThat(files).isNotEmpty().noneSatisfy(row -> assertThat(row).contains("\"extracted\""));
        assertThat(out.toString()).contains("Files extracted: 0 bytes");
    }

    @Test
    void extractionNeedsAPositiveLimitAndAFolderItCanMake() throws IOException {
        var run = cli("analyze", "any.pcap", "--extract-files", tmp.resolve("f").toString(), "--extract-limit", "0");
        assertThat(run.code()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("--extract-limit must be a positive number of bytes");
        Files.writeString(tmp.resolve("plain"), "a file, not a folder");
        run = cli("analyze", "any.pcap", "--extract-files", tmp.resolve("plain/sub").toString());
        assertThat(run.code()).isEqualTo(ExitCode.OUTPUT_FAILED);
        assertThat(run.err()).contains("cannot create the extraction folder");
    }

    @Test
    void demoOfOfficeTrafficAloneRaisesNoAlert() {
        var run = cli("demo", "--out", tmp.resolve("quiet").toString(), "--scenario", "office");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(tmp.resolve("quiet/logs/alerts.jsonl")).content().isEmpty();
    }

    @Test
    void demoNamesAnUnknownScenario() {
        var run = cli("demo", "--out", tmp.resolve("bad").toString(), "--scenario", "nope");
        assertThat(run.code()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("nope").contains("office");
    }

    @Test
    void anEmptyFileAndAFolderWithoutCapturesAreNamed() throws IOException {
        Path empty = Files.createFile(tmp.resolve("empty.pcap"));
        var r = analyze(List.of(empty.toString()), tmp.resolve("logs"));
        assertThat(r.outcome().exitCode()).isEqualTo(ExitCode.NO_INPUT);
        assertThat(r.err()).contains("empty.pcap").doesNotContain("Exception");

        Path folder = Files.createDirectories(tmp.resolve("no-captures"));
        Files.writeString(folder.resolve("readme.txt"), "nothing here\n");
        var f = analyze(List.of(folder.toString()), tmp.resolve("logs2"));
        assertThat(f.outcome().exitCode()).isEqualTo(ExitCode.NO_INPUT);
        assertThat(f.err()).contains("no-captures");
    }

    @Test
    void aRecordLongerThanItsSnapLengthIsDamageAtItsOffset() throws IOException {
        byte[] pcap = Files.readAllBytes(officePcap());
        var b = java.nio.ByteBuffer.wrap(pcap).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int second = 24 + 16 + b.getInt(24 + 8); // offset of the second record
        b.putInt(second + 8, 300_000); // caplen over 256 KiB
        Path bad = Files.write(tmp.resolve("oversized.pcap"), pcap);
        var r = analyze(List.of(bad.toString()), tmp.resolve("logs"));
        assertThat(r.outcome().exitCode()).isEqualTo(ExitCode.INPUT_DAMAGED);
        assertThat(r.err()).contains("oversized.pcap", "at byte " + second);
        assertThat(r.outcome().packets()).isEqualTo(1);
    }

    @Test
    void aDamagedInputDoesNotStopTheNextOne() throws IOException {
        byte[] whole = Files.readAllBytes(officePcap());
        Path cut = Files.write(tmp.resolve("a-cut.pcap"), Arrays.copyOf(whole, 100));
        Path good = Files.write(tmp.resolve("b-good.pcap"), whole);
        var r = analyze(List.of(cut.toString(), good.toString()), tmp.resolve("logs"));
        assertThat(r.outcome().exitCode()).isEqualTo(ExitCode.INPUT_DAMAGED);
        assertThat(r.outcome().flows()).isGreaterThan(5);
        assertThat(r.out()).contains("Input errors", "a-cut.pcap");
    }
}
