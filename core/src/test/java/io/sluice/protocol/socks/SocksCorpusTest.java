package io.sluice.protocol.socks;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.event.FlowRecord;
import io.sluice.protocol.dhcp.ContentCapture;
import io.sluice.protocol.tls.TlsHandshake;
import io.sluice.testing.Corpus;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The two SOCKS captures of the JA4 corpus (FoxIO), against what Wireshark 4.0 decodes from the same
 * bytes ({@code tshark -V}; port 9901 decoded as SOCKS): requests, replies, and the TLS session
 * each proxy relayed, which now shows in ssl.log through SOCKS rather than by a lucky guess on the
 * proxy connection's bytes. No Zeek baseline exists for them.
 */
@Tag("corpus")
@EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
class SocksCorpusTest {

    @Test
    void socks4Socks4aAndSocks5ToOneProxy() throws Exception {
        // Checksums are offloaded in this capture (tshark -V shows the bad ones): read as zeek -C.
        var cap = ContentCapture.run(Corpus.file("fingerprints/ja4/socks-https-example.pcap"), false);
        var rows = cap.content.stream().filter(SocksRequest.class::isInstance).map(SocksRequest.class::cast).toList();
        assertThat(rows).extracting(SocksRequest::version).containsExactly(4, 4, 5);
        assertThat(rows).extracting(SocksRequest::requestHost).containsExactly("93.184.216.119", null, "93.184.216.119");
        assertThat(rows).extracting(SocksRequest::requestName).containsExactly(null, "www.example.com", null);
        assertThat(rows).extracting(SocksRequest::requestPort).containsOnly(443);
        assertThat(rows).extracting(SocksRequest::status).containsOnly("succeeded");
        assertThat(rows).extracting(SocksRequest::boundHost).containsOnly("10.180.156.249");
        assertThat(rows).extracting(SocksRequest::boundPort).containsExactly(39348, 39349, 39350);
        assertThat(cap.conns).filteredOn(c -> c.id().respP() == 1080).extracting(FlowRecord::service)
                .containsOnly("socks,ssl");
        assertThat(cap.content).filteredOn(TlsHandshake.class::isInstance).map(TlsHandshake.class::cast)
                .extracting(TlsHandshake::serverName).containsOnly("www.example.com").hasSize(3);
    }

    @Test
    void socks4aOnAnUnusualPortWithItsClientHelloLost() throws Exception {
        var cap = ContentCapture.run(Corpus.file("fingerprints/ja4/socks4-https.pcap"), false);
        var rows = cap.content.stream().filter(SocksRequest.class::isInstance).map(SocksRequest.class::cast).toList();
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.version()).isEqualTo(4);
            assertThat(r.requestName()).isEqualTo("login.live.com");
            assertThat(r.requestPort()).isEqualTo(443);
            assertThat(r.boundHost()).isEqualTo("131.253.61.80");
            assertThat(r.boundPort()).isEqualTo(443);
        });
        // The ClientHello was not captured; the relayed TLS is found on the ServerHello that follows.
        assertThat(cap.conns).extracting(FlowRecord::service).contains("socks,ssl");
    }
}
