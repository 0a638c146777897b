package io.sluice.detect.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.TestEvents;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StagedChannelDetectorTest {
    private static final StagedChannelDetector DETECTOR = new StagedChannelDetector(StagedChannelDetector.Config.DEFAULTS);
    private static final String HOST = "10.0.0.5";
    private static final String STAGER = "81.2.69.142";
    private static final String C2 = "81.2.69.160";

    /**
     * conn.log rows: a {@code stage}-byte download from the stager (10 s long), then {@code delay}
     * seconds after it ended, {@code beats} check-ins to a new C2 every 60 s, all but the first moved by up to ± {@code jitter} s.
     */
    static List<Event> staged(long stage, double delay, int beats, double jitter) {
        var events = new ArrayList<Event>();
        events.add(TestEvents.conn(HOST, STAGER, 80).at(100).service("http").duration(10).bytes(350, stage).flow());
        var random = new java.util.SplittableRandom(5);
        for (int i = 0; i < beats; i++) {
            double wobble = i == 0 ? 0 : (2 * random.nextDouble() - 1) * jitter;
            events.add(TestEvents.conn(HOST, C2, 8443).at(110 + delay + i * 60.0 + wobble).origPort(47_000 + i)
                    .duration(0.3).bytes(420, 96).flow());
        }
        return DetectorHarness.inObservedOrder(events);
    }

    @Test
    void aPayloadDownloadFollowedByASteadyRhythmToANewHostIsAMultiStageChannel() {
        assertThat(DetectorHarness.run(DETECTOR, staged(262_144, 30, 8, 3))).singleElement().satisfies(a -> {
            assertThat(a.detectorId()).isEqualTo("c2.multi_stage");
            assertThat(a.techniques()).extracting(Technique::id).containsExactly("T1104");
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_TRAFFIC_FLOW);
            assertThat(a.dstHosts()).containsExactly(STAGER, C2);
            assertThat(a.evidenceCount()).isEqualTo(6);
            assertThat(a.explanation()).matches("10\\.0\\.0\\.5 downloaded 256\\.0 KiB from 81\\.2\\.69\\.142, then 30 s later began"
                    + " connecting to 81\\.2\\.69\\.160:8443, never contacted before: 5 connections every [56]\\d s ± [0-3] s: a second"
                    + " stage checking in on its own channel");
        });
    }

    @Test
    void theStageSizeTheDelayTheBeatsAndTheRhythmAreThresholds() {
        assertThat(DetectorHarness.run(DETECTOR, staged(100 * 1024 - 1, 30, 8, 3))).isEmpty();
        assertThat(DetectorHarness.run(DETECTOR, staged(100 * 1024, 30, 8, 3))).hasSize(1);
        assertThat(DetectorHarness.run(DETECTOR, staged(262_144, 600, 8, 3))).hasSize(1);
        assertThat(DetectorHarness.run(DETECTOR, staged(262_144, 601, 8, 3))).isEmpty();
        assertThat(DetectorHarness.run(DETECTOR, staged(262_144, 30, 4, 3))).isEmpty();
        // gaps cycling 30, 60, 90 s: median 60, MAD 30, twice the 0.25 allowed
        var uneven = new ArrayList<Event>(staged(262_144, 30, 1, 0));
        double at = 140;
        for (int i = 1; i < 20; i++) {
            at += 30 * (1 + (i + 2) % 3);
            uneven.add(TestEvents.conn(HOST, C2, 8443).at(at).origPort(49_000 + i).duration(0.3).bytes(420, 96).flow());
        }
        assertThat(DetectorHarness.run(DETECTOR, DetectorHarness.inObservedOrder(uneven))).isEmpty();
    }

    @Test
    void aDownloadFollowedByAKnownHostOrByBrowsingStaysQuiet() {
        var known = new ArrayList<Event>();
        known.add(TestEvents.conn(HOST, C2, 8443).at(10).flow());
        known.addAll(staged(262_144, 30, 8, 3));
        assertThat(DetectorHarness.run(DETECTOR, DetectorHarness.inObservedOrder(known))).isEmpty();
        var browsing = new ArrayList<Event>();
        browsing.add(TestEvents.conn(HOST, STAGER, 443).at(100).duration(4).bytes(900, 2_000_000).flow());
        double[] at = {130, 133, 190, 400, 402, 403, 900};
        for (int i = 0; i < at.length; i++) {
            browsing.add(TestEvents.conn(HOST, C2, 443).at(at[i]).origPort(48_000 + i).bytes(700, 40_000).flow());
        }
        assertThat(DetectorHarness.run(DETECTOR, DetectorHarness.inObservedOrder(browsing))).isEmpty();
    }
}
