package io.sluice.protocol.arp;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.dhcp.ContentCapture;
import io.sluice.protocol.dhcp.SuricataFilters;
import io.sluice.testing.Corpus;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * arp.log from the real pipeline against suricata-verify decode-arp-2 (EVE arp records, mapping
 * below) and arp/detect-arp-03-vlan (three ARP packets behind one, two and three VLAN tags, each
 * alerted by Suricata), and the ARP poisoning capture of chrissanders/packets.
 */
@Tag("corpus")
@EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
class ArpCorpusTest {

    @Test
    void matchesSuricataDecodeArp2() throws Exception {
        Path dir = Corpus.file("pcap-protocols/suricata-verify/decode-arp-2");
        List<ArpMessage> rows = ContentCapture.run(dir.resolve("arp.pcap")).of(ArpMessage.class);
        var filters = SuricataFilters.read(dir.resolve("test.yaml")).ofType("arp");
        assertThat(rows).hasSize(filters.get(0).count());
        // The pcap has packets 1, 2, 5, 6 as ARP: pcap_cnt maps to our rows by packet order.
        int[] packetOfRow = {1, 2, 5, 6};
        for (var f : filters.subList(1, filters.size())) {
            int row = -1;
            for (int i = 0; i < packetOfRow.length; i++) if (String.valueOf(packetOfRow[i]).equals(f.get("pcap_cnt"))) row = i;
            ArpMessage m = rows.get(row);
            // EVE -> ours: opcode -> operation, src_mac/src_ip/dest_mac/dest_ip -> src_*/dst_*;
            // hw_type and proto_type are always ethernet/ipv4 in arp.log (only that form is logged).
            Map<String, String> ours = new HashMap<>();
            ours.put("arp.opcode", m.operationName());
            ours.put("arp.src_mac", m.srcMac());
            ours.put("arp.src_ip", m.srcIp());
            ours.put("arp.dest_mac", m.dstMac());
            ours.put("arp.dest_ip", m.dstIp());
            ours.put("arp.hw_type", "ethernet");
            ours.put("arp.proto_type", "ipv4");
            for (var e : f.match().entrySet()) {
                if (ours.containsKey(e.getKey())) assertThat(ours.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
            }
        }
    }

    @Test
    void arpBehindStackedVlanTagsIsLogged() throws Exception {
        Path dir = Corpus.file("pcap-protocols/suricata-verify/arp__detect-arp-03-vlan");
        List<ArpMessage> rows = ContentCapture.run(dir.resolve("input.pcap")).of(ArpMessage.class);
        int alerts = SuricataFilters.read(dir.resolve("test.yaml")).ofType("alert").get(0).count();
        assertThat(rows).hasSize(alerts);
        assertThat(rows).extracting(ArpMessage::vlan).containsExactly(6, 1, 1);
        assertThat(rows).allSatisfy(m -> {
            assertThat(m.srcIp()).isEqualTo("10.204.1.5");
            assertThat(m.dstIp()).isEqualTo("0.0.0.0");
            assertThat(m.operationName()).isEqualTo("request");
        });
    }

    /**
     * The capture's four ARP packets: the attacker (00:25:b3:bf:91:ee) asks for the gateway as
     * 172.16.0.105, then claims the gateway's 172.16.0.1 in a reply and a request to the victim
     * .107, while the gateway's real MAC (00:26:0b:31:07:33) is never in an ARP packet, only the
     * Ethernet source of forwarded traffic. So the poisoning shows in arp.log as one MAC claiming
     * two addresses, one of them the address it itself asked for; "one IP, two MACs" needs the
     * Ethernet addresses of IP traffic next to it (not in arp.log).
     */
    @Test
    void arpPoisoningShowsConflictingClaims() throws Exception {
        List<ArpMessage> rows = ContentCapture.run(Corpus.file("pcap-attacks/chrissanders-packets/arppoison.pcapng"))
                .of(ArpMessage.class);
        Map<String, Set<String>> ipsByMac = new TreeMap<>();
        Set<String> askedFor = new TreeSet<>();
        for (ArpMessage m : rows) {
            if (!m.srcIp().equals("0.0.0.0")) ipsByMac.computeIfAbsent(m.srcMac(), k -> new TreeSet<>()).add(m.srcIp());
            if (m.operation() == 1) askedFor.add(m.srcMac() + " asked " + m.dstIp());
        }
        assertThat(rows).hasSize(4);
        // One MAC claims two addresses, and claims the address it asked about itself.
        var claims = ipsByMac.get("00:25:b3:bf:91:ee");
        assertThat(claims).containsExactly("172.16.0.1", "172.16.0.105");
        assertThat(askedFor).contains("00:25:b3:bf:91:ee asked 172.16.0.1");
        assertThat(rows).filteredOn(m -> m.operation() == 2 && m.srcIp().equals("172.16.0.1"))
                .extracting(ArpMessage::srcMac).containsExactly("00:25:b3:bf:91:ee");
    }

    /** chrissanders arp_gratuitous and arp_resolution, as tcpdump -e prints them. */
    @Test
    void gratuitousAndResolutionCaptures() throws Exception {
        List<ArpMessage> g = ContentCapture.run(Corpus.file("pcap-protocols/chrissanders-packets/arp_gratuitous.pcapng"))
                .of(ArpMessage.class);
        assertThat(g).singleElement().satisfies(m -> {
            assertThat(m.gratuitous()).isTrue();
            assertThat(m.srcIp()).isEqualTo("24.6.125.19").isEqualTo(m.dstIp());
            assertThat(m.srcMac()).isEqualTo("00:03:47:b7:f2:f5");
        });
        List<ArpMessage> r = ContentCapture.run(Corpus.file("pcap-protocols/chrissanders-packets/arp_resolution.pcapng"))
                .of(ArpMessage.class);
        assertThat(r).extracting(ArpMessage::operationName, ArpMessage::srcIp, ArpMessage::srcMac, ArpMessage::dstIp)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("request", "192.168.0.114", "00:16:ce:6e:8b:24", "192.168.0.1"),
                        org.assertj.core.groups.Tuple.tuple("reply", "192.168.0.1", "00:13:46:0b:22:ba", "192.168.0.114"));
        assertThat(r).noneMatch(ArpMessage::gratuitous);
    }
}
