package io.sluice.protocol.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.event.LogDirectory;
import io.sluice.event.LogFormat;
import io.sluice.testing.Corpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * dns.log rows against Zeek's btest baselines, field by field, every field of the baseline's
 * {@code #fields} line except {@code ts} and {@code uid} (masked or run-specific there). Our rows
 * go through the real Zeek TSV writer, so the comparison covers formatting (intervals, vectors,
 * escaping) as well as values. Our extra {@code original_query} comes after Zeek's fields.
 *
 * <p>Captures are read by {@link DnsCapture} the way Zeek read them: {@code dns.spf} and
 * {@code core.tunnels.gre} ran without {@code -C}, so packets with bad checksums are dropped (the
 * query of dns-spf.pcap has a bad IP and UDP checksum, which is why Zeek logs that row without
 * qclass, qtype or rtt); {@code dns.dnskey} ran with {@code -C}. The GRE trace's DNS is inside the
 * tunnel and is decoded as the inner flow, as Zeek does.
 */
@Tag("corpus")
@EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
class DnsZeekConformanceTest {
    private static final List<String> UNCOMPARED = List.of("ts", "uid");

    @TempDir
    Path tmp;

    @Test
    void dnskey() throws Exception {
        compare("pcap-protocols/zeek/dns.dnskey/dnskey.pcap", false, "pcap-protocols/zeek/dns.dnskey/baseline/dns.log");
    }

    @Test
    void spf() throws Exception {
        compare("pcap-protocols/zeek/dns.spf/dns-spf.pcap", true, "pcap-protocols/zeek/dns.spf/baseline/dns.log");
    }

    @Test
    void dnsInsideAGreTunnel() throws Exception {
        compare("pcap-protocols/zeek/core.tunnels.gre/gre-sample.pcap", true,
                "pcap-protocols/zeek/core.tunnels.gre/baseline/dns.log");
    }

    private void compare(String capture, boolean dropBadChecksums, String baseline) throws Exception {
        var expected = ZeekLogRows.read(Corpus.file(baseline));
        List<String> ours = new ArrayList<>();
        for (var f : DnsTransaction.SCHEMA.fields()) ours.add(f.name());
        assertThat(ours.subList(0, expected.fields().size()))
                .as("our dns.log starts with Zeek's fields in Zeek's order").isEqualTo(expected.fields());

        var actual = ZeekLogRows.read(writeOurs(capture, dropBadChecksums));
        assertThat(actual.rows()).as("rows of %s", capture).hasSameSizeAs(expected.rows());
        for (int i = 0; i < expected.rows().size(); i++) {
            Map<String, String> want = expected.rows().get(i);
            Map<String, String> got = actual.rows().get(i);
            for (String field : expected.fields()) {
                if (UNCOMPARED.contains(field)) continue;
                assertThat(got.get(field)).as("%s row %d field %s", capture, i, field).isEqualTo(want.get(field));
            }
        }
    }

    private Path writeOurs(String capture, boolean dropBadChecksums) throws Exception {
        Path dir = tmp.resolve(Path.of(capture).getFileName().toString());
        try (var logs = new LogDirectory(dir, LogFormat.ZEEK, 0)) {
            logs.ensure(DnsTransaction.SCHEMA);
            for (var conv : DnsCapture.read(Corpus.file(capture), dropBadChecksums)) {
                var sig = DnsProtocol.SIGNATURE;
                var first = conv.items().stream().filter(i -> i.bytes() != null).findFirst();
                if (first.isEmpty()) continue;
                byte[] b = first.get().bytes();
                if (!sig.matches(first.get().fromOrig(), java.nio.ByteBuffer.wrap(b), 0, b.length,
                        conv.id().origP(), conv.id().respP())) continue;
                var ctx = conv.replay((DnsDissector) sig.create());
                for (DnsTransaction t : ctx.eventsOf(DnsTransaction.class)) logs.write(t);
            }
        }
        return dir.resolve("dns.log");
    }

    /** A Zeek TSV log read into rows of field name to text. */
    record ZeekLogRows(List<String> fields, List<Map<String, String>> rows) {
        static ZeekLogRows read(Path file) throws Exception {
            List<String> fields = List.of();
            List<Map<String, String>> rows = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith("#fields\t")) {
                    fields = List.of(line.substring(8).split("\t"));
                    continue;
                }
                if (line.startsWith("#") || line.isBlank()) continue;
                String[] v = line.split("\t", -1);
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < fields.size() && i < v.length; i++) row.put(fields.get(i), v[i]);
                rows.add(row);
            }
            return new ZeekLogRows(fields, rows);
        }
    }
}
