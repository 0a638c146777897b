package io.sluice.detect.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.detect.TestEvents;
import io.sluice.event.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class BeaconDetectorTest {
    private static final BeaconDetector DETECTOR = new BeaconDetector(BeaconDetector.Config.defaults());

    /** Flows every {@code period} s ± {@code jitter} for {@code hours}, a beat in 25 missed, in observed order. */
    static List<Event> beacon(String src, String dst, int port, double period, double jitter, double hours, long seed,
            UnaryOperator<TestEvents.Conn> shape) {
        var random = new SplittableRandom(seed);
        var out = new ArrayList<Event>();
        for (double at = 0; at < hours * 3600; at += period * (1 + jitter * (2 * random.nextDouble() - 1))) {
            if (random.nextInt(25) == 0) continue;
            out.add(shape.apply(TestEvents.conn(src, dst, port).at(at).duration(0.2).bytes(310, 48)).flow());
        }
        return DetectorHarness.inObservedOrder(out);
    }

    private static List<String> ids(Alert a) {
        return a.techniques().stream().map(Technique::id).toList();
    }

    @Test
    void aDayLongJitteredBeaconToAnOutsideAddressIsAHighAlert() {
        var events = beacon("10.0.0.5", "203.0.113.7", 8443, 60, 0.1, 24, 1, c -> c);
        var alerts = DetectorHarness.run(DETECTOR, events);
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.detectorId()).isEqualTo("beacon.pair");
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.confidence()).isGreaterThanOrEqualTo(0.9);
            assertThat(ids(a)).containsExactly("T1071");
            assertThat(a.srcHost()).isEqualTo("10.0.0.5");
            assertThat(a.dstHosts()).containsExactly("203.0.113.7");
            assertThat(a.explanation()).startsWith("10.0.0.5 → 203.0.113.7: ")
                    .contains("connections over 24 h, every 60 s ± ").contains("(ts ");
            assertThat(a.evidenceCount()).isEqualTo(events.size());
        });
    }

    @Test
    void aBeaconOverDnsToAnOutsideServerIsApplicationLayerProtocolDns() {
        var events = beacon("10.0.0.5", "198.51.100.53", 53, 300, 0.05, 24, 2, c -> c.udp().service("dns").bytes(60, 120));
        var alerts = DetectorHarness.run(DETECTOR, events);
        assertThat(alerts).singleElement().satisfies(a -> assertThat(ids(a)).contains("T1071", "T1071.004"));
    }

    @Test
    void anEncryptedBeaconWithoutANameIsAlsoAnEncryptedChannel() {
        var events = beacon("10.0.0.5", "203.0.113.9", 22, 120, 0.1, 24, 3, c -> c.service("ssh"));
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement()
                .satisfies(a -> assertThat(ids(a)).contains("T1071", "T1573"));
    }

    @Test
    void browsingInBurstsStaysQuiet() {
        var random = new SplittableRandom(4);
        var flows = new ArrayList<Event>();
        String[] servers = {"203.0.113.80", "198.51.100.25", "192.0.2.44"};
        for (int burst = 0; burst < 40; burst++) {
            double start = 8 * 3600 + random.nextDouble() * 9 * 3600;
            String server = servers[random.nextInt(servers.length)];
            int n = 3 + random.nextInt(15);
            for (int i = 0; i < n; i++) {
                flows.add(TestEvents.conn("10.0.0.7", server, 443).at(start + random.nextDouble() * 30)
                        .bytes(400 + random.nextInt(3000), 2000 + random.nextInt(900_000)).flow());
            }
        }
        assertThat(DetectorHarness.run(DETECTOR, DetectorHarness.inObservedOrder(flows))).isEmpty();
    }

    @Test
    void tenMinutesOfPerfectBeatsCannotReachTheAlertScore() {
        // The histogram and duration parts need hours: at most ts + size = 0.5 of the score.
        var events = beacon("10.0.0.5", "203.0.113.7", 8443, 60, 0, 0.17, 5, c -> c);
        assertThat(events).hasSizeGreaterThan(6);
        assertThat(DetectorHarness.run(DETECTOR, events)).isEmpty();
    }

    @Test
    void internalPairsAndInboundConnectionsAreNotScored() {
        var internal = beacon("10.0.0.5", "10.0.0.53", 8443, 60, 0.1, 24, 6, c -> c);
        assertThat(DetectorHarness.run(DETECTOR, internal)).isEmpty();
        var inbound = beacon("203.0.113.7", "10.0.0.5", 8443, 60, 0.1, 24, 7, c -> c.local(false, true));
        assertThat(DetectorHarness.run(DETECTOR, inbound)).isEmpty();
    }

    @Test
    void connectionsNamedBySniAreLeftToTheDomainDetectorButUnnamedTlsStaysHere() {
        var flows = beacon("10.0.0.5", "203.0.113.7", 443, 60, 0.1, 24, 8, c -> c.service("ssl"));
        var named = new ArrayList<Event>();
        for (Event e : flows) {
            var f = (io.sluice.event.FlowRecord) e;
            named.add(DomainBeaconDetectorTest.tls(f, "cdn.example.net"));
            named.add(f);
        }
        assertThat(DetectorHarness.run(DETECTOR, named)).isEmpty();
        assertThat(DetectorHarness.run(DETECTOR, flows)).singleElement()
                .satisfies(a -> assertThat(ids(a)).containsExactly("T1071", "T1071.001", "T1573"));
    }

    @Test
    void aStrobeIsReportedAsSuchFromItsThresholdOn() {
        var config = BeaconDetector.config(DetectConfig.empty().with("detectors.beacon.pair.strobe_connections", "500"));
        var below = new ArrayList<Event>();
        var at = new ArrayList<Event>();
        for (int i = 0; i < 500; i++) {
            var c = TestEvents.conn("10.0.0.5", "192.0.2.10", 123).udp().at(i * 0.5).duration(0.01);
            at.add(c.flow());
            if (i < 499) below.add(c.flow());
        }
        assertThat(DetectorHarness.run(new BeaconDetector(config), DetectorHarness.inObservedOrder(below)))
                .noneMatch(a -> a.explanation().contains("strobe"));
        assertThat(DetectorHarness.run(new BeaconDetector(config), DetectorHarness.inObservedOrder(at))).singleElement()
                .satisfies(a -> {
                    assertThat(a.explanation()).contains("500 connections").contains("a strobe");
                    assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
                });
    }

    @Test
    void theAlertScoreIsATunableThreshold() {
        var events = beacon("10.0.0.5", "203.0.113.7", 8443, 60, 0.1, 24, 1, c -> c);
        var strict = BeaconDetector.config(DetectConfig.empty().with("detectors.beacon.pair.min_score", "0.999"));
        assertThat(DetectorHarness.run(new BeaconDetector(strict), events)).isEmpty();
    }

    @Test
    void aBeaconLastingTwoDaysIsScoredOncePerDayLongWindow() {
        var events = beacon("10.0.0.5", "203.0.113.7", 8443, 60, 0.1, 48, 9, c -> c);
        var alerts = DetectorHarness.run(DETECTOR, events);
        assertThat(alerts).hasSize(2).allSatisfy(a -> {
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.incident()).isEqualTo("10.0.0.5 → 203.0.113.7");
            assertThat(a.lastNanos() - a.firstNanos()).isGreaterThan(23 * 3600 * TestEvents.SECOND);
        });
        assertThat(alerts.get(1).firstNanos()).isGreaterThanOrEqualTo(alerts.get(0).lastNanos());
    }

    @Test
    void theRitaWeightsMustAddUpToOne() {
        var bad = DetectConfig.empty().with("detectors.beacon.pair.timestamp_weight", "0.5");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BeaconDetector.config(bad))
                .hasMessageContaining("add up to 1");
    }
}
