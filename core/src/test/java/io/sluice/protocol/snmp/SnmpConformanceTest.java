package io.sluice.protocol.snmp;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.CaptureConversations;
import io.sluice.protocol.dhcp.ContentCapture;
import io.sluice.protocol.dhcp.SuricataFilters;
import io.sluice.testing.Corpus;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * snmp.log against Zeek's snmp.v3 baseline (every field but ts and uid), and the PDUs against
 * suricata-verify snmp-v2c-get and snmp-community (EVE is per PDU; mapping: snmp.version 2 ->
 * version "2c" (1 on the wire), snmp.pdu_type -> Zeek's PDU name, snmp.community -> community,
 * snmp.vars -> the bindings' OIDs).
 */
@Tag("corpus")
@EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
class SnmpConformanceTest {

    @Test
    void matchesZeekSnmpV3Baseline() throws Exception {
        Path dir = Corpus.file("pcap-protocols/zeek/snmp.v3");
        List<SnmpSession> got = ContentCapture.run(dir.resolve("snmpv3_get_next.pcap")).of(SnmpSession.class);
        List<String> fields = null;
        List<Map<String, String>> want = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("baseline/snmp.log"))) {
            if (line.startsWith("#fields\t")) fields = List.of(line.substring(8).split("\t"));
            if (line.startsWith("#")) continue;
            String[] v = line.split("\t", -1);
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < fields.size(); i++) row.put(fields.get(i), v[i]);
            want.add(row);
        }
        assertThat(got).hasSameSizeAs(want);
        for (int i = 0; i < want.size(); i++) {
            SnmpSession s = got.get(i);
            Map<String, String> ours = new HashMap<>();
            ours.put("id.orig_h", s.id().origH());
            ours.put("id.orig_p", Integer.toString(s.id().origP()));
            ours.put("id.resp_h", s.id().respH());
            ours.put("id.resp_p", Integer.toString(s.id().respP()));
            ours.put("duration", String.format(Locale.ROOT, "%.6f", s.durationNanos() / 1e9));
            ours.put("version", s.version());
            ours.put("community", s.community() == null ? "-" : s.community());
            ours.put("get_requests", Long.toString(s.getRequests()));
            ours.put("get_bulk_requests", Long.toString(s.getBulkRequests()));
            ours.put("get_responses", Long.toString(s.getResponses()));
            ours.put("set_requests", Long.toString(s.setRequests()));
            ours.put("display_string", s.displayString() == null ? "-" : s.displayString());
            ours.put("up_since", s.upSinceNanos() == null ? "-" : String.format(Locale.ROOT, "%.6f", s.upSinceNanos() / 1e9));
            for (var e : want.get(i).entrySet()) {
                if (e.getKey().equals("ts") || e.getKey().equals("uid")) continue;
                assertThat(ours.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
            }
        }
    }

    record Pdu(int version, String community, String type, List<String> oids) {}

    static List<Pdu> pdus(Path pcap) throws Exception {
        List<Pdu> out = new ArrayList<>();
        var parser = new SnmpParser();
        for (var c : CaptureConversations.read(pcap)) {
            for (var chunk : c.chunks()) {
                if (parser.parse(ByteBuffer.wrap(chunk.bytes()), 0, chunk.bytes().length) && parser.pduTag >= 0) {
                    out.add(new Pdu(parser.version, parser.community, SnmpParser.pduName(parser.pduTag), List.copyOf(parser.oids)));
                }
            }
        }
        return out;
    }

    @Test
    void matchesSuricataSnmpV2cGetAndCommunity() throws Exception {
        Path dir = Corpus.file("pcap-protocols/suricata-verify/snmp-v2c-get");
        Path pcap = dir.resolve("SNMPv2c_get_requests.pcap");
        List<Pdu> pdus = pdus(pcap);
        for (var f : SuricataFilters.read(dir.resolve("test.yaml")).ofType("snmp")) {
            long n = pdus.stream().filter(p -> {
                Map<String, String> ours = new HashMap<>();
                ours.put("event_type", "snmp");
                ours.put("snmp.version", p.version() == 1 ? "2" : Integer.toString(p.version() + 1));
                ours.put("snmp.pdu_type", p.type());
                ours.put("snmp.community", p.community());
                ours.put("snmp.vars", p.oids().stream().map(o -> "\"" + o + "\"").toList().toString().replace(", ", ","));
                return f.match().entrySet().stream().allMatch(e -> e.getValue().equals(ours.get(e.getKey())));
            }).count();
            assertThat(n).as(f.match().toString()).isEqualTo(f.count());
        }
        // snmp-community: its rule (snmp.community; content:"[R0_C@cti!]") alerts on every PDU.
        var community = SuricataFilters.read(Corpus.file("pcap-protocols/suricata-verify/snmp-community/test.yaml")).ofType("alert");
        assertThat(pdus).hasSize(community.get(0).count()).allSatisfy(p -> assertThat(p.community()).isEqualTo("[R0_C@cti!]"));
        // And the pipeline's snmp.log row for the same capture.
        assertThat(ContentCapture.run(pcap).of(SnmpSession.class)).allSatisfy(s -> {
            assertThat(s.version()).isEqualTo("2c");
            assertThat(s.community()).isEqualTo("[R0_C@cti!]");
        }).isNotEmpty();
    }
}
