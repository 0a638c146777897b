package io.sluice.detect.analytics;

import static io.sluice.detect.analytics.FixedSizeTransferDetectorTest.ids;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.detect.DetectorHarness;
import io.sluice.detect.TestEvents;
import io.sluice.event.Event;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

class ProtocolExfilDetectorTest {
    private static final ProtocolExfilDetector DETECTOR = new ProtocolExfilDetector(ProtocolExfilDetector.Config.defaults());

    @Test
    void bigPingsCarryingDataAreExfiltrationOverAnAlternativeProtocol() {
        var out = new ArrayList<Event>();
        for (int i = 0; i < 120; i++) {
            out.add(TestEvents.conn("10.0.0.66", "192.0.2.200", 8).icmp().at(i * 30.0).duration(10)
                    .bytes(10 * 1_000, 10 * 8).pkts(10, 10).flow());
        }
        assertThat(DetectorHarness.run(DETECTOR, DetectorHarness.inObservedOrder(out))).singleElement().satisfies(a -> {
            assertThat(a.detectorId()).isEqualTo("exfil.protocol");
            assertThat(ids(a)).containsExactly("T1048", "T1048.003");
            assertThat(a.explanation()).contains("sent 1.1 MiB over ICMP in 1,200 packets (1000 bytes each");
        });
    }

    @Test
    void ordinaryPingsDnsAndNtpStayQuiet() {
        var out = new ArrayList<Event>();
        for (int i = 0; i < 2_000; i++) {
            out.add(TestEvents.conn("10.0.0.66", "192.0.2.200", 8).icmp().at(i * 10.0).duration(3)
                    .bytes(4 * 56, 4 * 56).pkts(4, 4).flow());
            out.add(TestEvents.conn("10.0.0.66", "198.51.100.53", 53).udp().service("dns").origPort(40_000 + i)
                    .at(i * 10.0 + 1).duration(0.02).bytes(38, 120).pkts(1, 1).flow());
            out.add(TestEvents.conn("10.0.0.66", "192.0.2.123", 123).udp().service("ntp").origPort(123)
                    .at(i * 10.0 + 2).duration(0.02).bytes(48, 48).pkts(1, 1).flow());
        }
        assertThat(DetectorHarness.run(DETECTOR, DetectorHarness.inObservedOrder(out))).isEmpty();
    }

    @Test
    void dnsQueriesStuffedWithDataCountFrom64KiB() {
        var out = new ArrayList<Event>();
        for (int i = 0; i < 512; i++) {
            out.add(TestEvents.conn("10.0.0.66", "198.51.100.53", 53).udp().service("dns").origPort(40_000 + i)
                    .at(i * 2.0).duration(0.02).bytes(128, 60).pkts(1, 1).flow());
        }
        // 512 queries of 128 bytes: exactly 64 KiB.
        assertThat(DetectorHarness.run(DETECTOR, DetectorHarness.inObservedOrder(out))).singleElement()
                .satisfies(a -> assertThat(a.explanation()).contains("over DNS"));
        assertThat(DetectorHarness.run(DETECTOR, DetectorHarness.inObservedOrder(out.subList(0, 511)))).isEmpty();
    }

    @Test
    void otherProtocolsAreNotItsBusiness() {
        var out = new ArrayList<Event>();
        for (int i = 0; i < 100; i++) {
            out.add(TestEvents.conn("10.0.0.66", "192.0.2.200", 443).origPort(40_000 + i).at(i * 2.0)
                    .bytes(10_000, 60).pkts(5, 1).flow());
        }
        assertThat(DetectorHarness.run(DETECTOR, DetectorHarness.inObservedOrder(out))).isEmpty();
    }
}
