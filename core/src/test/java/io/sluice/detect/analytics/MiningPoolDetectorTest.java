package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.conn;
import static io.sluice.detect.analytics.FixedSizeTransferDetectorTest.ids;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MiningPoolDetectorTest {
    private static final MiningPoolDetector DETECTOR = new MiningPoolDetector(MiningPoolDetector.Config.defaults());
    private static final String HOST = "10.0.0.44", POOL = "51.15.65.182";

    @Test
    void hoursOfThinStratumTrafficToAPoolPortAreResourceHijacking() {
        // a miner reconnecting every hour: ~40 KiB out, ~70 KiB in per hour
        var events = new ArrayList<Event>();
        for (int h = 0; h < 6; h++) {
            events.add(conn(HOST, POOL, 3333).at(h * 3600).duration(3_590).bytes(40_000, 70_000).pkts(300, 320).flow());
        }
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement().satisfies(a -> {
            assertThat(a.detectorId()).isEqualTo("miner.pool");
            assertThat(ids(a)).containsExactly("T1496");
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_TRAFFIC_FLOW);
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.explanation()).isEqualTo("10.0.0.44 → 51.15.65.182: 6.0 h connected to mining-pool port tcp/3333 "
                    + "in 6 connections, sending 234.4 KiB and receiving 410.2 KiB (11 and 19 bytes/s: a miner's trickle of "
                    + "jobs and shares)");
        });
    }

    @Test
    void ordinaryTrafficOnAndOffThePoolPortsIsQuiet() {
        var events = new ArrayList<Event>();
        events.add(conn(HOST, POOL, 22).service("ssh").duration(7_200).bytes(40_000, 70_000).flow()); // not a pool port
        events.add(conn(HOST, POOL, 4444).duration(60).bytes(4_000, 7_000).flow()); // a minute
        events.add(conn(HOST, POOL, 5555).at(100).duration(3_600).bytes(2L << 30, 1_000_000).flow()); // a bulk transfer
        events.add(conn(HOST, "10.0.0.9", 3333).local(true, true).duration(7_200).bytes(40_000, 70_000).flow()); // inside
        events.add(conn(HOST, "52.1.1.1", 7777).duration(7_200).bytes(40_000, 0).flow()); // nothing came back
        assertThat(DetectorHarness.run(DETECTOR, events)).isEmpty();
    }

    @Test
    void thresholdsAreThirtyMinutesAndFourKibibytesPerSecond() {
        var under = conn(HOST, POOL, 14444).duration(1_799).bytes(10_000, 10_000).flow();
        assertThat(DetectorHarness.run(DETECTOR, List.of(under))).isEmpty();
        var at = conn(HOST, POOL, 14444).duration(1_800).bytes(10_000, 10_000).flow();
        assertThat(DetectorHarness.run(DETECTOR, List.of(at))).hasSize(1);
        var atRate = conn(HOST, POOL, 14444).duration(1_800).bytes(4096L * 1_800, 10_000).flow();
        assertThat(DetectorHarness.run(DETECTOR, List.of(atRate))).hasSize(1);
        var aboveRate = conn(HOST, POOL, 14444).duration(1_800).bytes(4096L * 1_800 + 1, 10_000).flow();
        assertThat(DetectorHarness.run(DETECTOR, List.of(aboveRate))).isEmpty();
    }
}
