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
 * {@code ja4.ja4d} values for the same four messages (dhcp.pcapng.wireshark.json).
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
