package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.Event;
import io.sluice.protocol.dhcp.DhcpTransaction;
import io.sluice.protocol.smb.PipelineEvents;
import io.sluice.testing.Corpus;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

class RogueDhcpDetectorTest {

    private static final RogueDhcpDetector DETECTOR = new RogueDhcpDetector(RogueDhcpDetector.Config.defaults());

    /** A DORA exchange answered by {@code server}, handing out {@code router} and {@code dns}. */
    private static DhcpTransaction lease(double s, String mac, String assigned, String server, String router,
            String dns) {
        return new DhcpTransaction(t(s), List.of("C" + Math.abs((mac + s).hashCode())), assigned, server, mac, null,
                null, null, assigned, assigned, 86400L, null, null, List.of("DISCOVER", "OFFER", "REQUEST", "ACK"),
                2_000_000L, null, null, List.of("0.0.0.0", server, "0.0.0.0", server), List.of(server),
                List.of(router), List.of(dns), List.of(1, 3, 6, 15));
    }

    private static List<Alert> capture(String rel) throws Exception {
        return DetectorHarness.run(DETECTOR,
                DetectorHarness.inObservedOrder(PipelineEvents.run(Corpus.file(rel)).emitted()));
    }

    @Test
    void aSecondServerHandingOutItsOwnGatewayIsHigh() {
        var alerts = DetectorHarness.run(DETECTOR, List.<Event>of(
                lease(0, "00:00:00:00:00:20", "10.0.0.20", "10.0.0.1", "10.0.0.1", "10.0.0.53"),
                lease(60, "00:00:00:00:00:21", "10.0.0.21", "10.0.0.1", "10.0.0.1", "10.0.0.53"),
                lease(120, "00:00:00:00:00:22", "10.0.0.150", "10.0.0.66", "10.0.0.66", "10.0.0.66")));
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.techniques()).contains(Technique.of("T1557.003"));
            assertThat(a.srcHost()).isEqualTo("10.0.0.66");
            assertThat(a.dstHosts()).containsExactly("10.0.0.1");
            assertThat(a.explanation()).contains("2 DHCP servers answered clients of 10.0.0.0/24")
                    .contains("different routers and DNS servers")
                    .contains("10.0.0.66 (router 10.0.0.66, DNS 10.0.0.66, 1 client)");
        });
    }

    @Test
    void aFailoverPairWithTheSameOptionsIsMedium() {
        var alerts = DetectorHarness.run(DETECTOR, List.<Event>of(
                lease(0, "00:00:00:00:00:20", "10.0.0.20", "10.0.0.2", "10.0.0.1", "10.0.0.53"),
                lease(60, "00:00:00:00:00:21", "10.0.0.21", "10.0.0.3", "10.0.0.1", "10.0.0.53")));
        assertThat(alerts).singleElement().satisfies(a -> assertThat(a.severity()).isEqualTo(Severity.MEDIUM));
    }

    @Test
    void oneServerAndServersOfOtherNetworksAreQuiet() {
        var alerts = DetectorHarness.run(DETECTOR, List.<Event>of(
                lease(0, "00:00:00:00:00:20", "10.0.0.20", "10.0.0.1", "10.0.0.1", "10.0.0.53"),
                lease(60, "00:00:00:00:00:21", "10.0.0.21", "10.0.0.1", "10.0.0.1", "10.0.0.53"),
                lease(120, "00:00:00:00:00:22", "10.0.1.22", "10.0.1.1", "10.0.1.1", "10.0.0.53")));
        assertThat(alerts).isEmpty();
    }

    @Test
    void knownServersAreLeftOut() {
        var d = new RogueDhcpDetector(new RogueDhcpDetector.Config(RogueDhcpDetector.Config.defaults().windowNanos(),
                2, List.of("10.0.0.3")));
        assertThat(DetectorHarness.run(d, List.<Event>of(
                lease(0, "00:00:00:00:00:20", "10.0.0.20", "10.0.0.2", "10.0.0.1", "10.0.0.53"),
                lease(60, "00:00:00:00:00:21", "10.0.0.21", "10.0.0.3", "10.0.0.9", "10.0.0.9")))).isEmpty();
    }

    @Test
    @Tag("corpus")
    @EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
    void quietOnDhcpTraces() throws Exception {
        assertThat(capture("pcap-protocols/zeek/dhcp.dhcp-all-msg-types/dhcp.pcap")).isEmpty();
        assertThat(capture("pcap-protocols/chrissanders-packets/dhcp_nolease_initialization.pcapng")).isEmpty();
        assertThat(capture("pcap-protocols/tcpdump/dhcp-rfc3004.pcap")).isEmpty();
    }
}
