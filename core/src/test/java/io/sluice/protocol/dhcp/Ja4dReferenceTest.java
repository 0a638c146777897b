package io.sluice.protocol.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testing.Corpus;
import io.sluice.testing.ZeekTsv;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * ja4d.log on FoxIO's dhcp.pcapng against their Zeek package's baseline (Scripts.ja4-dhcp/ja4d.log,
 * every field but the uid, which each tool draws its own way) and their Wireshark plugin's
 * {@code ja4.ja4d} values for the same four messages (dhcp.pcapng.wireshark.json); the DHCPv6
 * messages of FoxIO's dhcpv6.pcap against the Wireshark plugin, the one FoxIO implementation of JA4D
 * for DHCPv6 (the Zeek package has no DHCPv6 and no baseline for it; the python and rust test data
 * of both captures hold no JA4D at all, which is checked so that a JA4D there is not missed).
 */
@Tag("corpus")
@EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
class Ja4dReferenceTest {

    @Test
    void everyMessageAsTheZeekPackageAndWiresharkFingerprintIt() throws Exception {
        var cap = ContentCapture.run(Corpus.file("fingerprints/ja4/dhcp.pcapng"), false);
        List<Ja4dFingerprint> ours = cap.content.stream().filter(Ja4dFingerprint.class::isInstance)
                .map(Ja4dFingerprint.class::cast).toList();
        var baseline = ZeekTsv.read(Corpus.file("fingerprints/ja4/zeek-baselines/Scripts.ja4-dhcp/ja4d.log"));
        assertThat(ours).hasSize(baseline.size());
        for (int i = 0; i < ours.size(); i++) {
            var r = baseline.get(i);
            var f = ours.get(i);
            assertThat(String.format("%d.%06d", f.tsNanos() / 1_000_000_000L, f.tsNanos() / 1_000 % 1_000_000))
                    .isEqualTo(r.get("ts"));
            assertThat(f.id().origH()).isEqualTo(r.get("id.orig_h"));
            assertThat(f.id().respH()).isEqualTo(r.get("id.resp_h"));
            assertThat(f.ja4d()).isEqualTo(r.get("ja4d"));
            assertThat(f.clientMac()).isEqualTo(r.get("client_mac"));
            assertThat(f.requestedIp() == null ? "-" : f.requestedIp()).isEqualTo(r.get("requested_ip"));
            assertThat(f.vendorClassId() == null ? "(empty)" : f.vendorClassId()).isEqualTo(r.get("vendor_class_id"));
            assertThat(f.hostname() == null ? "(empty)" : f.hostname()).isEqualTo(r.get("hostname"));
        }
        // the Wireshark plugin: its ja4.ja4d values, in frame order
        var wireshark = new java.util.ArrayList<String>();
        collect(new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                Corpus.file("fingerprints/ja4/dhcp.pcapng.wireshark.json").toFile()), wireshark);
        assertThat(wireshark).hasSize(4);
        assertThat(ours).extracting(Ja4dFingerprint::ja4d).containsExactlyElementsOf(wireshark);
    }

    @Test
    void everyDhcpv6MessageAsTheWiresharkPluginFingerprintsIt() throws Exception {
        var cap = ContentCapture.run(Corpus.file("fingerprints/ja4/dhcpv6.pcap"), false);
        List<Ja4dFingerprint> ours = cap.of(Ja4dFingerprint.class);
        var wireshark = new java.util.ArrayList<String>();
        collect(new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                Corpus.file("fingerprints/ja4/dhcpv6.pcap.wireshark.json").toFile()), wireshark);
        assertThat(wireshark).containsExactly("solct0014nn_1-6-8-25_23-24", "advrt0014nn_25-26-1-2_00",
                "reqst0014nn_1-2-6-8-25-26_23-24", "reply0014nn_25-26-1-2_00", "relse0014nn_1-2-6-8-25-26_23-24",
                "reply0014nn_1-2-13_00");
        // frames 2, 5, 7, 8, 11 and 12, in capture order
        assertThat(ours).extracting(Ja4dFingerprint::ja4d).containsExactlyElementsOf(wireshark);
        // each row under its connection's uid and id, at the connection's start, as the DHCPv4 rows
        assertThat(ours).allSatisfy(f -> {
            assertThat(cap.conns).anySatisfy(c -> {
                assertThat(c.uid()).isEqualTo(f.uid());
                assertThat(c.id()).isEqualTo(f.id());
                assertThat(c.tsNanos()).isEqualTo(f.tsNanos());
            });
            assertThat(f.clientMac()).isEqualTo("08:00:27:fe:8f:95");
        });
        for (String other : List.of("dhcpv6.pcap.python.json", "dhcpv6.pcap.rust.snap", "dhcp.pcapng.python.json",
                "dhcp.pcapng.rust.snap")) {
            assertThat(java.nio.file.Files.readString(Corpus.file("fingerprints/ja4/" + other)).toLowerCase())
                    .as(other).doesNotContain("ja4d");
        }
    }

    private static void collect(com.fasterxml.jackson.databind.JsonNode node, List<String> out) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("ja4.ja4d")) e.getValue().forEach(v -> out.add(v.asText()));
                else collect(e.getValue(), out);
            });
        } else if (node.isArray()) {
            node.forEach(n -> collect(n, out));
        }
    }
}
