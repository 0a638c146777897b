package io.sluice.protocol.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testing.Corpus;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Real DNS traffic from the corpus, whole and mutated: DNSSEC, zone transfers over TCP, a DNS
 * tunnel over TXT, and the SIGRed exploit (CVE-2020-1350: oversized SIG records over TCP with
 * crafted compression). Nothing throws, weirds stay within the per-message bound, rows have the
 * fields Zeek always sets. The response lines of tcpdump's expected outputs cross-check
 * transaction ids, answer counts and addresses.
 */
@Tag("corpus")
@EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
class DnsCorpusRobustnessTest {
    private static final List<String> CAPTURES = List.of(
            "pcap-protocols/tcpdump/dns_tcp.pcap",
            "pcap-protocols/tcpdump/dns_udp.pcap",
            "pcap-protocols/tcpdump/dnssec.pcap",
            "pcap-attacks/chrissanders-packets/dns_axfr.pcapng",
            "pcap-protocols/chrissanders-packets/dns_tcp.pcapng",
            "pcap-protocols/chrissanders-packets/dns_query_response.pcapng",
            "pcap-attacks/pcap-attack/Lateral_Movement/Exploit_DoS_cve-2020-1350_dns_sig_maxspl0it.pcapng",
            "pcap-attacks/pcap-attack/Command_and_Control/cmds_over_dns_txt_queries_and_reponses.pcap",
            "pcap-protocols/suricata-verify/dns__v2__bug-1158/input.pcap",
            "pcap-protocols/zeek/dns.dnskey/dnskey.pcap");

    @Test
    void wholeCapturesParse() throws Exception {
        int rows = 0;
        for (String capture : CAPTURES) {
            for (var conv : DnsCapture.read(Corpus.file(capture), false)) {
                if (!dnsPort(conv)) continue;
                var ctx = conv.replay(new DnsDissector());
                for (DnsTransaction t : ctx.eventsOf(DnsTransaction.class)) {
                    assertThat(t.uid()).isEqualTo(ctx.uid());
                    assertThat(t.opcodeName()).isNotNull();
                    if (t.answers() != null) assertThat(t.answers()).hasSameSizeAs(t.ttls());
                    rows++;
                }
            }
        }
        assertThat(rows).isGreaterThan(150);
    }

    @Test
    void mutatedPayloadsNeverThrow() throws Exception {
        var random = new Random(1350);
        for (String capture : CAPTURES) {
            for (var conv : DnsCapture.read(Corpus.file(capture), false)) {
                if (!dnsPort(conv)) continue;
                for (int round = 0; round < 5; round++) {
                    var items = new ArrayList<DnsCapture.Item>();
                    for (var i : conv.items()) {
                        if (i.bytes() == null || i.bytes().length == 0) {
                            items.add(i);
                            continue;
                        }
                        byte[] b = i.bytes().clone();
                        for (int k = random.nextInt(4); k >= 0; k--) b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                        int len = random.nextInt(8) == 0 ? random.nextInt(b.length + 1) : b.length;
                        items.add(new DnsCapture.Item(i.tsNanos(), i.fromOrig(), java.util.Arrays.copyOf(b, len), 0));
                    }
                    var ctx = new DnsCapture.Conversation(conv.id(), conv.proto(), items).replay(new DnsDissector());
                    assertThat(ctx.weirds.size()).isLessThanOrEqualTo(items.size() * 4 * DnsMessageParser.MAX_WEIRDS_PER_MESSAGE);
                    for (var b : items) {
                        if (b.bytes() != null) DnsProtocol.SIGNATURE.matches(b.fromOrig(), ByteBuffer.wrap(b.bytes()), 0,
                                b.bytes().length, conv.id().origP(), conv.id().respP());
                    }
                }
            }
        }
    }

    /** Response lines of tcpdump -v: "ID<flags> [q: TYPE? name. ]an/ns/ar owner. TYPE data, ...". */
    private static final Pattern RESPONSE = Pattern.compile(
            " (\\d+)[*$|-]* (?:q: ([A-Z0-9]+)\\? (\\S+)\\. )?(\\d+)/(\\d+)/(\\d+) (.*?)(?: ns: .*| ar: .*| \\(\\d+\\))?$");

    @Test
    void agreesWithTcpdumpOnIdsAnswerCountsAndAddresses() throws Exception {
        String[][] pairs = {
            {"pcap-protocols/tcpdump/dns_udp.pcap", "pcap-protocols/tcpdump/dns_udp-v.out"},
            {"pcap-protocols/tcpdump/dns_tcp.pcap", "pcap-protocols/tcpdump/dns_tcp-v.out"},
            {"pcap-protocols/tcpdump/dnssec.pcap", "pcap-protocols/tcpdump/dnssec-vv.out"},
        };
        int checked = 0;
        for (String[] pair : pairs) {
            var rows = new ArrayList<DnsTransaction>();
            for (var conv : DnsCapture.read(Corpus.file(pair[0]), false)) {
                rows.addAll(conv.replay(new DnsDissector()).eventsOf(DnsTransaction.class));
            }
            for (String line : Files.readAllLines(Corpus.file(pair[1]))) {
                var m = RESPONSE.matcher(line);
                if (!m.find()) continue;
                int id = Integer.parseInt(m.group(1));
                var row = rows.stream().filter(r -> r.transId() == id).findFirst().orElseThrow();
                if (m.group(2) != null) {
                    assertThat(row.qtypeName()).isEqualTo(m.group(2));
                    assertThat(row.query()).isEqualTo(m.group(3));
                }
                int answers = Integer.parseInt(m.group(4));
                assertThat(row.answers()).as("%s id %d", pair[0], id).hasSize(answers);
                var addresses = Pattern.compile(" A (\\d+\\.\\d+\\.\\d+\\.\\d+)").matcher(m.group(7));
                while (addresses.find()) assertThat(row.answers()).contains(addresses.group(1));
                checked++;
            }
        }
        assertThat(checked).isEqualTo(5);
    }

    private static boolean dnsPort(DnsCapture.Conversation c) {
        return DnsProtocol.SIGNATURE.standardPort(c.id().respP()) || DnsProtocol.SIGNATURE.standardPort(c.id().origP());
    }
}
