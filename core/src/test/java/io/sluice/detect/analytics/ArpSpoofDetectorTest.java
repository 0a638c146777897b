package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.Event;
import io.sluice.protocol.arp.ArpMessage;
import io.sluice.protocol.smb.PipelineEvents;
import io.sluice.testing.Corpus;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

class ArpSpoofDetectorTest {

    private static final ArpSpoofDetector DETECTOR = new ArpSpoofDetector(ArpSpoofDetector.Config.defaults());

    private static ArpMessage reply(double s, String mac, String ip) {
        return new ArpMessage(t(s), 2, mac, ip, "00:00:00:00:00:01", "10.0.0.9", false, false, null, mac,
                "00:00:00:00:00:01");
    }

    private static List<Alert> capture(String rel) throws Exception {
        return DetectorHarness.run(DETECTOR,
                DetectorHarness.inObservedOrder(PipelineEvents.run(Corpus.file(rel)).emitted()));
    }

    @Test
    void anAddressFlippingBetweenTwoMacsIsHigh() {
        var alerts = DetectorHarness.run(DETECTOR, List.<Event>of(reply(0, "00:00:00:00:00:aa", "10.0.0.1"),
                reply(5, "00:00:00:00:00:bb", "10.0.0.1"), reply(9, "00:00:00:00:00:aa", "10.0.0.1")));
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.count()).isEqualTo(2); // MEDIUM at the first change, raised by the flip back
            assertThat(a.techniques()).contains(Technique.of("T1557.002"));
            assertThat(a.explanation()).contains("10.0.0.1 was claimed in ARP by 2 hardware addresses on vlan0,"
                    + " changing hands 2 times");
        });
    }

    @Test
    void aSingleChangeOfHandsIsMedium() {
        var alerts = DetectorHarness.run(DETECTOR, List.<Event>of(reply(0, "00:00:00:00:00:aa", "10.0.0.1"),
                reply(5, "00:00:00:00:00:bb", "10.0.0.1"), reply(9, "00:00:00:00:00:bb", "10.0.0.1")));
        assertThat(alerts).singleElement().satisfies(a -> assertThat(a.severity()).isEqualTo(Severity.MEDIUM));
    }

    @Test
    void oneMacPerAddressIsQuiet() {
        // one MAC claiming two addresses alone is not enough (proxy ARP, aliases): only with a next-hop change
        var alerts = DetectorHarness.run(DETECTOR, List.<Event>of(reply(0, "00:00:00:00:00:aa", "10.0.0.1"),
                reply(1, "00:00:00:00:00:aa", "10.0.0.1"), reply(2, "00:00:00:00:00:aa", "10.0.0.2"),
                reply(3, "00:00:00:00:00:bb", "10.0.0.3")));
        assertThat(alerts).isEmpty();
    }

    @Test
    void claimsInSeparateWindowsAreQuiet() {
        var alerts = DetectorHarness.run(DETECTOR, List.<Event>of(reply(0, "00:00:00:00:00:aa", "10.0.0.1"),
                reply(3601, "00:00:00:00:00:bb", "10.0.0.1")));
        assertThat(alerts).isEmpty();
    }

    @Test
    @Tag("corpus")
    @EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
    void arpPoisonCaptureFires() throws Exception {
        var alerts = capture("pcap-attacks/chrissanders-packets/arppoison.pcapng");

        assertThat(alerts).isNotEmpty();
        assertThat(alerts).allSatisfy(a -> assertThat(a.severity()).isEqualTo(Severity.HIGH));
        assertThat(alerts).anySatisfy(a -> {
            assertThat(a.explanation()).contains("00:25:b3:bf:91:ee").contains("00:26:0b:31:07:33");
            assertThat(a.dstHosts()).containsExactly("172.16.0.107");
            assertThat(a.srcHost()).isIn("172.16.0.1", "172.16.0.105");
            assertThat(a.explanation()).contains("172.16.0.1, 172.16.0.105");
        });
    }

    @Test
    @Tag("corpus")
    @EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
    void quietOnOrdinaryArp() throws Exception {
        assertThat(capture("pcap-protocols/chrissanders-packets/arp_gratuitous.pcapng")).isEmpty();
        assertThat(capture("pcap-protocols/chrissanders-packets/arp_resolution.pcapng")).isEmpty();
        assertThat(capture("pcap-protocols/suricata-verify/decode-arp-2/arp.pcap")).isEmpty();
    }
}
