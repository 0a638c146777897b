package io.sluice.app.report;

import io.sluice.app.Units;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The report's traffic section: connections by protocol, by service and by Zeek conn_state, and
 * the top talkers, each as a table with bars. Services come from conn.log, so from traffic (or
 * from a Zeek log read as input): escaped like everything else.
 */
final class TrafficSection {
    /** Services drawn; the rest are summed in one row. */
    private static final int SERVICES_SHOWN = 15;

    /** What each conn_state means, after Zeek's documentation of conn.log. */
    private static final Map<String, String> STATE_MEANINGS = Map.ofEntries(
            Map.entry("S0", "attempt, no reply"),
            Map.entry("S1", "established, not closed"),
            Map.entry("SF", "established and closed"),
            Map.entry("REJ", "attempt refused"),
            Map.entry("S2", "established, originator closed, no answer"),
            Map.entry("S3", "established, responder closed, no answer"),
            Map.entry("RSTO", "established, originator reset"),
            Map.entry("RSTR", "responder reset"),
            Map.entry("RSTOS0", "originator sent SYN then reset, no SYN-ACK"),
            Map.entry("RSTRH", "responder sent SYN-ACK then reset, no SYN seen"),
            Map.entry("SH", "originator sent SYN then FIN, no SYN-ACK"),
            Map.entry("SHR", "responder sent SYN-ACK then FIN, no SYN seen"),
            Map.entry("OTH", "no SYN seen: midstream, or not TCP"),
            Map.entry("-", "no state (flow exports and logs)"));

    private TrafficSection() {}

    static void render(StringBuilder sb, ReportData d) {
        RunFigures f = d.figures();
        sb.append("<section id=\"traffic\">\n<h2>Traffic</h2>\n<div class=\"grid\">\n");
        protocols(sb, f.protocols());
        services(sb, d.services());
        states(sb, f.connStates());
        talkers(sb, f.topTalkers());
        sb.append("</div>\n</section>\n");
    }

    private static void protocols(StringBuilder sb, List<RunFigures.ProtocolCount> rows) {
        sb.append("<div id=\"protocols\"><h3>Connections by protocol</h3>\n<table class=\"sortable\"><thead><tr><th>proto</th>"
                + "<th class=\"n\">connections</th><th></th><th class=\"n\">packets</th><th class=\"n\">bytes</th></tr></thead>\n<tbody>\n");
        long max = 0;
        for (var r : rows) max = Math.max(max, r.connections());
        for (var r : rows) {
            sb.append("<tr>");
            Html.cell(sb, null, r.proto());
            Html.number(sb, r.connections(), Units.count(r.connections()));
            Html.bar(sb, r.connections(), max, null);
            Html.number(sb, r.packets(), Units.count(r.packets()));
            Html.number(sb, r.bytes(), Units.bytes(r.bytes()));
            sb.append("</tr>\n");
        }
        if (rows.isEmpty()) sb.append("<tr><td>(none)</td><td class=\"n\">0</td><td></td><td class=\"n\">0</td><td class=\"n\">0 B</td></tr>\n");
        sb.append("</tbody></table></div>\n");
    }

    private static void services(StringBuilder sb, List<RunFigures.Count> services) {
        var rows = new ArrayList<>(services);
        rows.sort(Comparator.comparingLong(RunFigures.Count::count).reversed().thenComparing(RunFigures.Count::name));
        sb.append("<div id=\"services\"><h3>Connections by service</h3>\n<table class=\"sortable\"><thead><tr><th>service</th>"
                + "<th class=\"n\">connections</th><th></th></tr></thead>\n<tbody>\n");
        long max = rows.isEmpty() ? 0 : rows.get(0).count();
        long rest = 0;
        int restNames = 0;
        for (int i = 0; i < rows.size(); i++) {
            var r = rows.get(i);
            if (i >= SERVICES_SHOWN) {
                rest += r.count();
                restNames++;
                continue;
            }
            sb.append("<tr>");
            Html.cell(sb, r.name().equals("-") ? "small" : null, r.name().equals("-") ? "- (none confirmed)" : r.name());
            Html.number(sb, r.count(), Units.count(r.count()));
            Html.bar(sb, r.count(), max, null);
            sb.append("</tr>\n");
        }
        if (restNames > 0) {
            sb.append("<tr>");
            Html.cell(sb, "small", restNames + " other services");
            Html.number(sb, rest, Units.count(rest));
            Html.bar(sb, rest, Math.max(max, rest), null);
            sb.append("</tr>\n");
        }
        if (rows.isEmpty()) sb.append("<tr><td>(none)</td><td class=\"n\">0</td><td></td></tr>\n");
        sb.append("</tbody></table></div>\n");
    }

    private static void states(StringBuilder sb, List<RunFigures.Count> states) {
        sb.append("<div id=\"conn-states\"><h3>Connection states (Zeek conn_state)</h3>\n<table class=\"sortable\"><thead><tr>"
                + "<th>state</th><th>meaning</th><th class=\"n\">connections</th><th></th></tr></thead>\n<tbody>\n");
        long max = 0;
        for (var s : states) max = Math.max(max, s.count());
        for (var s : states) {
            sb.append("<tr>");
            Html.cell(sb, "mono", s.name());
            Html.cell(sb, "small", STATE_MEANINGS.getOrDefault(s.name(), ""));
            Html.number(sb, s.count(), Units.count(s.count()));
            Html.bar(sb, s.count(), max, null);
            sb.append("</tr>\n");
        }
        if (states.isEmpty()) sb.append("<tr><td>(none)</td><td></td><td class=\"n\">0</td><td></td></tr>\n");
        sb.append("</tbody></table></div>\n");
    }

    private static void talkers(StringBuilder sb, List<RunFigures.Talker> talkers) {
        sb.append("<div id=\"talkers\"><h3>Top talkers (as originator, IP bytes both ways)</h3>\n<table class=\"sortable\"><thead>"
                + "<tr><th>host</th><th class=\"n\">bytes</th><th></th><th class=\"n\">connections</th></tr></thead>\n<tbody>\n");
        long max = talkers.isEmpty() ? 0 : talkers.get(0).bytes();
        for (var t : talkers) {
            sb.append("<tr>");
            Html.cell(sb, "mono", t.host());
            Html.number(sb, t.bytes(), Units.bytes(t.bytes()));
            Html.bar(sb, t.bytes(), max, null);
            Html.number(sb, t.connections(), Units.count(t.connections()));
            sb.append("</tr>\n");
        }
        if (talkers.isEmpty()) sb.append("<tr><td>(none)</td><td class=\"n\">0 B</td><td></td><td class=\"n\">0</td></tr>\n");
        sb.append("</tbody></table></div>\n");
    }
}
