package io.sluice.protocol.ntp;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.dhcp.ContentCapture;
import io.sluice.protocol.dhcp.SuricataFilters;
import io.sluice.testing.Corpus;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * ntp.log against suricata-verify ntp-keywords: every {@code event_type: ntp} filter's count,
 * mapping EVE -> ours: ntp.version -> version, ntp.stratum -> stratum, ntp.mode -> mode,
 * ntp.reference_id (hex bytes) -> the raw reference id (ref_id renders it as Zeek does: an address
 * from stratum 2 on). The conn service "ntp" is checked against Zeek in ZeekConnConformanceTest.
 */
@Tag("corpus")
@EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
class NtpCorpusTest {

    @Test
    void matchesSuricataNtpKeywords() throws Exception {
        Path dir = Corpus.file("pcap-protocols/suricata-verify/ntp-keywords");
        List<NtpMessage> rows = ContentCapture.run(dir.resolve("input.pcap")).of(NtpMessage.class);
        var filters = SuricataFilters.read(dir.resolve("test.yaml")).ofType("ntp");
        assertThat(filters).hasSizeGreaterThan(5);
        for (var f : filters) {
            long n = rows.stream().filter(m -> {
                Map<String, String> ours = new HashMap<>();
                ours.put("ntp.version", Integer.toString(m.version()));
                ours.put("ntp.stratum", String.valueOf(m.stratum()));
                ours.put("ntp.mode", Integer.toString(m.mode()));
                ours.put("ntp.reference_id", hex(m.refIdBits()));
                ours.put("event_type", "ntp");
                return f.match().entrySet().stream().allMatch(e -> e.getValue().equals(ours.get(e.getKey())));
            }).count();
            assertThat(n).as(f.match().toString()).isEqualTo(f.count());
        }
        assertThat(rows).filteredOn(m -> m.stratum() == 2).extracting(NtpMessage::refId).containsOnly("76.79.67.76");
    }

    private static String hex(int v) {
        return String.format("%02x:%02x:%02x:%02x", v >>> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff);
    }
}
