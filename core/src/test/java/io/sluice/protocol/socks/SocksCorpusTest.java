package io.sluice.protocol.socks;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.event.ConnId;
import io.sluice.event.FlowRecord;
import io.sluice.event.TunnelEvent;
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
 *
 * <p>Their tunnel.log rows are Zeek's SOCKS script's (base/protocols/socks/main.zeek,
 * base/frameworks/tunnels/main.zeek), with the addresses, ports and times read from the same
 * captures by tshark 4.0 ({@code tshark -r FILE -d tcp.port==9901,socks -Y socks -T fields
 * -e frame.number -e frame.time_epoch -e ip.src -e tcp.srcport -e ip.dst -e tcp.dstport}).
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

    @Test
    void threeConnectionsOfOneClientToOneProxyAreOneSocksTunnel() throws Exception {
        var cap = ContentCapture.run(Corpus.file("fingerprints/ja4/socks-https-example.pcap"), false);
        // tshark: 10.180.156.185 sends its SOCKS 4 request from port 53554 (frame 4, 1386004472.573400),
        // SOCKS 4a from 53555 (frame 34, 1386004475.692255) and SOCKS 5 from 53556 (frame 68,
        // 1386004480.854278), all to 10.180.156.249:1080: one tunnel, discovered at the first request
        // and still active at the end of the capture (no EXPIRE: Zeek does not expire at shutdown).
        assertThat(cap.tunnels).singleElement().satisfies(t -> {
            assertThat(t.tsNanos()).isEqualTo(1_386_004_472_573_400_000L);
            assertThat(t.uid()).isNull();
            assertThat(t.id()).isEqualTo(new ConnId("10.180.156.185", 0, "10.180.156.249", 1080));
            assertThat(t.tunnelType()).isEqualTo("Tunnel::SOCKS");
            assertThat(t.action()).isEqualTo("Tunnel::DISCOVER");
        });
    }

    @Test
    void aSocks4aTunnelOffPort1080IsDiscoveredAtTheProxysAnswer() throws Exception {
        var cap = ContentCapture.run(Corpus.file("fingerprints/ja4/socks4-https.pcap"), false);
        // tshark: the request from 10.0.0.1:50606 to 10.0.0.2:9901 is frame 4 (1415053641.155222), the
        // proxy's answer frame 6 (1415053641.545605). Zeek enables its SOCKS analyzer off port 1080
        // when the answer matches dpd_socks4_server, and the replayed request registers the tunnel then.
        assertThat(cap.tunnels).extracting(TunnelEvent::action).containsExactly("Tunnel::DISCOVER");
        TunnelEvent t = cap.tunnels.get(0);
        assertThat(t.tsNanos()).isEqualTo(1_415_053_641_545_605_000L);
        assertThat(t.uid()).isNull();
        assertThat(t.id()).isEqualTo(new ConnId("10.0.0.1", 0, "10.0.0.2", 9901));
        assertThat(t.tunnelType()).isEqualTo("Tunnel::SOCKS");
    }
}
