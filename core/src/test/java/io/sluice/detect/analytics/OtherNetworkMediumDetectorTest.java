package io.sluice.detect.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.detect.TestEvents;
import io.sluice.event.Ds0029Component;
import org.junit.jupiter.api.Test;

class OtherNetworkMediumDetectorTest {
    private static final OtherNetworkMediumDetector DETECTOR =
            new OtherNetworkMediumDetector(OtherNetworkMediumDetector.Config.DEFAULTS);
    private static final String CHROME = "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe";
    private static final String RCLONE = "C:\\Users\\bob\\AppData\\Local\\Temp\\rclone.exe";

    /** Two days of a workstation's ordinary browsing from the office LAN, a connection every 10 min. */
    private static SysmonConnections officeDays(String src) {
        var records = new SysmonConnections();
        for (int i = 0; i < 2 * 24 * 6; i++) {
            records.add(TestEvents.t(i * 600.0), "ws01.corp", CHROME, src, "142.250.74." + (1 + i % 40), 443);
        }
        return records;
    }

    @Test
    void connectionsFromAHotspotWhileTheOfficeLinkIsInUseAreExfiltrationOverAnotherMedium() {
        var records = officeDays("10.1.1.5");
        double day2 = 2 * 86_400;
        // the host joins a phone's hotspot beside its wired link and sends out through it
        records.add(TestEvents.t(day2 + 30), "ws01.corp", RCLONE, "172.20.10.2", "81.2.69.142", 443);
        records.add(TestEvents.t(day2 + 40), "ws01.corp", CHROME, "10.1.1.5", "142.250.74.9", 443);
        records.add(TestEvents.t(day2 + 90), "ws01.corp", RCLONE, "172.20.10.2", "81.2.69.142", 443);
        assertThat(DetectorHarness.run(DETECTOR, records.events())).singleElement().satisfies(a -> {
            assertThat(a.detectorId()).isEqualTo("exfil.other_medium");
            assertThat(a.techniques()).extracting(Technique::id).containsExactly("T1011");
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_CONNECTION_CREATION);
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.srcHost()).isEqualTo("172.20.10.2");
            assertThat(a.dstHosts()).containsExactly("81.2.69.142");
            assertThat(a.process()).isEqualTo(RCLONE);
            assertThat(a.explanation()).startsWith("ws01.corp opened a connection from 172.20.10.2, on network"
                    + " 172.20.10.0/24 that none of its 288 connections over 48.0 h before had used, to 81.2.69.142:443")
                    .contains("10 s apart, it also connected from its usual network 10.1.1.0/24 (10.1.1.5)");
            assertThat(a.evidence()).hasSize(2);
        });
    }

    @Test
    void theLearnedLinkUsedJustAfterTheNewOneCountsToo() {
        var records = new SysmonConnections();
        for (int i = 0; i <= 24 * 6; i++) {
            records.add(TestEvents.t(i * 600.0), "ws01.corp", CHROME, "10.1.1.5", "142.250.74.1", 443);
        }
        // a quiet spell, then the second link first and the wired one 4 minutes later
        records.add(TestEvents.t(86_400 + 7_200), "ws01.corp", RCLONE, "2001:db8:77:1::20", "81.2.69.142", 443);
        records.add(TestEvents.t(86_400 + 7_440), "ws01.corp", CHROME, "10.1.1.5", "142.250.74.1", 443);
        assertThat(DetectorHarness.run(DETECTOR, records.events())).singleElement().satisfies(a ->
                assertThat(a.explanation()).contains("on network 2001:db8:77:1::/64").contains("240 s apart"));
    }

    @Test
    void aLaptopThatMovesHomeANetworkLearnedOrAPacketSourceIsQuiet() {
        // moved home: the office link's last connection was hours before the home network's first
        var moved = officeDays("10.1.1.5");
        moved.add(TestEvents.t(2 * 86_400 + 4 * 3600), "ws01.corp", CHROME, "192.168.1.23", "142.250.74.9", 443);
        moved.add(TestEvents.t(2 * 86_400 + 4 * 3600 + 60), "ws01.corp", CHROME, "192.168.1.23", "142.250.74.9", 443);
        assertThat(DetectorHarness.run(DETECTOR, moved.events())).isEmpty();
        // both networks in daily use from the start (a docked laptop with Wi-Fi on): learned, not new
        var dual = officeDays("10.1.1.5");
        for (int i = 0; i < 2 * 24; i++) {
            dual.add(TestEvents.t(i * 3600.0 + 5), "ws01.corp", CHROME, "10.9.0.14", "142.250.74.3", 443);
        }
        assertThat(DetectorHarness.run(DETECTOR, DetectorHarness.inObservedOrder(dual.events()))).isEmpty();
        // a new address in the same /24 (a DHCP renewal) is the same network
        var renewed = officeDays("10.1.1.5");
        renewed.add(TestEvents.t(2 * 86_400 + 10), "ws01.corp", CHROME, "10.1.1.77", "142.250.74.9", 443);
        assertThat(DetectorHarness.run(DETECTOR, renewed.events())).isEmpty();
        // packet sources name no reporting machine
        assertThat(DETECTOR.key(TestEvents.conn("172.20.10.2", "81.2.69.142", 443).creation())).isNull();
    }

    @Test
    void networksAreSlash24AndSlash64AndNamesAreNeverLookedUp() {
        assertThat(OtherNetworkMediumDetector.network("172.20.10.2")).isEqualTo("172.20.10.0/24");
        assertThat(OtherNetworkMediumDetector.network("2001:db8:77:1::20")).isEqualTo("2001:db8:77:1::/64");
        assertThat(OtherNetworkMediumDetector.network("ws01.corp")).isNull();
        assertThat(OtherNetworkMediumDetector.network("")).isNull();
    }
}
