package io.sluice.protocol.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.event.FlowRecord;
import io.sluice.protocol.dhcp.ContentCapture;
import io.sluice.protocol.tls.TlsHandshake;
import io.sluice.testing.Corpus;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * FoxIO's https-connect.pcap: HTTPS through a proxy's CONNECT on port 8080. The TLS handshake inside
 * the tunnel is dissected; its JA3 is the one Wireshark 4.0 computes for the same ClientHello
 * ({@code tshark -Y tls.handshake.type==1 -T fields -e tls.handshake.ja3}). No Zeek baseline exists.
 */
@Tag("corpus")
@EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
class HttpConnectTunnelCorpusTest {

    @Test
    void theTlsInsideAConnectTunnelIsDissected() throws Exception {
        var cap = ContentCapture.run(Corpus.file("fingerprints/ja4/https-connect.pcap"), false);
        assertThat(cap.content).filteredOn(HttpTransaction.class::isInstance).map(HttpTransaction.class::cast)
                .singleElement().satisfies(t -> {
                    assertThat(t.method()).isEqualTo("CONNECT");
                    assertThat(t.statusCode()).isEqualTo(200L);
                });
        assertThat(cap.content).filteredOn(TlsHandshake.class::isInstance).map(TlsHandshake.class::cast)
                .singleElement().satisfies(h -> {
                    assertThat(h.ja3()).isEqualTo("b288289af2999820648eb3ca4d8304c5");
                    assertThat(h.id().respP()).isEqualTo(8080);
                });
        assertThat(cap.conns).extracting(FlowRecord::service).containsExactly("http,ssl");
    }
}
