package io.sluice.detect.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.detect.TestEvents;
import io.sluice.event.ConnId;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.protocol.http.HttpTransaction;
import io.sluice.protocol.socks.SocksRequest;
import io.sluice.protocol.tls.TlsHandshake;
import io.sluice.testing.CraftedSessions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProxyChannelDetectorTest {
    private static final ProxyChannelDetector DETECTOR = new ProxyChannelDetector(ProxyChannelDetector.Config.DEFAULTS);
    private static final String HOST = "10.0.0.5";

    private static List<String> ids(Alert a) {
        return a.techniques().stream().map(Technique::id).toList();
    }

    static TlsHandshake tls(String uid, double at, String dst, int port, String sni, String subject, String issuer) {
        return new TlsHandshake(TestEvents.t(at), uid, new ConnId(HOST, 50_100, dst, port), "TLSv12",
                "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "x25519", sni, false, null, null, true, "CsxknGIi", List.of(),
                List.of(), null, null, null, null, null, subject, issuer, null, null);
    }

    /** An HTTP CONNECT crafted frame by frame and dissected by the real pipeline, to a proxy on the internet. */
    @Test
    void aConnectTunnelOpenedByAnOutsideHostIsAnExternalProxy(@TempDir Path dir) {
        var events = new CraftedCapture().request(HOST, 50_200, "81.2.69.160", 8080,
                "CONNECT c2.example.org:443 HTTP/1.1\r\nHost: c2.example.org:443\r\n\r\n",
                "HTTP/1.1 200 Connection established\r\n\r\n").events(dir);
        assertThat(events).anyMatch(e -> e instanceof HttpTransaction h && "CONNECT".equals(h.method()));
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement().satisfies(a -> {
            assertThat(a.detectorId()).isEqualTo("proxy.channel");
            assertThat(ids(a)).containsExactly("T1090", "T1090.002");
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_TRAFFIC_CONTENT);
            assertThat(a.dstHosts()).containsExactly("81.2.69.160");
            assertThat(a.explanation()).isEqualTo("10.0.0.5 asked 81.2.69.160:8080, outside the network, to tunnel to"
                    + " c2.example.org:443 (HTTP CONNECT, answered 200): an external proxy");
        });
    }

    /** SOCKS 5 to a proxy on the internet on a port that is not SOCKS's: found by content, through the real pipeline. */
    private static List<Event> socks5Via(String proxy, int port, Path dir) {
        byte[] request = {5, 1, 0, 3, 14, 'c', '2', '.', 'e', 'x', 'a', 'm', 'p', 'l', 'e', '.', 'o', 'r', 'g', 1, (byte) 0xbb};
        byte[] reply = {5, 0, 0, 1, 81, 2, 69, (byte) 160, (byte) 0x9c, 0x40};
        return new CraftedSessions().tcp(HOST, 50_300, proxy, port, 0.05, List.of(
                CraftedSessions.client(new byte[] {5, 1, 0}), CraftedSessions.server(new byte[] {5, 0}),
                CraftedSessions.client(request), CraftedSessions.server(reply))).events(dir);
    }

    @Test
    void aSocksRequestRelayedByAnOutsideHostIsAnExternalProxy(@TempDir Path dir) {
        var events = socks5Via("81.2.69.160", 9050, dir);
        assertThat(events).anyMatch(SocksRequest.class::isInstance);
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement().satisfies(a -> {
            assertThat(ids(a)).containsExactly("T1090", "T1090.002");
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_TRAFFIC_CONTENT);
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.dstHosts()).containsExactly("81.2.69.160");
            assertThat(a.explanation()).isEqualTo("10.0.0.5 asked 81.2.69.160:9050, outside the network, to relay to"
                    + " c2.example.org:443 (SOCKS 5, answered succeeded): an external proxy");
        });
    }

    @Test
    void aSocksRequestToAnInternalProxyStaysQuiet(@TempDir Path dir) {
        var events = socks5Via("10.0.0.3", 9050, dir);
        assertThat(events).anyMatch(SocksRequest.class::isInstance);
        assertThat(DetectorHarness.run(DETECTOR, events)).isEmpty();
    }

    @Test
    void aConnectToTheInternalProxyStaysQuiet(@TempDir Path dir) {
        var events = new CraftedCapture().request(HOST, 50_201, "10.0.0.3", 3128,
                "CONNECT www.example.org:443 HTTP/1.1\r\nHost: www.example.org:443\r\n\r\n",
                "HTTP/1.1 200 Connection established\r\n\r\n").events(dir);
        assertThat(events).anyMatch(e -> e instanceof HttpTransaction h && "CONNECT".equals(h.method()));
        assertThat(DetectorHarness.run(DETECTOR, events)).isEmpty();
    }

    /** A Tor link over TLS 1.2: made-up SNI, and a certificate whose subject and issuer are made up too. */
    @Test
    void aTlsLinkWithTorsMadeUpNamesIsAMultiHopProxy() {
        var events = List.<Event>of(tls("T1", 5, "81.2.69.142", 9001, "www.k3jq7ufz2cmdx.com",
                "CN=www.pq4ag3hjk5nbq.net", "CN=www.x7t2ymk3wqa.com"));
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement().satisfies(a -> {
            assertThat(ids(a)).containsExactly("T1090", "T1090.003");
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_TRAFFIC_CONTENT);
            assertThat(a.confidence()).isEqualTo(0.8);
            assertThat(a.explanation()).contains("SNI www.k3jq7ufz2cmdx.com, shaped like Tor's random link names")
                    .contains("are made-up names too: a Tor link");
        });
    }

    /** TLS 1.3 hides the certificate: the SNI's shape and the missing DNS lookup for it decide. */
    @Test
    void aTorShapedSniThatTheHostNeverLookedUpIsAMultiHopProxy() {
        var events = List.<Event>of(TestEvents.dns(HOST, "www.wikipedia.org").at(1).answer("81.2.69.1", 60).build(),
                tls("T2", 5, "81.2.69.142", 443, "www.abcdefgh2345.com", null, null));
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement().satisfies(a -> {
            assertThat(ids(a)).containsExactly("T1090", "T1090.003");
            assertThat(a.confidence()).isEqualTo(0.5);
            assertThat(a.explanation()).contains("none of the host's 1 DNS answer was for that name");
        });
    }

    @Test
    void aRealSiteOfTheSameShapeLookedUpFirstOrWithoutVisibleDnsStaysQuiet() {
        var resolved = List.<Event>of(TestEvents.dns(HOST, "www.facebook.com").at(1).answer("157.240.1.35", 60).build(),
                tls("T3", 2, "157.240.1.35", 443, "www.facebook.com", "CN=*.facebook.com", "CN=DigiCert SHA2 High Assurance Server CA"));
        assertThat(DetectorHarness.run(DETECTOR, resolved)).isEmpty();
        var noDns = List.<Event>of(tls("T4", 2, "157.240.1.35", 443, "www.facebook.com", null, null));
        assertThat(DetectorHarness.run(DETECTOR, noDns)).isEmpty();
        var shortName = List.<Event>of(tls("T5", 2, "81.2.69.142", 443, "www.abc.com", "CN=www.pq4ag3hjk5nbq.net",
                "CN=www.x7t2ymk3wqa.com"));
        assertThat(DetectorHarness.run(DETECTOR, shortName)).isEmpty();
    }

    /** conn.log only: a link to a relay's ORPort that stays up. */
    @Test
    void aLongConnectionToTorsRelayPortIsAMultiHopProxy() {
        var events = List.<Event>of(TestEvents.conn(HOST, "81.2.69.142", 9001).at(10).duration(1_800).bytes(80_000, 900_000).flow());
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement().satisfies(a -> {
            assertThat(ids(a)).containsExactly("T1090", "T1090.003");
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_TRAFFIC_FLOW);
            assertThat(a.severity()).isEqualTo(Severity.LOW);
            assertThat(a.explanation()).contains("reached 81.2.69.142:9001, a Tor relay port").contains("stayed up 30.0 min");
        });
    }

    @Test
    void relayPortThresholdsAreDurationAndDistinctAddresses() {
        var twoShort = new ArrayList<Event>();
        var threeShort = new ArrayList<Event>();
        for (int i = 0; i < 3; i++) {
            var flow = TestEvents.conn(HOST, "81.2.69." + (10 + i), i == 0 ? 9030 : 9001).at(10 + i).duration(2).flow();
            if (i < 2) twoShort.add(flow);
            threeShort.add(flow);
        }
        assertThat(DetectorHarness.run(DETECTOR, twoShort)).isEmpty();
        assertThat(DetectorHarness.run(DETECTOR, threeShort)).singleElement()
                .satisfies(a -> assertThat(a.explanation()).contains("3 relay addresses"));
        var justBelow = List.<Event>of(TestEvents.conn(HOST, "81.2.69.142", 9001).at(10).duration(299.9).flow());
        assertThat(DetectorHarness.run(DETECTOR, justBelow)).isEmpty();
        var refused = new ArrayList<Event>();
        for (int i = 0; i < 5; i++) refused.add(TestEvents.conn(HOST, "81.2.69." + (10 + i), 9001).at(10 + i).state("REJ").flow());
        assertThat(DetectorHarness.run(DETECTOR, refused)).isEmpty();
    }

    @Test
    void theTorNameShapeIsBase32BetweenEightAndTwentyCharacters() {
        assertThat(ProxyChannelDetector.torName("www.abcdefgh.com")).isTrue();
        assertThat(ProxyChannelDetector.torName("www.abcdefghijklmnopqrst.net")).isTrue();
        assertThat(ProxyChannelDetector.torName("www.abcdefg.com")).isFalse();
        assertThat(ProxyChannelDetector.torName("www.abcdefgh0189.com")).isFalse();
        assertThat(ProxyChannelDetector.torName("mail.abcdefgh.com")).isFalse();
        assertThat(ProxyChannelDetector.commonName("CN=www.pq4ag3hjk5nbq.net,O=x")).isEqualTo("www.pq4ag3hjk5nbq.net");
    }

    /** Connection events only: a host opening connections to a SOCKS server on the internet. */
    @Test
    void connectionsToAnOutsideSocksPortAreAnExternalProxy() {
        var events = new ArrayList<Event>();
        for (int i = 0; i < 3; i++) events.addAll(TestEvents.conn(HOST, "81.2.69.160", 1080).at(10 + i * 30.0).origPort(51_000 + i).both());
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement().satisfies(a -> {
            assertThat(ids(a)).containsExactly("T1090", "T1090.002");
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_CONNECTION_CREATION);
            assertThat(a.severity()).isEqualTo(Severity.LOW);
            assertThat(a.count()).isEqualTo(3);
            assertThat(a.explanation()).isEqualTo("10.0.0.5 connected to 81.2.69.160:1080, the SOCKS port, on a host outside"
                    + " the network: an external proxy");
        });
        // the same from conn.log alone
        var flows = List.<Event>of(TestEvents.conn(HOST, "81.2.69.160", 3128).at(10).flow());
        assertThat(DetectorHarness.run(DETECTOR, flows)).singleElement()
                .satisfies(a -> assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_TRAFFIC_FLOW));
    }

    @Test
    void proxyPortsInsideTheNetworkOrUnansweredStayQuiet() {
        var events = new ArrayList<Event>();
        events.addAll(TestEvents.conn(HOST, "10.0.0.3", 3128).at(10).both());
        events.addAll(TestEvents.conn(HOST, "81.2.69.160", 1080).at(20).state("S0").both());
        events.addAll(TestEvents.conn(HOST, "81.2.69.160", 1081).at(30).both());
        assertThat(DetectorHarness.run(DETECTOR, events)).isEmpty();
    }
}
