package io.sluice.protocol.dcerpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.dhcp.ContentCapture;
import io.sluice.testing.Corpus;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * DCOM's first hop, the endpoint mapper / activator on TCP 135, is identified as DCE/RPC: every
 * port-135 connection of the PCAP-ATTACK DCOM (MMC20.Application) capture that carried payload has
 * service "dce_rpc". The capture was taken on the sending host (checksum offload), so checksums are
 * not verified, as in AttackCaptureTest.
 */
@Tag("corpus")
@EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
class DcomEndpointMapperCorpusTest {

    @Test
    void port135FlowsAreDceRpc() throws Exception {
        var cap = ContentCapture.run(
                Corpus.file("pcap-attacks/pcap-attack/Lateral_Movement/LM_dcom_mmc20.application_dcerpc.pcapng"), false);
        var epm = cap.conns.stream()
                .filter(r -> "tcp".equals(r.proto()) && r.id().respP() == 135)
                .filter(r -> r.origBytes() != null && r.origBytes() > 0)
                .toList();
        assertThat(epm).isNotEmpty();
        assertThat(epm).allSatisfy(r -> assertThat(r.service()).isEqualTo("dce_rpc"));
    }
}
