package io.sluice.protocol.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.event.FlowRecord;
import io.sluice.testing.Corpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * dhcp.log against Zeek's baseline dhcp.dhcp-all-msg-types (every field but ts; uids are compared
 * as the set of connection tuples they name, through each side's conn.log) and per-message fields
 * against suricata-verify dhcp-eve-extended and output-eve-dhcp-01 (mapping EVE -> ours below).
 */
@Tag("corpus")
@EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
class DhcpConformanceTest {

    @Test
    void matchesZeekBaselineFieldByField() throws Exception {
        Path dir = Corpus.file("pcap-protocols/zeek/dhcp.dhcp-all-msg-types");
        var cap = ContentCapture.run(dir.resolve("dhcp.pcap"));
        List<Map<String, String>> want = zeekRows(dir.resolve("baseline/dhcp.log"));
        Map<String, String> zeekUidTuple = new HashMap<>();
        for (var r : zeekRows(dir.resolve("baseline/conn.log"))) zeekUidTuple.put(r.get("uid"), tuple(r));
        Map<String, String> ourUidTuple = new HashMap<>();
        for (FlowRecord r : cap.conns) {
            ourUidTuple.put(r.uid(), r.id().origH() + ":" + r.id().origP() + ">" + r.id().respH() + ":" + r.id().respP());
        }
        List<DhcpTransaction> got = new ArrayList<>(cap.of(DhcpTransaction.class));
        assertThat(got).hasSameSizeAs(want);
        List<String> diffs = new ArrayList<>();
        for (var row : want) {
            DhcpTransaction match = got.stream().filter(t -> String.join(",", t.msgTypes()).equals(row.get("msg_types"))
                    && orDash(t.hostName()).equals(row.get("host_name"))).findFirst().orElse(null);
            if (match == null) {
                diffs.add("missing row " + row);
                continue;
            }
            got.remove(match);
            var ours = new HashMap<String, String>();
            ours.put("uids", tuples(match.uids(), ourUidTuple));
            ours.put("client_addr", orDash(match.clientAddr()));
            ours.put("server_addr", orDash(match.serverAddr()));
            ours.put("mac", orDash(match.mac()));
            ours.put("host_name", orDash(match.hostName()));
            ours.put("client_fqdn", orDash(match.clientFqdn()));
            ours.put("domain", orDash(match.domain()));
            ours.put("requested_addr", orDash(match.requestedAddr()));
            ours.put("assigned_addr", orDash(match.assignedAddr()));
            ours.put("lease_time", match.leaseSeconds() == null ? "-" : String.format(Locale.ROOT, "%d.000000", match.leaseSeconds()));
            ours.put("client_message", orDash(match.clientMessage()));
            ours.put("server_message", orDash(match.serverMessage()));
            ours.put("msg_types", String.join(",", match.msgTypes()));
            ours.put("duration", String.format(Locale.ROOT, "%.6f", match.durationNanos() / 1e9));
            for (var f : row.entrySet()) {
                if (f.getKey().equals("ts")) continue;
                String w = f.getKey().equals("uids") ? tuples(List.of(f.getValue().split(",")), zeekUidTuple) : f.getValue();
                if (!w.equals(ours.get(f.getKey()))) diffs.add(row.get("msg_types") + " " + f.getKey() + ": Zeek " + w + ", Sluice " + ours.get(f.getKey()));
            }
        }
        assertThat(diffs).isEmpty();
    }

    @Test
    void matchesSuricataEveDhcpForLoggedFields() throws Exception {
        Path dir = Corpus.file("pcap-protocols/suricata-verify/dhcp-eve-extended");
        var cap = ContentCapture.run(dir.resolve("input.pcap"));
        var filters = SuricataFilters.read(dir.resolve("test.yaml")).ofType("dhcp");
        assertThat(filters).hasSize(2);
        // Messages are not passed on by the pipeline's aggregation: read them back from the exchange
        // rows for the row-level fields, and parse the datagrams for the per-message view.
        List<DhcpMessage> messages = MessagesOf.capture(dir.resolve("input.pcap"));
        assertThat(messages).hasSize(2);
        for (var f : filters) {
            DhcpMessage m = messages.get(Integer.parseInt(f.get("pcap_cnt")) - 1);
            // EVE -> ours; not logged by Sluice: next_server_ip (siaddr), relay_ip (giaddr),
            // renewal_time (58), rebinding_time (59), subnet_mask (1).
            Map<String, String> ours = new HashMap<>();
            ours.put("src_ip", m.fromOrig() ? m.id().origH() : m.id().respH());
            ours.put("dest_ip", m.fromOrig() ? m.id().respH() : m.id().origH());
            ours.put("src_port", Integer.toString(m.fromOrig() ? m.id().origP() : m.id().respP()));
            ours.put("dest_port", Integer.toString(m.fromOrig() ? m.id().respP() : m.id().origP()));
            ours.put("dhcp.id", Long.toString(m.xid()));
            ours.put("dhcp.type", m.op() == 1 ? "request" : "reply");
            ours.put("dhcp.dhcp_type", m.messageTypeName().toLowerCase(Locale.ROOT));
            ours.put("dhcp.client_mac", m.chaddr());
            ours.put("dhcp.client_id", m.clientIdMac());
            ours.put("dhcp.client_ip", m.ciaddr() == null ? "0.0.0.0" : m.ciaddr());
            ours.put("dhcp.assigned_ip", m.yiaddr() == null ? "0.0.0.0" : m.yiaddr());
            ours.put("dhcp.hostname", m.hostName());
            ours.put("dhcp.lease_time", m.leaseSeconds() == null ? null : m.leaseSeconds().toString());
            if (m.routers() != null) for (int i = 0; i < m.routers().size(); i++) ours.put("dhcp.routers[" + i + "]", m.routers().get(i));
            if (m.dnsServers() != null) for (int i = 0; i < m.dnsServers().size(); i++) ours.put("dhcp.dns_servers[" + i + "]", m.dnsServers().get(i));
            if (m.paramList() != null) {
                // EVE lists only the codes Suricata has names for, in the client's order.
                int i = 0;
                for (int code : m.paramList()) if (paramName(code) != null) ours.put("dhcp.params[" + i++ + "]", paramName(code));
            }
            int compared = 0;
            for (var e : f.match().entrySet()) {
                if (!ours.containsKey(e.getKey())) continue;
                compared++;
                assertThat(ours.get(e.getKey())).as(e.getKey() + " of packet " + f.get("pcap_cnt")).isEqualTo(e.getValue());
            }
            assertThat(compared).isGreaterThanOrEqualTo(10);
        }
        // output-eve-dhcp-01: two dhcp records (we emit both messages, joined into one exchange row).
        var eve01 = SuricataFilters.read(Corpus.file("pcap-protocols/suricata-verify/output-eve-dhcp-01/test.yaml")).ofType("dhcp");
        assertThat(messages).hasSize(eve01.get(0).count());
        assertThat(cap.of(DhcpTransaction.class)).singleElement()
                .satisfies(t -> assertThat(t.msgTypes()).containsExactly("REQUEST", "ACK"));
    }

    /** chrissanders dhcp_nolease_initialization: one DORA exchange; values as tcpdump -vv prints them. */
    @Test
    void doraExchangeIsOneRow() throws Exception {
        var cap = ContentCapture.run(Corpus.file("pcap-protocols/chrissanders-packets/dhcp_nolease_initialization.pcapng"));
        assertThat(cap.of(DhcpTransaction.class)).singleElement().satisfies(t -> {
            assertThat(t.msgTypes()).containsExactly("DISCOVER", "OFFER", "REQUEST", "ACK");
            assertThat(t.mac()).isEqualTo("00:0c:29:59:fd:21");
            assertThat(t.hostName()).isEqualTo("ubuntu2");
            assertThat(t.requestedAddr()).isEqualTo("192.168.1.10");
            assertThat(t.assignedAddr()).isEqualTo("192.168.1.10");
            assertThat(t.serverAddr()).isEqualTo("192.168.1.5");
            assertThat(t.leaseSeconds()).isEqualTo(600L);
            assertThat(t.serverIds()).containsExactly("192.168.1.5");
            assertThat(t.paramList()).containsExactly(1, 28, 2, 3, 15, 6, 119, 12, 44, 47, 26, 121, 42); // tcpdump -vv
            assertThat(t.uids()).hasSize(2);
        });
    }

    /** Suricata's names for parameter request list codes (rust/src/dhcp/logger.rs); others are not logged by EVE. */
    private static String paramName(int code) {
        return switch (code) {
            case 1 -> "subnet_mask";
            case 3 -> "router";
            case 6 -> "dns_server";
            case 15 -> "domain";
            case 35 -> "arp_timeout";
            case 42 -> "ntp_server";
            case 66 -> "tftp_server_name";
            default -> null;
        };
    }

    static String tuple(Map<String, String> connRow) {
        return connRow.get("id.orig_h") + ":" + connRow.get("id.orig_p") + ">" + connRow.get("id.resp_h") + ":" + connRow.get("id.resp_p");
    }

    static String tuples(List<String> uids, Map<String, String> byUid) {
        var set = new TreeSet<String>();
        for (String u : uids) set.add(byUid.getOrDefault(u, "?" + u));
        return String.join(",", set);
    }

    static String orDash(String s) {
        return s == null ? "-" : s;
    }

    static List<Map<String, String>> zeekRows(Path log) throws Exception {
        List<String> fields = null;
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            if (line.startsWith("#fields\t")) fields = List.of(line.substring(8).split("\t"));
            if (line.startsWith("#") || line.isBlank()) continue;
            String[] v = line.split("\t", -1);
            var row = new java.util.LinkedHashMap<String, String>();
            for (int i = 0; i < fields.size(); i++) row.put(fields.get(i), v[i]);
            rows.add(row);
        }
        return rows;
    }
}
