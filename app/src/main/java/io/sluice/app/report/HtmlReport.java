package io.sluice.app.report;

import io.sluice.app.Units;
import io.sluice.detect.Severity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.regex.Pattern;

/**
 * {@code report.html}: one self-contained page for an analyst that says what a run found. A header
 * (what was analysed, when, how much), the alerts (counts by severity and a table), a timeline of
 * connections with the alerts on the same axis, the ATT&CK techniques seen, the traffic by
 * protocol, service, state and talker, and the logs written, linked relatively so the page works
 * from the output folder wherever it is copied.
 *
 * <p>The page is polyglot HTML5: well-formed XML in the XHTML namespace (void elements closed, only
 * XML's own character references, tables with explicit {@code <tbody>}), so a browser and an XML
 * parser read the same tree. It fetches nothing (inline CSS and SVG, one small inline script that
 * only sorts tables). Given the same {@link ReportData} it renders the same bytes, apart from the
 * generation time.
 */
public final class HtmlReport {
    public static final String FILE_NAME = "report.html";
    /** Inputs named in the header; the rest are counted. */
    private static final int INPUTS_SHOWN = 10;
    /** Names that can be a relative link as they are. */
    private static final Pattern PLAIN_FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private HtmlReport() {}

    /** Writes the page to {@code dir}/report.html, replacing any earlier one. */
    public static Path write(Path dir, ReportData data) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        Files.writeString(file, render(data), StandardCharsets.UTF_8);
        return file;
    }

    public static String render(ReportData d) {
        var sb = new StringBuilder(65_536);
        sb.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<meta name=\"generator\" content=\"");
        Html.escape(sb, "Sluice " + d.version());
        sb.append("\"/>\n<title>");
        Html.escape(sb, "Sluice report: " + sourceText(d.source(), 2));
        sb.append("</title>\n<style>\n").append(PageStyle.CSS).append("</style>\n</head>\n<body>\n<main>\n");
        header(sb, d);
        sb.append("<nav><a href=\"#alerts\">Alerts</a><a href=\"#timeline\">Timeline</a>");
        if (d.figures().alerts() != null && !d.figures().alerts().techniques().isEmpty()) sb.append("<a href=\"#techniques\">Techniques</a>");
        sb.append("<a href=\"#traffic\">Traffic</a><a href=\"#logs\">Logs</a>");
        if (!d.errors().isEmpty()) sb.append("<a href=\"#errors\">Input errors</a>");
        sb.append("</nav>\n");
        AlertSection.alerts(sb, d);
        sb.append("<section id=\"timeline\">\n<h2>Timeline</h2>\n").append(TimelineSvg.render(d.connections(), d.alerts()))
                .append("</section>\n");
        AlertSection.techniques(sb, d);
        TrafficSection.render(sb, d);
        logs(sb, d);
        errors(sb, d);
        sb.append("<footer>");
        Html.escape(sb, "Made by Sluice " + d.version() + " at " + Html.utc(nanos(d.generatedAt()))
                + " UTC. The figures are those of the summary printed at the end of the run; the alerts are those of"
                + " alerts.jsonl; every table's rows lead back to the logs by uid and Community ID.");
        sb.append("</footer>\n</main>\n<script>\n").append(PageStyle.SCRIPT).append("</script>\n</body>\n</html>\n");
        return sb.toString();
    }

    private static void header(StringBuilder sb, ReportData d) {
        RunFigures f = d.figures();
        sb.append("<header>\n<h1>Sluice report</h1>\n<p class=\"lead\" id=\"headline\">");
        Html.escape(sb, headline(d));
        sb.append("</p>\n</header>\n<div class=\"facts-wrap\">\n<table class=\"facts\" id=\"facts\"><tbody>\n");
        fact(sb, "source", d.source().device() != null ? "interface" : d.source().inputs().size() == 1 ? "input" : "inputs",
                sourceText(d.source(), INPUTS_SHOWN));
        if (f.packets() > 0) {
            fact(sb, "first-packet", "first packet", Instant.ofEpochSecond(0, f.firstPacketNanos()).toString());
            fact(sb, "last-packet", "last packet", Instant.ofEpochSecond(0, f.lastPacketNanos()).toString());
            fact(sb, "span", "traffic span", Units.seconds(f.spanSeconds()));
        }
        fact(sb, "packets", "packets", Units.count(f.packets()));
        fact(sb, "bytes", "bytes on the wire", Units.bytes(f.wireBytes()));
        if (f.innerPackets() > 0) fact(sb, "inner-packets", "packets inside tunnels", Units.count(f.innerPackets()));
        fact(sb, "connections", "connections", Units.count(f.connections()));
        fact(sb, "alerts", "alerts", f.alerts() == null ? "detection off" : Units.count(f.alerts().total()));
        fact(sb, "analysis-time", "analysis time", Units.seconds(f.wallSeconds()));
        fact(sb, "version", "Sluice version", d.version());
        sb.append("<tr id=\"fact-generated\"><th>generated</th><td><time datetime=\"")
                .append(d.generatedAt().truncatedTo(ChronoUnit.SECONDS)).append("\">");
        Html.escape(sb, Html.utc(nanos(d.generatedAt())) + " UTC");
        sb.append("</time></td></tr>\n</tbody></table>\n</div>\n");
    }

    /** One sentence: how many alerts, how bad, over how much traffic. */
    private static String headline(ReportData d) {
        RunFigures f = d.figures();
        var traffic = new StringBuilder();
        traffic.append(Units.count(f.packets())).append(f.packets() == 1 ? " packet" : " packets");
        if (f.packets() > 0) traffic.append(" over ").append(Units.seconds(f.spanSeconds()));
        traffic.append(", ").append(Units.count(f.connections())).append(f.connections() == 1 ? " connection" : " connections");
        if (f.alerts() == null) return "Detection was off. " + capitalised(traffic.toString()) + ".";
        long total = f.alerts().total();
        if (total == 0) return "No alerts in " + traffic + ".";
        var worst = new StringBuilder();
        for (Severity s : new Severity[] {Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM}) {
            long n = d.alerts().count(s);
            if (n == 0) continue;
            worst.append(worst.isEmpty() ? "" : ", ").append(Units.count(n)).append(' ').append(s.ocsfName());
        }
        return Units.count(total) + (total == 1 ? " alert" : " alerts") + (worst.isEmpty() ? "" : " (" + worst + ")")
                + " on " + Units.count(f.alerts().techniques().size())
                + (f.alerts().techniques().size() == 1 ? " ATT&CK technique" : " ATT&CK techniques") + " in " + traffic + ".";
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static void fact(StringBuilder sb, String id, String label, String value) {
        sb.append("<tr id=\"fact-").append(id).append("\"><th>");
        Html.escape(sb, label);
        sb.append("</th>");
        Html.cell(sb, null, value);
        sb.append("</tr>\n");
    }

    private static String sourceText(ReportData.Source source, int shown) {
        if (source.device() != null) {
            return source.device() + (source.filter() == null || source.filter().isBlank() ? "" : " (filter '" + source.filter() + "')");
        }
        var names = source.inputs();
        if (names.isEmpty()) return "(none)";
        var named = new ArrayList<String>();
        for (String name : names.subList(0, Math.min(shown, names.size()))) named.add(name.equals("-") ? "standard input" : name);
        var text = String.join(", ", named);
        return names.size() > shown ? text + " and " + (names.size() - shown) + " more" : text;
    }

    private static void logs(StringBuilder sb, ReportData d) {
        sb.append("<section id=\"logs\">\n<h2>Logs written</h2>\n<table class=\"sortable\" id=\"log-table\"><thead><tr><th>file</th>"
                + "<th class=\"n\">rows</th><th class=\"n\">size</th></tr></thead>\n<tbody>\n");
        boolean rotated = false;
        for (var log : d.logs()) {
            sb.append("<tr><td>");
            if (log.present() && PLAIN_FILE_NAME.matcher(log.name()).matches()) {
                sb.append("<a href=\"");
                Html.escape(sb, log.name());
                sb.append("\">");
                Html.escape(sb, log.name());
                sb.append("</a>");
            } else {
                Html.escape(sb, log.name());
                if (!log.present()) {
                    sb.append(" <span class=\"small\">(archived by --rotate)</span>");
                    rotated = true;
                }
            }
            sb.append("</td>");
            Html.number(sb, log.rows(), Units.count(log.rows()));
            if (log.present()) Html.number(sb, log.bytes(), Units.bytes(log.bytes()));
            else sb.append("<td class=\"n\" data-v=\"-1\"></td>");
            sb.append("</tr>\n");
        }
        sb.append("</tbody></table>\n<p class=\"note\">");
        Html.escape(sb, "The files beside this report; rows are the summary's counts"
                + (rotated ? ", over every rotated file (--rotate moved them to the dated folders)." : "."));
        sb.append("</p>\n</section>\n");
    }

    private static void errors(StringBuilder sb, ReportData d) {
        if (d.errors().isEmpty()) return;
        sb.append("<section id=\"errors\">\n<h2>Input errors</h2>\n<p class=\"note\">Results before each were kept.</p>\n<ul>\n");
        for (String e : d.errors()) {
            sb.append("<li>");
            Html.escape(sb, e);
            sb.append("</li>\n");
        }
        sb.append("</ul>\n</section>\n");
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
