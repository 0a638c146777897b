package io.sluice.app.report;

import static io.sluice.app.report.ReportPages.nodes;
import static io.sluice.app.report.ReportPages.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.AttackCatalogue;
import io.sluice.detect.Alert;
import io.sluice.detect.Severity;
import io.sluice.event.Ds0029Component;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The page built from a run's data made by hand: hostile values, the row limit, determinism, no outside resource. */
class HtmlReportTest {
    private static final long S = 1_000_000_000L;
    private static final long T0 = 1_772_442_000L * S;

    private static final String SCRIPT = "<script>alert(1)</script>";
    private static final String ATTRIBUTE = "\" onmouseover=\"alert(2)";
    private static final String SINGLE = "'><img src=x onerror=alert(3)>";
    private static final String SERVICE = "<svg onload=alert(4)>";
    private static final String INPUT = "x\"><script>alert(5)</script>.pcap";

    private static Alert hostile() {
        return Alert.builder("test.hostile").technique("T1071.004").technique("T1572")
                .component(Ds0029Component.NETWORK_TRAFFIC_CONTENT).severity(Severity.HIGH).confidence(0.9)
                .time(T0 + 30 * S, T0 + 95 * S).srcHost("10.0.0.5" + ATTRIBUTE).dstHost("192.0.2.1").dstPort(53)
                .domain(ATTRIBUTE + ".example.net").process(SINGLE).explanation(SCRIPT)
                .evidence("C<b>uid</b>", "1:&amp;" + SINGLE).incident("x").build();
    }

    private static ReportData data(AlertDigest alerts, Instant at) {
        var techniques = List.of(new RunFigures.TechniqueCount("T1071.004", "Application Layer Protocol: DNS", alerts.total(), Severity.HIGH),
                new RunFigures.TechniqueCount("T1572", "Protocol Tunneling", alerts.total(), Severity.HIGH));
        var figures = new RunFigures(100, 64_000, T0, T0 + 90 * S, 0, 3, 0.5,
                List.of(new RunFigures.ProtocolCount("tcp", 2, 80, 50_000), new RunFigures.ProtocolCount("udp", 1, 20, 14_000)),
                List.of(new RunFigures.Count("S0", 1), new RunFigures.Count("SF", 2)),
                List.of(new RunFigures.Talker("10.0.0.5", 60_000, 3)),
                List.of(new RunFigures.Count("conn", 3), new RunFigures.Count("dns", 1)),
                new RunFigures.Alerts(alerts.total(), techniques));
        var connections = new TimeHistogram();
        connections.add(T0);
        connections.add(T0 + 30 * S);
        connections.add(T0 + 89 * S);
        return new ReportData(figures, new ReportData.Source(List.of(INPUT), null, null), "1.2.3", at,
                List.of(new RunFigures.Count("dns", 1), new RunFigures.Count(SERVICE, 2)), connections, alerts,
                AttackCatalogue.builtin(),
                List.of(new ReportData.LogFile("conn.log", 3, true, 900), new ReportData.LogFile("dns.log", 1, false, 0),
                        new ReportData.LogFile("alerts.jsonl", alerts.total(), true, 500)),
                List.of(INPUT + ": truncated at byte 1,234 " + SCRIPT));
    }

    @Test
    void valuesFromTrafficAreTextNeverMarkup() throws Exception {
        var alerts = new AlertDigest();
        alerts.accept(hostile());
        String html = HtmlReport.render(data(alerts, Instant.parse("2026-03-02T10:00:00Z")));

        for (String bad : List.of(SCRIPT, "<script>alert(5)", ATTRIBUTE, "onmouseover=\"", "<img", "onerror=alert(3)>", "<svg onload",
                "<b>uid</b>", "&amp;" + "'")) {
            assertThat(html).as(bad).doesNotContain(bad);
        }
        var page = ReportPages.parse(html);
        assertThat(nodes(page, "//script")).as("only the page's own sorting script").hasSize(1);
        assertThat(nodes(page, "//@*[starts-with(name(), 'on')]")).as("event handler attributes").isEmpty();
        assertThat(nodes(page, "//img | //iframe | //object | //embed | //link | //@src")).isEmpty();
        // what the parser reads back is exactly what the traffic said
        var row = "//table[@id='alert-table']/tbody/tr[1]";
        assertThat(text(page, row + "/td[6]/text()")).isEqualTo(SCRIPT);
        assertThat(text(page, row + "/td[5]")).contains("10.0.0.5" + ATTRIBUTE + " \u2192 192.0.2.1", "port 53",
                "domain " + ATTRIBUTE + ".example.net", "process " + SINGLE);
        assertThat(text(page, row + "/td[7]")).contains("C<b>uid</b>", "1:&amp;" + SINGLE);
        assertThat(text(page, "//div[@id='services']")).contains(SERVICE);
        assertThat(text(page, "//tr[@id='fact-source']/td")).isEqualTo(INPUT);
        assertThat(text(page, "//title")).isEqualTo("Sluice report: " + INPUT);
        assertThat(text(page, "//section[@id='errors']")).contains(SCRIPT);
    }

    @Test
    void anAlertRowNamesItsTechniquesTacticsComponentAndEvidence() throws Exception {
        var alerts = new AlertDigest();
        alerts.accept(hostile());
        var page = ReportPages.parse(HtmlReport.render(data(alerts, Instant.EPOCH)));
        var row = "//table[@id='alert-table']/tbody/tr[1]";
        assertThat(text(page, row + "/td[1]")).startsWith("2026-03-02 09:00:30").contains("for 1m05s");
        assertThat(text(page, row + "/td[2]/span")).isEqualTo("High");
        assertThat(nodes(page, row + "/td[3]//a/@href")).extracting(org.w3c.dom.Node::getNodeValue)
                .containsExactly("https://attack.mitre.org/techniques/T1071/004/", "https://attack.mitre.org/techniques/T1572/");
        assertThat(text(page, row + "/td[3]")).contains("T1071.004 Application Layer Protocol: DNS", "Command and Control",
                "T1572 Protocol Tunneling");
        assertThat(text(page, row + "/td[4]")).isEqualTo("Network Traffic Content");
        assertThat(text(page, row + "/td[7]")).startsWith("1 event");
        assertThat(text(page, "//ul[@id='severity-counts']")).contains("High1", "Critical0");
        assertThat(text(page, "//p[@id='headline']")).isEqualTo(
                "1 alert (1 High) on 2 ATT&CK techniques in 100 packets over 1m30s, 3 connections.");
    }

    @Test
    void theTableHoldsAThousandAlertsAndSaysHowManyAreLeftOut() throws Exception {
        var alerts = new AlertDigest();
        for (int i = 0; i < 1_005; i++) {
            alerts.accept(Alert.builder("test.many").technique("T1046").severity(i == 1_004 ? Severity.CRITICAL : Severity.LOW)
                    .time(T0 + i * S, T0 + i * S).srcHost("10.0.0." + (i % 250)).explanation("alert " + i).build());
        }
        var page = ReportPages.parse(HtmlReport.render(data(alerts, Instant.EPOCH)));
        var rows = nodes(page, "//table[@id='alert-table']/tbody/tr");
        assertThat(rows).hasSize(1_000);
        assertThat(text(page, "//table[@id='alert-table']/tbody/tr[1]/td[6]/text()")).isEqualTo("alert 1004");
        assertThat(text(page, "//table[@id='alert-table']/tbody/tr[2]/td[6]/text()")).isEqualTo("alert 0");
        assertThat(text(page, "//p[@id='alerts-shown']")).contains("The 1,000 most severe of 1,005 alerts", "5 more are left out");
    }

    @Test
    void theSameRunRendersTheSamePageButForWhenItWasMade() {
        var alerts = new AlertDigest();
        alerts.accept(hostile());
        String one = HtmlReport.render(data(alerts, Instant.parse("2026-03-02T10:00:00Z")));
        String two = HtmlReport.render(data(alerts, Instant.parse("2026-03-03T11:30:07.5Z")));
        assertThat(one).isNotEqualTo(two).contains("2026-03-02 10:00:00 UTC");
        assertThat(ReportPages.withoutTimes(one)).isEqualTo(ReportPages.withoutTimes(two));
    }

    /** Nothing is fetched: no src, no stylesheet or font link, no url() in the style; links go to ATT&CK, to anchors or beside the page. */
    @Test
    void thePageIsSelfContained() throws Exception {
        var alerts = new AlertDigest();
        alerts.accept(hostile());
        String html = HtmlReport.render(data(alerts, Instant.EPOCH));
        assertThat(html).doesNotContain("url(", "@import", "@font-face", "src=\"");
        var page = ReportPages.parse(html);
        assertThat(nodes(page, "//@href")).extracting(org.w3c.dom.Node::getNodeValue).allSatisfy(href -> assertThat(
                href.startsWith("https://attack.mitre.org/techniques/") || href.startsWith("#") || !href.contains(":")).isTrue());
        assertThat(nodes(page, "//table[@id='log-table']//a/@href")).extracting(org.w3c.dom.Node::getNodeValue)
                .containsExactly("conn.log", "alerts.jsonl");
        assertThat(text(page, "//table[@id='log-table']/tbody/tr[2]/td[1]")).isEqualTo("dns.log (archived by --rotate)");
    }

    @Test
    void withoutDetectionTheAlertSectionSaysSo() throws Exception {
        var d = data(new AlertDigest(), Instant.EPOCH);
        var off = new ReportData(new RunFigures(d.figures().packets(), d.figures().wireBytes(), d.figures().firstPacketNanos(),
                d.figures().lastPacketNanos(), 0, 3, 0.5, d.figures().protocols(), d.figures().connStates(), d.figures().topTalkers(),
                d.figures().logRows(), null), d.source(), d.version(), d.generatedAt(), d.services(), d.connections(), null, null,
                d.logs().subList(0, 2), List.of());
        var page = ReportPages.parse(HtmlReport.render(off));
        assertThat(text(page, "//section[@id='alerts']")).contains("Detection was off (--no-detect)");
        assertThat(nodes(page, "//section[@id='techniques'] | //circle | //section[@id='errors']")).isEmpty();
        assertThat(text(page, "//tr[@id='fact-alerts']/td")).isEqualTo("detection off");
        assertThat(nodes(page, "//rect[@class='bar']")).hasSize(3);
    }
}
