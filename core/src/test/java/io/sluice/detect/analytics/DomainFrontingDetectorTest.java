package io.sluice.detect.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.TestEvents;
import io.sluice.event.ConnId;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.protocol.http.HttpTransaction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DomainFrontingDetectorTest {
    private static final DomainFrontingDetector DETECTOR = new DomainFrontingDetector(DomainFrontingDetector.Config.DEFAULTS);
    private static final String HOST = "10.0.0.5";
    private static final String EDGE = "81.2.69.160";

    private static List<String> ids(Alert a) {
        return a.techniques().stream().map(Technique::id).toList();
    }

    static HttpTransaction http(String uid, double at, int port, String host, String uri) {
        return new HttpTransaction(TestEvents.t(at), uid, new ConnId(HOST, 50_300, EDGE, port), 1, "GET", host, uri, null, "1.1",
                "Mozilla/5.0", null, 0, 512, 200L, "OK", null, null, null, null, null, null, null);
    }

    /** ssl.log and http.log of a TLS-inspecting sensor: the SNI names a CDN customer, the Host the hidden C2. */
    @Test
    void anSniAndAHostHeaderOfDifferentSitesInOneConnectionAreDomainFronting() {
        var tls = ProxyChannelDetectorTest.tls("CF1", 10, EDGE, 443, "www.allowed-customer.com", null, null);
        var events = List.<Event>of(tls, http("CF1", 10.2, 443, "hidden-c2.azureedge.net", "/jquery-3.3.1.min.js"));
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement().satisfies(a -> {
            assertThat(a.detectorId()).isEqualTo("tls.domain_fronting");
            assertThat(ids(a)).containsExactly("T1090", "T1090.004");
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_TRAFFIC_CONTENT);
            assertThat(a.domain()).isEqualTo("hidden-c2.azureedge.net");
            assertThat(a.confidence()).isEqualTo(0.8);
            assertThat(a.explanation()).isEqualTo("10.0.0.5 reached 81.2.69.160:443 as www.allowed-customer.com (TLS SNI)"
                    + " but asked for Host hidden-c2.azureedge.net, a different site (allowed-customer.com vs azureedge.net):"
                    + " domain fronting");
        });
        // logs read file by file: http.log before ssl.log gives the same finding
        assertThat(DetectorHarness.run(DETECTOR, List.of(events.get(1), events.get(0)))).hasSize(1);
    }

    /** Cleartext HTTP, crafted and dissected: the host resolved the front, then asked its address for another site. */
    @Test
    void aHostHeaderForASiteTheHostNeverResolvedSentToTheFrontsAddressIsDomainFronting(@TempDir Path dir) {
        var events = new ArrayList<Event>();
        events.add(TestEvents.dns(HOST, "cdn.front-site.com").at(0).answer(EDGE, 60).build());
        events.addAll(new CraftedCapture().at(1).request(HOST, 50_301, EDGE, 80,
                "GET /news HTTP/1.1\r\nHost: beacon.hidden-c2.net\r\nUser-Agent: Mozilla/5.0\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok").events(dir));
        assertThat(events).anyMatch(e -> e instanceof HttpTransaction h && "beacon.hidden-c2.net".equals(h.host()));
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement().satisfies(a -> {
            assertThat(ids(a)).containsExactly("T1090", "T1090.004");
            assertThat(a.confidence()).isEqualTo(0.6);
            assertThat(a.explanation()).contains("as cdn.front-site.com (DNS name) but asked for Host beacon.hidden-c2.net");
        });
    }

    @Test
    void ordinaryNamesStayQuiet() {
        // same registered domain
        var sameSite = List.<Event>of(ProxyChannelDetectorTest.tls("C1", 1, EDGE, 443, "www.example.co.uk", null, null),
                http("C1", 1.1, 443, "static.example.co.uk", "/"));
        assertThat(DetectorHarness.run(DETECTOR, sameSite)).isEmpty();
        // virtual hosting: the Host was resolved too
        var resolvedBoth = List.<Event>of(TestEvents.dns(HOST, "a.example.net").at(0).answer(EDGE, 60).build(),
                TestEvents.dns(HOST, "b.other.org").at(0.5).answer(EDGE, 60).build(), http("C2", 1, 80, "b.other.org", "/"));
        assertThat(DetectorHarness.run(DETECTOR, resolvedBoth)).isEmpty();
        // a forward proxy request, and a Host that is an address
        var proxy = List.<Event>of(TestEvents.dns(HOST, "a.example.net").at(0).answer(EDGE, 60).build(),
                http("C3", 1, 80, "b.other.org", "http://b.other.org/"), http("C4", 2, 80, "81.2.69.161", "/"));
        assertThat(DetectorHarness.run(DETECTOR, proxy)).isEmpty();
        // nothing resolved to that address: no front to compare with
        assertThat(DetectorHarness.run(DETECTOR, List.of(http("C5", 1, 80, "b.other.org", "/")))).isEmpty();
    }

    @Test
    void theRegisteredDomainKeepsThreeLabelsUnderGenericCountrySecondLevels() {
        assertThat(DomainFrontingDetector.registeredDomain("a.b.example.com")).isEqualTo("example.com");
        assertThat(DomainFrontingDetector.registeredDomain("www.example.co.uk")).isEqualTo("example.co.uk");
        assertThat(DomainFrontingDetector.registeredDomain("www.example.de")).isEqualTo("example.de");
        assertThat(DomainFrontingDetector.registeredDomain("localhost")).isEqualTo("localhost");
    }
}
