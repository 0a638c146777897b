package io.sluice.detect;

import io.sluice.attack.AttackCatalogue;
import io.sluice.attack.Technique;
import io.sluice.event.Ds0029Component;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Renders an {@link Alert} as one line of {@code alerts.jsonl}, an OCSF Detection Finding
 * (class_uid 2004, category 2 Findings, activity 1 Create): time, start_time and end_time in epoch
 * milliseconds; severity_id/severity; confidence_score (0..100) and confidence_id; message (the
 * explanation); count (alerts merged into this incident); finding_info with uid, title, types,
 * analytic (uid = detector id), attacks and data_sources; attacks[] (technique, sub_technique,
 * tactic, tactics, version, names from the {@link AttackCatalogue}); observables for hosts, ports,
 * the domain and the process; resources for the hosts; evidences with each event's connection uid
 * and Community ID. The DS0029 component, which OCSF has no attribute for, goes into
 * {@code unmapped.ds0029_component} (and, as OCSF's own field, into finding_info.data_sources).
 */
public final class DetectionFinding {

    public static final int CLASS_UID = 2004;
    public static final int CATEGORY_UID = 2;
    public static final int ACTIVITY_CREATE = 1;
    /** The OCSF release whose field names and types this follows. */
    public static final String OCSF_VERSION = "1.5.0";

    private static final int OBSERVABLE_HOSTNAME = 1;
    private static final int OBSERVABLE_IP = 2;
    private static final int OBSERVABLE_PROCESS_NAME = 9;
    private static final int OBSERVABLE_PORT = 11;

    private final AttackCatalogue catalogue;
    private final String productVersion;

    public DetectionFinding(AttackCatalogue catalogue, String productVersion) {
        this.catalogue = catalogue;
        this.productVersion = productVersion;
    }

    public String toJson(Alert a) {
        var j = new JsonLine().beginObject();
        long startMs = a.firstNanos() / 1_000_000L;
        long endMs = a.lastNanos() / 1_000_000L;
        j.field("class_uid", CLASS_UID).field("class_name", "Detection Finding");
        j.field("category_uid", CATEGORY_UID).field("category_name", "Findings");
        j.field("activity_id", ACTIVITY_CREATE).field("activity_name", "Create");
        j.field("type_uid", CLASS_UID * 100L + ACTIVITY_CREATE).field("type_name", "Detection Finding: Create");
        j.field("time", startMs).field("start_time", startMs).field("end_time", endMs);
        j.field("severity_id", a.severity().ocsfId()).field("severity", a.severity().ocsfName());
        int score = (int) Math.round(a.confidence() * 100);
        j.field("confidence_score", score);
        int confidenceId = score >= 75 ? 3 : score >= 40 ? 2 : 1;
        j.field("confidence_id", confidenceId).field("confidence", confidenceId == 3 ? "High" : confidenceId == 2 ? "Medium" : "Low");
        j.field("status_id", 1).field("status", "New");
        j.field("is_alert", true);
        j.field("message", a.explanation());
        j.field("count", a.count());

        j.name("metadata").beginObject()
                .field("version", OCSF_VERSION)
                .field("log_name", "alerts")
                .name("product").beginObject()
                .field("name", "Sluice").field("vendor_name", "Sluice").field("version", productVersion)
                .endObject()
                .endObject();

        j.name("finding_info").beginObject();
        j.field("uid", uid(a));
        j.field("title", title(a));
        j.name("types").beginArray().value(a.detectorId()).endArray();
        j.name("analytic").beginObject()
                .field("uid", a.detectorId()).field("name", a.detectorId())
                .field("type_id", 2).field("type", "Behavioral")
                .endObject();
        j.field("first_seen_time", startMs).field("last_seen_time", endMs);
        j.name("data_sources").beginArray();
        for (var c : a.components()) j.value("Network Traffic: " + c.displayName());
        j.endArray();
        j.name("attacks");
        attacks(j, a);
        if (a.evidenceCount() > 0) j.field("related_events_count", a.evidenceCount());
        j.endObject();

        j.name("attacks");
        attacks(j, a);

        j.name("observables").beginArray();
        if (a.srcHost() != null) observable(j, "src_endpoint.ip", OBSERVABLE_IP, "IP Address", a.srcHost());
        for (var h : a.dstHosts()) observable(j, "dst_endpoint.ip", OBSERVABLE_IP, "IP Address", h);
        for (var p : a.dstPorts()) observable(j, "dst_endpoint.port", OBSERVABLE_PORT, "Port", String.valueOf(p));
        if (a.domain() != null) observable(j, "dst_endpoint.domain", OBSERVABLE_HOSTNAME, "Hostname", a.domain());
        if (a.process() != null) observable(j, "actor.process.name", OBSERVABLE_PROCESS_NAME, "Process Name", a.process());
        j.endArray();

        j.name("resources").beginArray();
        if (a.srcHost() != null) resource(j, a.srcHost(), "source");
        for (var h : a.dstHosts()) resource(j, h, "destination");
        j.endArray();

        j.name("evidences").beginArray();
        for (var e : a.evidence()) {
            j.beginObject().name("connection_info").beginObject();
            if (e.uid() != null) j.field("uid", e.uid());
            if (e.communityId() != null) j.field("community_uid", e.communityId());
            j.field("direction_id", 0).field("direction", "Unknown");
            j.endObject().endObject();
        }
        j.endArray();

        j.name("unmapped").beginObject();
        j.name("ds0029_component").beginArray();
        for (var c : a.components()) j.value(c.displayName());
        j.endArray();
        j.field("evidence_count", a.evidenceCount());
        if (a.incident() != null) j.field("incident", a.incident());
        j.endObject();
        return j.endObject().toString();
    }

    /** "T1046 Network Service Discovery" and the like, naming every technique. */
    public String title(Alert a) {
        var sb = new StringBuilder();
        for (var t : a.techniques()) {
            if (!sb.isEmpty()) sb.append("; ");
            sb.append(t.id()).append(' ').append(catalogue.fullName(t.id()));
        }
        if (sb.isEmpty()) sb.append(a.detectorId());
        return sb.toString();
    }

    private void attacks(JsonLine j, Alert a) {
        j.beginArray();
        for (Technique t : a.techniques()) {
            j.beginObject();
            var parent = t.parent();
            j.name("technique").beginObject().field("uid", parent.id()).field("name", catalogue.name(parent.id()))
                    .field("src_url", url(parent.id())).endObject();
            if (t.isSubTechnique()) {
                j.name("sub_technique").beginObject().field("uid", t.id()).field("name", catalogue.name(t.id()))
                        .field("src_url", url(t.id())).endObject();
            }
            var tactics = catalogue.tactics(t.id());
            if (!tactics.isEmpty()) {
                var first = tactics.get(0);
                j.name("tactic").beginObject().field("uid", first.id()).field("name", first.name())
                        .field("src_url", first.url()).endObject();
                j.name("tactics").beginArray();
                for (var tac : tactics) j.beginObject().field("uid", tac.id()).field("name", tac.name()).endObject();
                j.endArray();
            }
            j.field("version", catalogue.version());
            j.endObject();
        }
        j.endArray();
    }

    private static String url(String id) {
        return "https://attack.mitre.org/techniques/" + id.replace('.', '/') + "/";
    }

    private static void observable(JsonLine j, String name, int typeId, String type, String value) {
        j.beginObject().field("name", name).field("type_id", typeId).field("type", type).field("value", value).endObject();
    }

    private static void resource(JsonLine j, String ip, String role) {
        j.beginObject().field("uid", ip).field("name", ip).field("type", "host")
                .name("labels").beginArray().value(role).endArray().endObject();
    }

    /** Stable for a given input: detector, incident key, first time, source and first evidence. */
    static String uid(Alert a) {
        var key = a.detectorId() + '\u0000' + a.incident() + '\u0000' + a.firstNanos() + '\u0000' + a.srcHost() + '\u0000'
                + (a.evidence().isEmpty() ? "" : a.evidence().get(0).uid()) + '\u0000' + a.dstHosts();
        try {
            var md = MessageDigest.getInstance("SHA-256");
            var h = md.digest(key.getBytes(StandardCharsets.UTF_8));
            return "SLU-" + HexFormat.of().formatHex(h, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** The DS0029 components of an alert as text, for summaries. */
    public static String components(Alert a) {
        var sb = new StringBuilder();
        for (Ds0029Component c : a.components()) {
            if (!sb.isEmpty()) sb.append(", ");
            sb.append(c.displayName());
        }
        return sb.toString();
    }
}
