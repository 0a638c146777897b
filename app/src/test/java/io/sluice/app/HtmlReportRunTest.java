package io.sluice.app;

import static io.sluice.app.report.ReportPages.nodes;
import static io.sluice.app.report.ReportPages.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.app.report.ReportPages;
import io.sluice.attack.AttackCatalogue;
import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.detect.DetectorContext;
import io.sluice.detect.Severity;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import io.sluice.event.LogFormat;
import io.sluice.generate.TrafficGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Node;

/**
 * {@code report.html} as {@code analyze} writes it, on captures from the project's generator with the
 * demo's attacks in them: the page parses as XML, its figures are the summary table's of the same
 * run, its alerts are alerts.jsonl's, and writing it changes nothing else.
 */
class HtmlReportRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> OFFICE_NETWORKS = List.of("10.10.0.0/16", "2001:db8:10::/48");
    private static final Pattern BAR_COUNT = Pattern.compile("<rect class=\"bar\"[^>]*><title>[^<]*: ([\\d,]+) connections?</title>");

    @TempDir
    static Path shared;
    static Path attacks;

    @TempDir
    Path tmp;

    @BeforeAll
    static void capture() throws IOException {
        attacks = shared.resolve("attacks.pcap");
        var scenarios = new ArrayList<io.sluice.generate.Scenario>();
        for (String name : List.of("office", "network-sweep", "dns-tunnel", "port-knock", "lateral-movement")) {
            scenarios.add(TrafficGenerator.scenario(name));
        }
        new TrafficGenerator(TrafficGenerator.DEFAULT_START_NANOS, 1).write(scenarios, attacks);
    }

    private record Run(int code, String out, String err, boolean reportFailed) {}

    private static Run analyze(Path input, Path out, DetectionSetup detection) {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var options = new Analysis.Options(List.of(input.toString()), out, LogFormat.JSON, false, OFFICE_NETWORKS, false,
                500_000, 0, false, false, false);
        var outcome = new Analysis(options, new PrintWriter(stdout, true), new PrintWriter(stderr, true))
                .detection(detection).execute();
        return new Run(outcome.exitCode(), stdout.toString(), stderr.toString(), outcome.reportFailed());
    }

    private static Run cli(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Run(cl.execute(args), out.toString(), err.toString(), false);
    }

    private static List<JsonNode> alerts(Path out) throws IOException {
        var rows = new ArrayList<JsonNode>();
        for (String line : Files.readAllLines(out.resolve("alerts.jsonl"))) rows.add(JSON.readTree(line));
        return rows;
    }

    /** The value of a row of the summary's first table ("  packets      9,524"). */
    private static String summaryValue(String summary, String label) {
        Matcher m = Pattern.compile("(?m)^  " + Pattern.quote(label) + " {2,}(\\S.*?)\\s*$").matcher(summary);
        assertThat(m.find()).as("summary row %s", label).isTrue();
        return m.group(1);
    }

    /** The rows of a summary table, cells split where two spaces or more part them. */
    private static List<String> summaryRows(String summary, String titleStart) {
        var lines = summary.lines().toList();
        int i = 0;
        while (!lines.get(i).startsWith(titleStart)) i++;
        var rows = new ArrayList<String>();
        for (i += 3; i < lines.size() && !lines.get(i).isBlank(); i++) {
            rows.add(String.join("|", lines.get(i).trim().split("\\s{2,}")));
        }
        return rows;
    }

    /** Cells of each body row of a report table, the listed columns (1-based) joined as summaryRows joins them. */
    private static List<String> pageRows(Document page, String table, int... columns) throws Exception {
        var rows = new ArrayList<String>();
        for (Node tr : nodes(page, table + "/tbody/tr")) {
            var cells = new ArrayList<String>();
            for (int c : columns) cells.add(text(tr, "td[" + c + "]").trim());
            rows.add(String.join("|", cells));
        }
        return rows;
    }

    @Test
    void theReportShowsTheSummaryTablesFiguresAndTheAlertsOfAlertsJsonl() throws Exception {
        Path out = tmp.resolve("logs");
        var run = analyze(attacks, out, DetectionSetup.defaults());
        assertThat(run.code()).as(run.err()).isEqualTo(ExitCode.OK);
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).contains("\nReport: " + out.resolve("report.html") + "\n");
        String html = Files.readString(out.resolve("report.html"));
        Document page = ReportPages.parse(html);

        // 1. the header: the very strings of the summary's first table
        var facts = Map.of("packets", "packets", "bytes", "bytes on the wire", "first-packet", "first packet",
                "last-packet", "last packet", "span", "traffic span", "connections", "connections",
                "analysis-time", "analysis time");
        for (var fact : facts.entrySet()) {
            assertThat(text(page, "//tr[@id='fact-" + fact.getKey() + "']/td")).as(fact.getValue())
                    .isEqualTo(summaryValue(run.out(), fact.getValue()));
        }
        assertThat(text(page, "//tr[@id='fact-source']/td")).isEqualTo(attacks.toString());
        assertThat(text(page, "//tr[@id='fact-version']/td")).isNotBlank();

        // 2. the alerts: one row per line of alerts.jsonl, with its severity and techniques
        var jsonl = alerts(out);
        assertThat(jsonl).as("the demo's attacks raise alerts").hasSizeGreaterThan(3);
        var expected = new ArrayList<String>();
        var bySeverity = new TreeMap<String, Integer>();
        for (var a : jsonl) {
            var techniques = new ArrayList<String>();
            for (var attack : a.path("attacks")) {
                techniques.add(attack.has("sub_technique") ? attack.path("sub_technique").path("uid").asText()
                        : attack.path("technique").path("uid").asText());
            }
            expected.add(a.path("severity").asText() + " " + techniques + " " + a.path("message").asText());
            bySeverity.merge(a.path("severity").asText(), 1, Integer::sum);
        }
        var shown = new ArrayList<String>();
        for (Node tr : nodes(page, "//table[@id='alert-table']/tbody/tr")) {
            var techniques = new ArrayList<String>();
            for (Node link : nodes(tr, "td[3]//a")) techniques.add(link.getTextContent());
            shown.add(text(tr, "td[2]/span") + " " + techniques + " " + text(tr, "td[6]/text()"));
        }
        assertThat(shown).containsExactlyInAnyOrderElementsOf(expected);
        for (var s : bySeverity.entrySet()) {
            assertThat(text(page, "//ul[@id='severity-counts']/li[starts-with(., '" + s.getKey() + "')]/b"))
                    .isEqualTo(String.valueOf(s.getValue()));
        }
        var severityOrder = List.of("Critical", "High", "Medium", "Low", "Informational");
        var severities = nodes(page, "//table[@id='alert-table']/tbody/tr/td[2]/span").stream().map(Node::getTextContent)
                .map(severityOrder::indexOf).toList();
        assertThat(severities).as("most severe first").isSorted();

        // 4. techniques: the summary's table, as bars
        var summaryTechniques = summaryRows(run.out(), "Alerts by ATT&CK technique").stream()
                .map(r -> r.split("\\|")).map(c -> c[0] + "|" + c[2] + "|" + c[3]).sorted().toList();
        assertThat(pageRows(page, "//table[@id='technique-table']", 1, 4, 5).stream().sorted().toList())
                .isEqualTo(summaryTechniques);
        assertThat(pageRows(page, "//div[@id='protocols']/table", 1, 2, 4, 5))
                .isEqualTo(summaryRows(run.out(), "Connections by protocol"));
        assertThat(pageRows(page, "//div[@id='conn-states']/table", 1, 3))
                .isEqualTo(summaryRows(run.out(), "Connection states"));
        assertThat(pageRows(page, "//div[@id='talkers']/table", 1, 2, 4)).isEqualTo(summaryRows(run.out(), "Top talkers"));
        long services = 0;
        for (Node n : nodes(page, "//div[@id='services']/table/tbody/tr/td[2]/@data-v")) services += Long.parseLong(n.getNodeValue());
        assertThat(Units.count(services)).isEqualTo(summaryValue(run.out(), "connections"));

        // 3. the timeline: every connection in a bar, the alerts as markers
        long inBars = BAR_COUNT.matcher(html).results().mapToLong(m -> Long.parseLong(m.group(1).replace(",", ""))).sum();
        assertThat(Units.count(inBars)).isEqualTo(summaryValue(run.out(), "connections"));
        assertThat(nodes(page, "//svg/circle")).isNotEmpty();
        assertThat(nodes(page, "//svg")).singleElement()
                .satisfies(svg -> assertThat(((org.w3c.dom.Element) svg).getAttribute("xmlns")).isEqualTo("http://www.w3.org/2000/svg"));

        // 5. the logs, as the summary lists them, and alerts.jsonl, linked beside the report
        var logs = pageRows(page, "//table[@id='log-table']", 1, 2);
        assertThat(logs.subList(0, logs.size() - 1)).isEqualTo(summaryRows(run.out(), "Logs in "));
        assertThat(logs.get(logs.size() - 1)).isEqualTo("alerts.jsonl|" + jsonl.size());
        var links = nodes(page, "//table[@id='log-table']//a/@href");
        assertThat(links).hasSize(logs.size());
        for (Node href : links) assertThat(out.resolve(href.getNodeValue())).isRegularFile();
    }

    @Test
    void twoRunsOfOneCaptureGiveTheSamePageButForTheirTimes() throws Exception {
        var a = analyze(attacks, tmp.resolve("a"), DetectionSetup.defaults());
        var b = analyze(attacks, tmp.resolve("b"), DetectionSetup.defaults());
        assertThat(a.code()).isZero();
        assertThat(b.code()).isZero();
        assertThat(ReportPages.withoutTimes(Files.readString(tmp.resolve("b/report.html"))))
                .isEqualTo(ReportPages.withoutTimes(Files.readString(tmp.resolve("a/report.html"))));
    }

    @Test
    void noReportWritesNoneAndTheLogsAreTheSameEitherWay() throws IOException {
        var with = cli("analyze", attacks.toString(), "--local-nets", String.join(",", OFFICE_NETWORKS), "--no-progress",
                "--out", tmp.resolve("with").toString());
        var without = cli("analyze", attacks.toString(), "--local-nets", String.join(",", OFFICE_NETWORKS), "--no-progress",
                "--out", tmp.resolve("without").toString(), "--no-report");
        assertThat(with.code()).as(with.err()).isZero();
        assertThat(without.code()).as(without.err()).isZero();
        assertThat(tmp.resolve("with/report.html")).isRegularFile();
        assertThat(tmp.resolve("without/report.html")).doesNotExist();
        assertThat(without.out()).doesNotContain("Report:");
        for (String log : List.of("conn.log", "dns.log", "connection_creation.log", "smb_files.log", "alerts.jsonl")) {
            assertThat(tmp.resolve("with").resolve(log)).as(log).hasSameTextualContentAs(tmp.resolve("without").resolve(log));
        }
    }

    /**
     * A report that cannot be written (report.html is a folder here) is an error line and exit code 4,
     * as for any output; the logs, alerts.jsonl and the baselines of --state are complete all the same.
     */
    @Test
    void aReportThatCannotBeWrittenIsExitFourWithEveryLogComplete() throws IOException {
        var good = cli("analyze", attacks.toString(), "--local-nets", String.join(",", OFFICE_NETWORKS), "--no-progress",
                "--out", tmp.resolve("good").toString(), "--no-report");
        assertThat(good.code()).isZero();

        Path out = Files.createDirectories(tmp.resolve("bad/report.html")).getParent();
        Files.writeString(out.resolve("report.html/keep"), "a file in the way");
        var bad = cli("analyze", attacks.toString(), "--local-nets", String.join(",", OFFICE_NETWORKS), "--no-progress",
                "--out", out.toString(), "--state", tmp.resolve("hosts.state").toString());
        assertThat(bad.code()).isEqualTo(ExitCode.OUTPUT_FAILED);
        assertThat(bad.err().lines().filter(l -> l.startsWith("sluice: ")).toList()).singleElement().satisfies(l -> assertThat(l)
                .contains("cannot write the report " + out.resolve("report.html"), "the logs and alerts.jsonl are complete"));
        assertThat(bad.out()).contains("Sluice summary").doesNotContain("Report:");
        for (String log : List.of("conn.log", "dns.log", "files.log", "alerts.jsonl")) {
            assertThat(out.resolve(log)).as(log).hasSameTextualContentAs(tmp.resolve("good").resolve(log));
        }
        assertThat(tmp.resolve("hosts.state")).as("baselines are saved: the analysis was complete").isNotEmptyFile();

        // a damaged input too: the report's failure is still the output failure, code 4
        byte[] whole = Files.readAllBytes(attacks);
        Path cut = Files.write(tmp.resolve("cut.pcap"), Arrays.copyOf(whole, whole.length / 2 + 3));
        var damaged = cli("analyze", cut.toString(), "--no-progress", "-q", "--out", out.toString());
        assertThat(damaged.code()).isEqualTo(ExitCode.OUTPUT_FAILED);
        assertThat(damaged.err()).contains("cut.pcap", "cannot write the report");
    }

    @Test
    void withoutDetectionTheReportHasTheTrafficAndSaysDetectionWasOff() throws Exception {
        Path out = tmp.resolve("nodetect");
        var run = analyze(attacks, out, DetectionSetup.off());
        assertThat(run.code()).isZero();
        Document page = ReportPages.parse(Files.readString(out.resolve("report.html")));
        assertThat(text(page, "//section[@id='alerts']")).contains("Detection was off");
        assertThat(text(page, "//tr[@id='fact-connections']/td")).isEqualTo(summaryValue(run.out(), "connections"));
        assertThat(nodes(page, "//table[@id='log-table']//a[.='alerts.jsonl']")).isEmpty();
    }

    @Test
    void theDemoWritesAReportAndSaysWhere() throws Exception {
        Path dir = tmp.resolve("demo");
        var run = cli("demo", "--out", dir.toString(), "--scenario", "office,port-knock");
        assertThat(run.code()).as(run.err()).isZero();
        Path report = dir.resolve("logs/report.html").toAbsolutePath();
        assertThat(run.out()).contains("Report: " + dir.resolve("logs/report.html"), "Read the report:   " + report.toUri());
        Document page = ReportPages.parse(Files.readString(report));
        assertThat(nodes(page, "//table[@id='alert-table']/tbody/tr")).hasSize(alerts(dir.resolve("logs")).size()).isNotEmpty();
        assertThat(text(page, "//table[@id='alert-table']")).contains("T1205.001");
    }

    // --- hostile values from traffic, end to end ---

    private static final String SCRIPT = "<script>alert(1)</script>";
    private static final String ATTRIBUTE = "\" onmouseover=\"alert(2)";

    /** Says, for each refused connection's originator, something an attacker could have put in a DNS name or a URI. */
    static final class Hostile implements Detector<String, Long> {
        @Override
        public String id() {
            return "test.hostile";
        }

        @Override
        public List<Technique> techniques() {
            return List.of(Technique.of("T1046"));
        }

        @Override
        public java.util.Set<Ds0029Component> components() {
            return java.util.Set.of(Ds0029Component.NETWORK_TRAFFIC_FLOW);
        }

        @Override
        public String key(Event event) {
            return event instanceof FlowRecord f && "REJ".equals(f.connState()) ? f.id().origH() : null;
        }

        @Override
        public Long onEvent(String key, Long state, Event event, DetectorContext ctx) {
            var f = (FlowRecord) event;
            ctx.alert(Alert.builder(id()).technique("T1046").component(Ds0029Component.NETWORK_TRAFFIC_FLOW)
                    .severity(Severity.CRITICAL).time(f.tsNanos(), f.tsNanos()).srcHost(key).dstHost(f.id().respH())
                    .domain(ATTRIBUTE + ".example").process("'><img src=x onerror=alert(3)>")
                    .evidence(f.uid(), f.communityId()).incident(key)
                    .explanation(key + " said " + SCRIPT + " & " + ATTRIBUTE).build());
            return state == null ? 1 : state + 1;
        }

        @Override
        public Long onTimer(String key, Long state, long timerNanos, DetectorContext ctx) {
            return state;
        }
    }

    @Test
    void hostileValuesInAlertsAreEscapedInTheReport() throws Exception {
        Path out = tmp.resolve("hostile");
        var setup = new DetectionSetup(true, DetectConfig.empty(), AttackCatalogue.builtin(), DetectionSetup.Thread.WRITER,
                List.of()).withExtraDetectors(List.of(new Hostile()));
        var run = analyze(attacks, out, setup);
        assertThat(run.code()).as(run.err()).isZero();
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).doesNotContain(SCRIPT, ATTRIBUTE, "onmouseover=\"", "<img", "onerror=alert(3)>");
        Document page = ReportPages.parse(html);
        assertThat(nodes(page, "//script")).hasSize(1);
        assertThat(nodes(page, "//@*[starts-with(name(), 'on')]")).isEmpty();
        var hostileRows = nodes(page, "//table[@id='alert-table']/tbody/tr[td[6]/div[contains(., 'test.hostile')]]");
        assertThat(hostileRows).isNotEmpty().allSatisfy(tr -> {
            try {
                assertThat(text(tr, "td[6]/text()")).endsWith(" said " + SCRIPT + " & " + ATTRIBUTE);
                assertThat(text(tr, "td[5]")).contains("domain " + ATTRIBUTE + ".example", "process '><img src=x onerror=alert(3)>");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertThat(text(page, "//ul[@id='severity-counts']/li[starts-with(., 'Critical')]/b"))
                .isEqualTo(String.valueOf(hostileRows.size()));
    }
}
