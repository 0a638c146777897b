package io.sluice.detect.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.detect.TestEvents;
import io.sluice.event.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ExfiltrationDetectorTest {
    private static final ExfiltrationDetector DETECTOR = new ExfiltrationDetector(ExfiltrationDetector.Config.defaults());

    private static List<String> ids(Alert a) {
        return a.techniques().stream().map(Technique::id).toList();
    }

    /** {@code n} uploads of {@code size} bytes every {@code period} s ± 5%, each answered by 96 bytes. */
    static List<Event> chunks(int n, long size, double period, String service, long seed) {
        var random = new SplittableRandom(seed);
        var out = new ArrayList<Event>();
        double at = 0;
        for (int i = 0; i < n; i++) {
            var c = TestEvents.conn("10.0.0.88", "198.51.100.200", 443).origPort(50_000 + i).at(at).duration(4)
                    .bytes(size, 96).pkts(size / 1460 + 3, size / 2920 + 3);
            if (service != null) c.service(service);
            out.add(c.flow());
            at += period * (1 + 0.05 * (2 * random.nextDouble() - 1));
        }
        return DetectorHarness.inObservedOrder(out);
    }

    @Test
    void fixedSizeUploadsAtRegularIntervalsAreDataTransferSizeLimits() {
        var alerts = DetectorHarness.run(DETECTOR, chunks(48, 512 * 1024, 600, null, 1));
        assertThat(alerts).anySatisfy(a -> {
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(ids(a)).containsExactly("T1030", "T1020", "T1029");
            assertThat(a.explanation()).startsWith("10.0.0.88 → 198.51.100.200: 48 uploads of 512.0 KiB ± 0 B every ");
        });
        // 24 MiB out, 4.5 KiB in: also the one-way finding.
        assertThat(alerts).anySatisfy(a -> {
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(ids(a)).containsExactly("T1048");
            assertThat(a.explanation()).contains("sent 24.0 MiB and received 4.5 KiB");
        });
    }

    @Test
    void chunksStartCountingAtSixAndAt16KiB() {
        assertThat(DetectorHarness.run(DETECTOR, chunks(5, 64 * 1024, 600, null, 2)))
                .noneMatch(a -> ids(a).contains("T1030"));
        assertThat(DetectorHarness.run(DETECTOR, chunks(6, 64 * 1024, 600, null, 2)))
                .anyMatch(a -> ids(a).contains("T1030"));
        assertThat(DetectorHarness.run(DETECTOR, chunks(48, 16 * 1024 - 1, 600, null, 2))).isEmpty();
    }

    @Test
    void uploadsOfVaryingSizesAreNotChunks() {
        var random = new SplittableRandom(3);
        var out = new ArrayList<Event>();
        for (int i = 0; i < 40; i++) {
            long size = 20_000 + random.nextInt(2_000_000);
            out.add(TestEvents.conn("10.0.0.88", "198.51.100.200", 443).origPort(50_000 + i).at(i * 600.0)
                    .bytes(size, 500).flow());
        }
        assertThat(DetectorHarness.run(DETECTOR, DetectorHarness.inObservedOrder(out)))
                .noneMatch(a -> ids(a).contains("T1030"))
                .anyMatch(a -> ids(a).contains("T1048"));
    }

    @Test
    void oneLargeUploadOverTheWebIsOneWayVolume() {
        var up = TestEvents.conn("10.0.0.88", "203.0.113.50", 443).service("ssl").duration(120)
                .bytes(40L << 20, 200_000).flow();
        assertThat(DetectorHarness.run(DETECTOR, List.of(up))).singleElement().satisfies(a -> {
            assertThat(ids(a)).containsExactly("T1048", "T1567", "T1041");
            assertThat(a.explanation()).contains("sent 40.0 MiB and received 195.3 KiB (210 to 1) in 1 connections");
        });
        var cleartext = TestEvents.conn("10.0.0.88", "203.0.113.51", 21).service("ftp-data").duration(120)
                .bytes(9L << 20, 2_000).flow();
        assertThat(DetectorHarness.run(DETECTOR, List.of(cleartext))).singleElement()
                .satisfies(a -> assertThat(ids(a)).containsExactly("T1048", "T1048.003"));
    }

    @Test
    void oneWayVolumeNeedsEightMebibytesAndTenToOne() {
        var small = TestEvents.conn("10.0.0.88", "203.0.113.50", 443).bytes((8L << 20) - 1, 0).flow();
        assertThat(DetectorHarness.run(DETECTOR, List.of(small))).isEmpty();
        var balanced = TestEvents.conn("10.0.0.88", "203.0.113.50", 443).bytes(20L << 20, 3L << 20).flow();
        assertThat(DetectorHarness.run(DETECTOR, List.of(balanced))).isEmpty();
        var download = TestEvents.conn("10.0.0.88", "203.0.113.50", 443).bytes(2_000, 500L << 20).flow();
        assertThat(DetectorHarness.run(DETECTOR, List.of(download))).isEmpty();
    }

    @Test
    void bigPingsCarryingDataAreAnUnexpectedProtocol() {
        var out = new ArrayList<Event>();
        for (int i = 0; i < 120; i++) {
            out.add(TestEvents.conn("10.0.0.66", "192.0.2.200", 8).icmp().at(i * 30.0).duration(10)
                    .bytes(10 * 1_000, 10 * 8).pkts(10, 10).flow());
        }
        assertThat(DetectorHarness.run(DETECTOR, DetectorHarness.inObservedOrder(out))).singleElement().satisfies(a -> {
            assertThat(ids(a)).containsExactly("T1048", "T1048.003");
            assertThat(a.explanation()).contains("over ICMP in 1,200 packets (1000 bytes each");
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
    void dnsQueriesStuffedWithDataAreAnUnexpectedProtocolFromItsThresholdOn() {
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
}
