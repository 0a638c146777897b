package io.sluice.app.report;

import io.sluice.app.Units;
import io.sluice.attack.AttackCatalogue;
import io.sluice.attack.Tactic;
import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.Evidence;
import io.sluice.detect.Severity;
import io.sluice.event.Ds0029Component;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The report's alert sections: counts by severity, the table of alerts (most severe first, then
 * earliest; at most {@link AlertDigest}'s limit, the rest counted), and the ATT&CK techniques seen
 * as bars. Every value that came from traffic (hosts, domain, process, explanation, uids) is escaped.
 */
final class AlertSection {
    /** Destination hosts and evidence entries named in a row; the rest are counted. */
    private static final int HOSTS_SHOWN = 3;
    private static final int EVIDENCE_SHOWN = 3;
    private static final Severity[] MOST_SEVERE_FIRST = {Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO};

    private AlertSection() {}

    static void alerts(StringBuilder sb, ReportData d) {
        sb.append("<section id=\"alerts\">\n<h2>Alerts</h2>\n");
        AlertDigest digest = d.alerts();
        if (digest == null || d.figures().alerts() == null) {
            sb.append("<p class=\"note\">Detection was off (--no-detect): no analytics ran and no alerts.jsonl was written.</p>\n</section>\n");
            return;
        }
        sb.append("<ul class=\"sevs\" id=\"severity-counts\">");
        for (Severity s : MOST_SEVERE_FIRST) {
            long n = digest.count(s);
            sb.append("<li class=\"sev-").append(s.ocsfId()).append(n == 0 ? " zero" : "").append("\">")
                    .append(s.ocsfName()).append("<b>").append(Units.count(n)).append("</b></li>");
        }
        sb.append("</ul>\n");
        long total = d.figures().alerts().total();
        if (total == 0) {
            sb.append("<p>No alerts: no analytic found anything in this traffic.</p>\n</section>\n");
            return;
        }
        List<Alert> listed = digest.listed();
        sb.append("<p class=\"note\" id=\"alerts-shown\">");
        if (digest.leftOut() > 0) {
            Html.escape(sb, "The " + Units.count(listed.size()) + " most severe of " + Units.count(total)
                    + " alerts, most severe first, then earliest; " + Units.count(digest.leftOut())
                    + " more are left out here and are all in alerts.jsonl.");
        } else {
            Html.escape(sb, Units.count(total) + (total == 1 ? " alert" : " alerts")
                    + " as in alerts.jsonl, most severe first, then earliest. Click a column's header to sort by it.");
        }
        sb.append("</p>\n<table class=\"alerts sortable\" id=\"alert-table\">\n<thead><tr>"
                + "<th class=\"c-time\">first seen (UTC)</th><th class=\"c-sev\">severity</th>"
                + "<th class=\"c-tech\">ATT&amp;CK technique</th><th class=\"c-comp\">DS0029 component</th>"
                + "<th class=\"c-ent\">entities</th><th>explanation</th><th class=\"c-ev\">evidence</th></tr></thead>\n<tbody>\n");
        for (Alert a : listed) row(sb, a, d.catalogue());
        sb.append("</tbody>\n</table>\n</section>\n");
    }

    private static void row(StringBuilder sb, Alert a, AttackCatalogue catalogue) {
        sb.append("<tr>");
        sb.append("<td class=\"mono\" data-v=\"").append(a.firstNanos()).append("\">");
        Html.escape(sb, Html.utc(a.firstNanos()));
        String lasted = Units.seconds((a.lastNanos() - a.firstNanos()) / 1e9);
        if (a.lastNanos() > a.firstNanos() && !lasted.equals(Units.seconds(0))) {
            sb.append("<div class=\"small\">");
            Html.escape(sb, "for " + lasted);
            sb.append("</div>");
        }
        sb.append("</td>");

        sb.append("<td data-v=\"").append(a.severity().ocsfId()).append("\"><span class=\"chip sev-")
                .append(a.severity().ocsfId()).append("\">").append(a.severity().ocsfName()).append("</span>");
        sb.append("<div class=\"small\">confidence ").append(Math.round(a.confidence() * 100)).append("%</div></td>");

        sb.append("<td>");
        if (a.techniques().isEmpty()) Html.escape(sb, "(none)");
        for (Technique t : a.techniques()) {
            sb.append("<div>");
            technique(sb, t.id());
            sb.append(' ');
            Html.escape(sb, catalogue.fullName(t.id()));
            String tactics = tactics(catalogue, t.id());
            if (!tactics.isEmpty()) {
                sb.append("<div class=\"small\">");
                Html.escape(sb, tactics);
                sb.append("</div>");
            }
            sb.append("</div>");
        }
        sb.append("</td>");

        var components = new ArrayList<String>();
        for (Ds0029Component c : a.components()) components.add(c.displayName());
        Html.cell(sb, null, String.join(", ", components));

        sb.append("<td class=\"entities\">");
        entities(sb, a);
        sb.append("</td>");

        sb.append("<td class=\"expl\">");
        Html.escape(sb, a.explanation());
        sb.append("<div class=\"small\">analytic ");
        Html.escape(sb, a.detectorId());
        if (a.count() > 1) Html.escape(sb, "; " + Units.count(a.count()) + " detections merged into this incident");
        sb.append("</div></td>");

        sb.append("<td class=\"ev\" data-v=\"").append(a.evidenceCount()).append("\">");
        Html.escape(sb, Units.count(a.evidenceCount()) + (a.evidenceCount() == 1 ? " event" : " events"));
        // several events of one connection (DNS queries, SMB commands) share its uid: each connection once
        var distinct = new LinkedHashSet<>(a.evidence());
        int shown = 0;
        for (Evidence e : distinct) {
            if (shown++ == EVIDENCE_SHOWN) break;
            sb.append("<div title=\"uid, Community ID\"><code>");
            Html.escape(sb, e.uid() == null ? "-" : e.uid());
            sb.append("</code>");
            if (e.communityId() != null) {
                sb.append("<code class=\"small\">");
                Html.escape(sb, e.communityId());
                sb.append("</code>");
            }
            sb.append("</div>");
        }
        if (distinct.size() > EVIDENCE_SHOWN) {
            sb.append("<div class=\"small\">");
            Html.escape(sb, "and " + Units.count(distinct.size() - EVIDENCE_SHOWN) + " more in alerts.jsonl");
            sb.append("</div>");
        }
        sb.append("</td></tr>\n");
    }

    private static void entities(StringBuilder sb, Alert a) {
        var hosts = new StringBuilder();
        hosts.append(a.srcHost() == null ? "?" : a.srcHost());
        if (!a.dstHosts().isEmpty()) {
            hosts.append(" \u2192 ");
            var named = a.dstHosts().subList(0, Math.min(HOSTS_SHOWN, a.dstHosts().size()));
            hosts.append(String.join(", ", named));
            if (a.dstHosts().size() > HOSTS_SHOWN) {
                hosts.append(" and ").append(a.dstHosts().size() - HOSTS_SHOWN).append(" more");
            }
        }
        if (a.srcHost() != null || !a.dstHosts().isEmpty()) line(sb, hosts.toString());
        if (!a.dstPorts().isEmpty()) {
            var ports = new ArrayList<String>();
            for (int p : a.dstPorts()) {
                if (ports.size() == 8) {
                    ports.add("\u2026");
                    break;
                }
                ports.add(Integer.toString(p));
            }
            line(sb, (a.dstPorts().size() == 1 ? "port " : "ports ") + String.join(", ", ports));
        }
        if (a.domain() != null) line(sb, "domain " + a.domain());
        if (a.process() != null) line(sb, "process " + a.process());
    }

    private static void line(StringBuilder sb, String text) {
        sb.append("<div>");
        Html.escape(sb, text);
        sb.append("</div>");
    }

    /** The techniques seen, as bars of their alert counts (most first), coloured by their highest severity. */
    static void techniques(StringBuilder sb, ReportData d) {
        var alerts = d.figures().alerts();
        if (alerts == null || alerts.techniques().isEmpty()) return;
        var rows = new ArrayList<>(alerts.techniques());
        rows.sort(Comparator.comparingLong(RunFigures.TechniqueCount::alerts).reversed()
                .thenComparing(RunFigures.TechniqueCount::technique));
        long max = rows.get(0).alerts();
        sb.append("<section id=\"techniques\">\n<h2>ATT&amp;CK techniques seen</h2>\n");
        sb.append("<table class=\"sortable\" id=\"technique-table\">\n<thead><tr><th>technique</th><th>name</th><th>tactic</th>"
                + "<th class=\"n\">alerts</th><th>highest severity</th><th></th></tr></thead>\n<tbody>\n");
        for (var r : rows) {
            sb.append("<tr><td>");
            technique(sb, r.technique());
            sb.append("</td>");
            Html.cell(sb, null, r.name());
            Html.cell(sb, null, tactics(d.catalogue(), r.technique()));
            Html.number(sb, r.alerts(), Units.count(r.alerts()));
            sb.append("<td data-v=\"").append(r.highest().ocsfId()).append("\"><span class=\"chip sev-")
                    .append(r.highest().ocsfId()).append("\">").append(r.highest().ocsfName()).append("</span></td>");
            Html.bar(sb, r.alerts(), max, "sev-" + r.highest().ocsfId());
            sb.append("</tr>\n");
        }
        sb.append("</tbody>\n</table>\n<p class=\"note\">An alert with several techniques counts once for each.</p>\n</section>\n");
    }

    /** The technique's id, linked to its page on attack.mitre.org (T1071.004 → /techniques/T1071/004/). */
    private static void technique(StringBuilder sb, String id) {
        sb.append("<a href=\"");
        Html.escape(sb, "https://attack.mitre.org/techniques/" + id.replace('.', '/') + "/");
        sb.append("\">");
        Html.escape(sb, id);
        sb.append("</a>");
    }

    private static String tactics(AttackCatalogue catalogue, String id) {
        var names = new ArrayList<String>();
        for (Tactic t : catalogue.tactics(id)) names.add(t.name());
        return String.join(", ", names);
    }
}
