package io.sluice.protocol.rdp;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.asn1.PipelineLogs;
import io.sluice.protocol.tls.TlsHandshake;
import io.sluice.testing.Corpus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * rdp.log (and the ssl.log of the TLS hand-over) from corpus captures through the real pipeline:
 * Zeek's rdp.rdp-to-ssl baselines field by field (ts and uid are masked there), suricata-verify
 * output-eve-rdp-01 and the PCAP-ATTACK SharpRDP capture.
 */
@Tag("corpus")
@EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
class RdpCorpusTest {

    /** Every field Zeek logs, except the masked ts and uid, for rows matched in order. */
    static List<String> differences(List<Map<String, String>> zeek, List<Map<String, String>> ours) {
        var diffs = new ArrayList<String>();
        if (zeek.size() != ours.size()) diffs.add("rows: Zeek " + zeek.size() + ", Sluice " + ours.size());
        for (int i = 0; i < Math.min(zeek.size(), ours.size()); i++) {
            for (var e : zeek.get(i).entrySet()) {
                if (e.getKey().equals("ts") || e.getKey().equals("uid")) continue;
                String have = ours.get(i).get(e.getKey());
                if (!e.getValue().equals(have)) diffs.add("row " + i + " " + e.getKey() + ": Zeek " + e.getValue() + ", Sluice " + have);
            }
        }
        return diffs;
    }

    @Test
    void rdpToSslMatchesZeekFieldByField() throws Exception {
        var dir = Corpus.file("pcap-protocols/zeek/rdp.rdp-to-ssl");
        var run = PipelineLogs.run(dir.resolve("rdp-to-ssl.pcap"));
        var rdp = PipelineLogs.render(run.of(RdpSession.class));
        assertThat(differences(PipelineLogs.readZeek(dir.resolve("baseline/rdp.log")), rdp)).isEmpty();
        // the TLS dissector took the stream over after the X.224 exchange
        var ssl = PipelineLogs.render(run.of(TlsHandshake.class));
        assertThat(differences(PipelineLogs.readZeek(dir.resolve("baseline/ssl.log")), ssl)).isEmpty();
        assertThat(rdp).allSatisfy(r -> assertThat(r.get("requested_protocols")).isEqualTo("SSL,HYBRID"));
        assertThat(run.conns()).allSatisfy(c -> assertThat(c.service()).isEqualTo("rdp,ssl"));
    }

    /**
     * Suricata logs four rdp events for this classic-security connection (connect request, connect
     * response, client data, server data; {@code count: 4, has-key: community_id}); Sluice writes
     * them as one rdp.log row. Its values were checked against Wireshark's dissection of the same
     * packets (cookie, client data, server security data "56-bit RC4 (Client Compatible)").
     */
    @Test
    void classicRdpSecurityFromSuricataVerify() throws Exception {
        var run = PipelineLogs.run(Corpus.file("pcap-protocols/suricata-verify/output-eve-rdp-01/RDP-003.pcap"));
        assertThat(run.of(RdpSession.class)).singleElement().satisfies(r -> {
            assertThat(r.cookie()).isEqualTo("A70067");
            assertThat(r.result()).isEqualTo("Success");
            assertThat(r.securityProtocol()).isNull();
            assertThat(r.clientChannels()).containsExactly("rdpdr", "cliprdr", "rdpsnd");
            assertThat(r.keyboardLayout()).isEqualTo("English - United States");
            assertThat(r.clientBuild()).isEqualTo("RDP 5.1");
            assertThat(r.clientName()).isEqualTo("ISD2-KM84178");
            assertThat(r.clientDigProductId()).isEqualTo("55274-OEM-0011903-00107");
            assertThat(r.desktopWidth()).isEqualTo(1152L);
            assertThat(r.desktopHeight()).isEqualTo(864L);
            assertThat(r.requestedColorDepth()).isEqualTo("15bit");
            assertThat(r.certType()).isEqualTo("RSA");
            assertThat(r.certCount()).isEqualTo(1);
            assertThat(r.certPermanent()).isTrue();
            assertThat(r.encryptionMethod()).isEqualTo("56bit");
            assertThat(r.encryptionLevel()).isEqualTo("Client compatible");
        });
    }

    /** SharpRDP lateral movement: RDP sessions as IEUser, negotiated to CredSSP (HYBRID_EX) inside TLS. */
    @Test
    void sharpRdpLateralMovement() throws Exception {
        var run = PipelineLogs.run(Corpus.file("pcap-attacks/pcap-attack/Lateral_Movement/LM_rdp_sharprdp.pcapng"), false);
        var rows = run.of(RdpSession.class);
        assertThat(rows).hasSize(2).allSatisfy(r -> {
            assertThat(r.cookie()).isEqualTo("IEUser");
            assertThat(r.securityProtocol()).isEqualTo("HYBRID_EX");
            assertThat(r.result()).isEqualTo("encrypted");
            assertThat(r.id().respP()).isEqualTo(3389);
        });
        assertThat(run.of(TlsHandshake.class)).hasSize(2);
    }
}
