package io.sluice.protocol.quic;

import io.sluice.testing.ZeekTsv;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.event.FlowRecord;
import io.sluice.testing.Corpus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * quic.log, ssl.log and conn.log's history and service against Zeek's baselines, field by field,
 * through our Zeek TSV writer, with the captures run through the real pipeline:
 *
 * <ul>
 *   <li>pcap-protocols/zeek/quic.chromium (Zeek's scripts.base.protocols.quic.chromium btest);
 *   <li>fingerprints/ja4/zeek-baselines/Scripts.ja4-conn-quic/conn.log (FoxIO's Zeek package on
 *       chrome-cloudflare-quic-with-secrets.pcapng): the QUIC connection's service "quic,ssl".
 * </ul>
 * ts and uid are masked in the baselines. Our quic.log has two more columns (ja4, ja4s), appended
 * after Zeek's, and our ssl.log six more (ja3, ja3s, ja4, ja4s, subject, issuer); only Zeek's
 * columns are compared. No differences remain.
 */
@Tag("corpus")
@EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
class QuicZeekConformanceTest {
    static final String CHROMIUM = "pcap-protocols/zeek/quic.chromium/";

    @Test
    void chromiumQuicLogMatchesZeek() throws Exception {
        var run = QuicCapture.run(Corpus.file(CHROMIUM + "chromium-115.0.5790.110-api-cirrus-com.pcap"));
        compare(ZeekTsv.read(Corpus.file(CHROMIUM + "baseline/quic.log")), ZeekTsv.render(run.quic()));
    }

    @Test
    void chromiumSslLogMatchesZeek() throws Exception {
        var run = QuicCapture.run(Corpus.file(CHROMIUM + "chromium-115.0.5790.110-api-cirrus-com.pcap"));
        compare(ZeekTsv.read(Corpus.file(CHROMIUM + "baseline/ssl.log")), ZeekTsv.render(run.ssl()));
    }

    @Test
    void chromiumConnHistoryAndServiceMatchZeek() throws Exception {
        var run = QuicCapture.run(Corpus.file(CHROMIUM + "chromium-115.0.5790.110-api-cirrus-com.pcap"));
        var expected = cut(Corpus.file(CHROMIUM + "baseline/conn.log.cut"));
        assertThat(run.conns()).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            FlowRecord r = run.conns().get(i);
            assertThat(r.history()).isEqualTo(expected.get(i).get("history"));
            assertThat(r.service()).isEqualTo(expected.get(i).get("service"));
        }
    }

    @Test
    void ja4PackageConnServiceMatchesOnChromeCloudflare() throws Exception {
        // FoxIO's btest runs Zeek with -C: the capture's checksums were left to the NIC
        var run = QuicCapture.run(Corpus.file("fingerprints/ja4/chrome-cloudflare-quic-with-secrets.pcapng"), false);
        var expected = ZeekTsv.read(Corpus.file("fingerprints/ja4/zeek-baselines/Scripts.ja4-conn-quic/conn.log"));
        int compared = 0;
        for (var row : expected) {
            for (FlowRecord r : run.conns()) {
                if (r.id().origP() != Integer.parseInt(row.get("id.orig_p"))) continue;
                assertThat(r.service()).as("service of %s", row.get("id.orig_p")).isEqualTo(row.get("service"));
                assertThat(r.history()).as("history of %s", row.get("id.orig_p")).isEqualTo(row.get("history"));
                compared++;
            }
        }
        assertThat(compared).isEqualTo(expected.size());
        // the QUIC connection's own rows
        QuicConnection q = run.quic().get(0);
        assertThat(q.serverName()).isEqualTo("cloudflare-quic.com");
        assertThat(q.clientProtocol()).isEqualTo("h3");
    }

    /** zeek-cut -m output: a header line of field names, then rows. */
    static List<Map<String, String>> cut(Path file) throws java.io.IOException {
        var rows = new java.util.ArrayList<Map<String, String>>();
        String[] names = null;
        for (String line : java.nio.file.Files.readAllLines(file)) {
            if (line.startsWith("#") || line.isBlank()) continue;
            String[] v = line.split("\t", -1);
            if (names == null) {
                names = v;
                continue;
            }
            var row = new java.util.LinkedHashMap<String, String>();
            for (int i = 0; i < names.length && i < v.length; i++) row.put(names[i], v[i]);
            rows.add(row);
        }
        return rows;
    }

    /** Every column of the baseline except the masked ts and uid, row by row. */
    static void compare(List<Map<String, String>> expected, List<Map<String, String>> ours) {
        assertThat(ours).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            for (var field : expected.get(i).entrySet()) {
                if (field.getKey().equals("ts") || field.getKey().equals("uid")) continue;
                assertThat(ours.get(i).get(field.getKey())).as("row %d %s", i, field.getKey()).isEqualTo(field.getValue());
            }
        }
    }
}
