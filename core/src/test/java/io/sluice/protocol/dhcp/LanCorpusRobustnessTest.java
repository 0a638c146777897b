package io.sluice.protocol.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.CaptureConversations;
import io.sluice.protocol.ProtocolSignature;
import io.sluice.protocol.RecordingContext;
import io.sluice.protocol.ntp.NtpProtocol;
import io.sluice.protocol.snmp.SnmpProtocol;
import io.sluice.testing.Corpus;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Datagrams of the DHCP, DHCPv6, NTP and SNMP corpus captures, mutated (bytes overwritten, cut
 * short), fed to every LAN dissector: none throws, and each emits at most one event per datagram
 * (SNMP: one per connection).
 */
@Tag("corpus")
@EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
class LanCorpusRobustnessTest {
    static final List<String> CAPTURES = List.of(
            "pcap-protocols/zeek/dhcp.dhcp-all-msg-types/dhcp.pcap",
            "pcap-protocols/suricata-verify/dhcp-eve-extended/input.pcap",
            "pcap-protocols/tcpdump/dhcpv6-ia-na.pcap",
            "pcap-protocols/tcpdump/dhcp-rfc3004.pcap",
            "pcap-protocols/suricata-verify/ntp-keywords/input.pcap",
            "pcap-protocols/zeek/snmp.v3/snmpv3_get_next.pcap",
            "pcap-protocols/suricata-verify/snmp-v2c-get/SNMPv2c_get_requests.pcap");
    static final List<ProtocolSignature> SIGNATURES = List.of(
            DhcpProtocol.SIGNATURE, DhcpProtocol.SIGNATURE_V6, NtpProtocol.SIGNATURE, SnmpProtocol.SIGNATURE);

    static List<byte[]> datagrams() {
        List<byte[]> out = new ArrayList<>();
        try {
            for (String c : CAPTURES) {
                for (var conv : CaptureConversations.read(Corpus.file(c))) {
                    for (var chunk : conv.chunks()) out.add(chunk.bytes());
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** Seeded, so a failure reproduces; 3,000 mutations over all datagrams and signatures. */
    @Test
    void mutatedCorpusDatagramsNeverThrow() {
        List<byte[]> base = datagrams();
        assertThat(base).hasSizeGreaterThan(20);
        var random = new Random(4);
        for (int round = 0; round < 3_000; round++) {
            byte[] b = base.get(random.nextInt(base.size())).clone();
            int changes = random.nextInt(9);
            for (int i = 0; i < changes && b.length > 0; i++) b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            if (random.nextInt(3) == 0) b = Arrays.copyOf(b, random.nextInt(b.length + 1));
            for (ProtocolSignature s : SIGNATURES) {
                var ctx = RecordingContext.udp("10.0.0.1", 68, "10.0.0.2", 67);
                s.matches(true, ByteBuffer.wrap(b), 0, b.length, 68, 67);
                var d = s.create();
                d.onData(true, ByteBuffer.wrap(b), 0, b.length, ctx);
                d.onData(false, ByteBuffer.wrap(b), 0, b.length, ctx);
                d.onEnd(ctx);
                // at most one row a datagram, and for DHCP its JA4D row besides
                assertThat(ctx.events.stream().filter(e -> !(e instanceof Ja4dFingerprint)).count()).as(s.name())
                        .isLessThanOrEqualTo(2);
                assertThat(ctx.eventsOf(Ja4dFingerprint.class).size()).as(s.name()).isLessThanOrEqualTo(2);
            }
        }
    }
}
