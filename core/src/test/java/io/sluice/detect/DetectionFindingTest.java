package io.sluice.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.sluice.attack.AttackCatalogue;
import io.sluice.event.Ds0029Component;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Checks alerts.jsonl lines against OCSF 1.x Detection Finding (class 2004): every attribute the
 * writer uses exists on its object in the schema (events/findings/detection_finding.json, finding.json,
 * base_event; objects finding_info, analytic, attack, technique, sub_technique, tactic, observable,
 * resource_details, evidences, network_connection_info, metadata, product) with the schema's type;
 * required attributes are present; ids agree with their captions. The table below was written from
 * the OCSF schema source, not generated from it.
 */
class DetectionFindingTest {

    /** Attribute type as OCSF declares it: integer_t/long_t/timestamp_t, string_t, boolean_t, object, array. */
    enum T { INT, STRING, BOOL, OBJECT, ARRAY_OF_STRING, ARRAY_OF_OBJECT, ANY }

    record Spec(Map<String, T> attrs, Set<String> required, Map<String, String> objectTypes) {}

    private static final Map<String, Spec> SCHEMA = new LinkedHashMap<>();

    static {
        SCHEMA.put("detection_finding", new Spec(Map.ofEntries(
                Map.entry("class_uid", T.INT), Map.entry("class_name", T.STRING),
                Map.entry("category_uid", T.INT), Map.entry("category_name", T.STRING),
                Map.entry("activity_id", T.INT), Map.entry("activity_name", T.STRING),
                Map.entry("type_uid", T.INT), Map.entry("type_name", T.STRING),
                Map.entry("time", T.INT), Map.entry("start_time", T.INT), Map.entry("end_time", T.INT),
                Map.entry("severity_id", T.INT), Map.entry("severity", T.STRING),
                Map.entry("confidence_score", T.INT), Map.entry("confidence_id", T.INT), Map.entry("confidence", T.STRING),
                Map.entry("status_id", T.INT), Map.entry("status", T.STRING),
                Map.entry("is_alert", T.BOOL), Map.entry("message", T.STRING), Map.entry("count", T.INT),
                Map.entry("metadata", T.OBJECT), Map.entry("finding_info", T.OBJECT),
                Map.entry("attacks", T.ARRAY_OF_OBJECT), Map.entry("observables", T.ARRAY_OF_OBJECT),
                Map.entry("resources", T.ARRAY_OF_OBJECT), Map.entry("evidences", T.ARRAY_OF_OBJECT),
                Map.entry("unmapped", T.OBJECT)),
                Set.of("class_uid", "category_uid", "activity_id", "type_uid", "time", "severity_id", "metadata",
                        "finding_info"),
                Map.of("metadata", "metadata", "finding_info", "finding_info", "attacks", "attack",
                        "observables", "observable", "resources", "resource_details", "evidences", "evidences",
                        "unmapped", "*")));
        SCHEMA.put("metadata", new Spec(Map.of("version", T.STRING, "log_name", T.STRING, "product", T.OBJECT),
                Set.of("version", "product"), Map.of("product", "product")));
        SCHEMA.put("product", new Spec(Map.of("name", T.STRING, "vendor_name", T.STRING, "version", T.STRING),
                Set.of(), Map.of()));
        SCHEMA.put("finding_info", new Spec(Map.of("uid", T.STRING, "title", T.STRING, "types", T.ARRAY_OF_STRING,
                "analytic", T.OBJECT, "first_seen_time", T.INT, "last_seen_time", T.INT,
                "data_sources", T.ARRAY_OF_STRING, "attacks", T.ARRAY_OF_OBJECT, "related_events_count", T.INT),
                Set.of("uid"), Map.of("analytic", "analytic", "attacks", "attack")));
        SCHEMA.put("analytic", new Spec(Map.of("uid", T.STRING, "name", T.STRING, "type_id", T.INT, "type", T.STRING),
                Set.of("type_id"), Map.of()));
        SCHEMA.put("attack", new Spec(Map.of("technique", T.OBJECT, "sub_technique", T.OBJECT, "tactic", T.OBJECT,
                "tactics", T.ARRAY_OF_OBJECT, "version", T.STRING), Set.of(),
                Map.of("technique", "technique", "sub_technique", "sub_technique", "tactic", "tactic", "tactics", "tactic")));
        for (var name : List.of("technique", "sub_technique", "tactic")) {
            SCHEMA.put(name, new Spec(Map.of("uid", T.STRING, "name", T.STRING, "src_url", T.STRING), Set.of(), Map.of()));
        }
        SCHEMA.put("observable", new Spec(Map.of("name", T.STRING, "type_id", T.INT, "type", T.STRING, "value", T.STRING),
                Set.of("name", "type_id"), Map.of()));
        SCHEMA.put("resource_details", new Spec(Map.of("uid", T.STRING, "name", T.STRING, "type", T.STRING,
                "labels", T.ARRAY_OF_STRING), Set.of(), Map.of()));
        SCHEMA.put("evidences", new Spec(Map.of("connection_info", T.OBJECT), Set.of("connection_info"),
                Map.of("connection_info", "network_connection_info")));
        SCHEMA.put("network_connection_info", new Spec(Map.of("uid", T.STRING, "community_uid", T.STRING,
                "direction_id", T.INT, "direction", T.STRING), Set.of("direction_id"), Map.of()));
    }

    private static final DetectionFinding FORMAT = new DetectionFinding(AttackCatalogue.builtin(), "0.1.0-test");

    private static Alert sample() {
        var b = Alert.builder("scan.horizontal").technique("T1046").technique("T1071.004")
                .component(Ds0029Component.NETWORK_TRAFFIC_FLOW).component(Ds0029Component.NETWORK_CONNECTION_CREATION)
                .severity(Severity.HIGH).confidence(0.87).time(TestEvents.t(0), TestEvents.t(41.5))
                .srcHost("10.0.0.5").dstHost("10.0.0.9").dstHost("10.0.0.10").dstPort(22).dstPort(3389)
                .domain("evil.example").process("C:\\Windows\\cmstp.exe")
                .explanation("10.0.0.5 contacted 1,312 ports on 3 hosts in 41 s; 97% were \"refused\"")
                .incident("10.0.0.5");
        for (int i = 0; i < 3; i++) b.evidence("C" + i, "1:abc" + i + "=");
        return b.build();
    }

    @Test
    void everyAttributeIsOneOcsfDeclaresWithItsType() throws IOException {
        var line = FORMAT.toJson(sample());
        assertThat(line).doesNotContain("\n");
        var problems = new ArrayList<String>();
        check("detection_finding", parse(line), "", problems);
        assertThat(problems).isEmpty();
    }

    @Test
    void idsAgreeWithTheirCaptionsAndTheClass() throws IOException {
        @SuppressWarnings("unchecked")
        var m = (Map<String, Object>) parse(FORMAT.toJson(sample()));
        assertThat(m.get("class_uid")).isEqualTo(2004L);
        assertThat(m.get("category_uid")).isEqualTo(2L);
        assertThat(m.get("type_uid")).isEqualTo(2004L * 100 + (Long) m.get("activity_id"));
        assertThat(m.get("severity_id")).isEqualTo(4L);
        assertThat(m.get("severity")).isEqualTo("High");
        assertThat(m.get("confidence_score")).isEqualTo(87L);
        assertThat(m.get("confidence_id")).isEqualTo(3L);
        assertThat(m.get("time")).as("timestamp_t is epoch milliseconds").isEqualTo(TestEvents.t(0) / 1_000_000);
        assertThat(m.get("end_time")).isEqualTo(TestEvents.t(41.5) / 1_000_000);
        assertThat(m.get("message")).isEqualTo("10.0.0.5 contacted 1,312 ports on 3 hosts in 41 s; 97% were \"refused\"");
    }

    @Test
    @SuppressWarnings("unchecked")
    void attacksNameTechniquesSubTechniquesAndTacticsFromTheCatalogue() throws IOException {
        var m = (Map<String, Object>) parse(FORMAT.toJson(sample()));
        var attacks = (List<Map<String, Object>>) m.get("attacks");
        assertThat(attacks).hasSize(2);
        var scan = attacks.get(0);
        assertThat(((Map<String, Object>) scan.get("technique")).get("uid")).isEqualTo("T1046");
        assertThat(((Map<String, Object>) scan.get("technique")).get("name")).isEqualTo("Network Service Discovery");
        assertThat(((Map<String, Object>) scan.get("tactic")).get("uid")).isEqualTo("TA0007");
        assertThat(scan).doesNotContainKey("sub_technique");
        var dns = attacks.get(1);
        assertThat(((Map<String, Object>) dns.get("technique")).get("uid")).isEqualTo("T1071");
        assertThat(((Map<String, Object>) dns.get("sub_technique")))
                .containsEntry("uid", "T1071.004").containsEntry("name", "DNS");
        assertThat(((Map<String, Object>) dns.get("tactic")).get("name")).isEqualTo("Command and Control");
        var info = (Map<String, Object>) m.get("finding_info");
        assertThat(info.get("attacks")).isEqualTo(attacks);
        assertThat(((Map<String, Object>) info.get("analytic")).get("uid")).isEqualTo("scan.horizontal");
        assertThat(info.get("title")).isEqualTo("T1046 Network Service Discovery; T1071.004 Application Layer Protocol: DNS");
    }

    @Test
    @SuppressWarnings("unchecked")
    void entitiesBecomeObservablesAndEvidenceKeepsUidsAndCommunityIds() throws IOException {
        var m = (Map<String, Object>) parse(FORMAT.toJson(sample()));
        var obs = (List<Map<String, Object>>) m.get("observables");
        assertThat(obs).extracting(o -> o.get("name") + "=" + o.get("value") + "/" + o.get("type_id")).containsExactly(
                "src_endpoint.ip=10.0.0.5/2", "dst_endpoint.ip=10.0.0.9/2", "dst_endpoint.ip=10.0.0.10/2",
                "dst_endpoint.port=22/11", "dst_endpoint.port=3389/11", "dst_endpoint.domain=evil.example/1",
                "actor.process.name=C:\\Windows\\cmstp.exe/9");
        var ev = (List<Map<String, Object>>) m.get("evidences");
        assertThat(ev).hasSize(3);
        assertThat((Map<String, Object>) ev.get(1).get("connection_info"))
                .containsEntry("uid", "C1").containsEntry("community_uid", "1:abc1=");
        var unmapped = (Map<String, Object>) m.get("unmapped");
        assertThat((List<Object>) unmapped.get("ds0029_component"))
                .containsExactly("Network Connection Creation", "Network Traffic Flow");
        assertThat(m.get("count")).isEqualTo(1L);
    }

    @Test
    void theFindingUidIsStableForTheSameIncident() {
        assertThat(DetectionFinding.uid(sample())).isEqualTo(DetectionFinding.uid(sample())).startsWith("SLU-");
        var other = Alert.builder("scan.horizontal").technique("T1046").explanation("x").time(1, 1).build();
        assertThat(DetectionFinding.uid(other)).isNotEqualTo(DetectionFinding.uid(sample()));
    }

    @SuppressWarnings("unchecked")
    private static void check(String type, Object value, String path, List<String> problems) {
        if (!(value instanceof Map<?, ?> raw)) {
            problems.add(path + ": expected an object of type " + type);
            return;
        }
        var obj = (Map<String, Object>) raw;
        var spec = SCHEMA.get(type);
        for (var req : spec.required()) {
            if (!obj.containsKey(req)) problems.add(path + "." + req + ": required by OCSF " + type + ", missing");
        }
        if (type.equals("attack") && !obj.containsKey("technique") && !obj.containsKey("tactic")
                && !obj.containsKey("sub_technique")) {
            problems.add(path + ": an attack needs at least one of tactic, technique, sub_technique");
        }
        for (var e : obj.entrySet()) {
            var at = path + "." + e.getKey();
            var t = spec.attrs().get(e.getKey());
            if (t == null) {
                problems.add(at + ": not an attribute of OCSF " + type);
                continue;
            }
            var v = e.getValue();
            var child = spec.objectTypes().get(e.getKey());
            switch (t) {
                case INT -> { if (!(v instanceof Long)) problems.add(at + ": want an integer, got " + v); }
                case STRING -> { if (!(v instanceof String)) problems.add(at + ": want a string, got " + v); }
                case BOOL -> { if (!(v instanceof Boolean)) problems.add(at + ": want a boolean, got " + v); }
                case OBJECT -> {
                    if (!(v instanceof Map)) problems.add(at + ": want an object");
                    else if (!"*".equals(child)) check(child, v, at, problems);
                }
                case ARRAY_OF_STRING -> {
                    if (!(v instanceof List<?> l) || !l.stream().allMatch(x -> x instanceof String)) {
                        problems.add(at + ": want an array of strings");
                    }
                }
                case ARRAY_OF_OBJECT -> {
                    if (!(v instanceof List<?> l)) problems.add(at + ": want an array");
                    else for (int i = 0; i < l.size(); i++) check(child, l.get(i), at + "[" + i + "]", problems);
                }
                case ANY -> { }
            }
        }
    }

    static Object parse(String json) throws IOException {
        try (JsonParser p = new JsonFactory().createParser(json)) {
            p.nextToken();
            var v = read(p);
            assertThat(p.nextToken()).as("one JSON value per line").isNull();
            return v;
        }
    }

    private static Object read(JsonParser p) throws IOException {
        var t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                var m = new LinkedHashMap<String, Object>();
                while (p.nextToken() != JsonToken.END_OBJECT) {
                    var name = p.currentName();
                    p.nextToken();
                    if (m.put(name, read(p)) != null) throw new IOException("duplicate key " + name);
                }
                return m;
            }
            case START_ARRAY -> {
                var l = new ArrayList<Object>();
                while (p.nextToken() != JsonToken.END_ARRAY) l.add(read(p));
                return l;
            }
            case VALUE_STRING -> { return p.getText(); }
            case VALUE_NUMBER_INT -> { return p.getLongValue(); }
            case VALUE_NUMBER_FLOAT -> { return p.getDoubleValue(); }
            case VALUE_TRUE -> { return true; }
            case VALUE_FALSE -> { return false; }
            case VALUE_NULL -> { return null; }
            default -> throw new IOException("unexpected " + t);
        }
    }
}
