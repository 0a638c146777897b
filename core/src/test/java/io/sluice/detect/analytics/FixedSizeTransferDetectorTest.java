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

class FixedSizeTransferDetectorTest {
    private static final FixedSizeTransferDetector DETECTOR =
            new FixedSizeTransferDetector(FixedSizeTransferDetector.Config.defaults());

    static List<String> ids(Alert a) {
        return a.techniques().stream().map(Technique::id).toList();
    }

    /** {@code n} uploads of {@code size} bytes every {@code period} s ± 5%, each answered by 96 bytes. */
    static List<Event> chunks(int n, long size, double period, long seed) {
        var random = new SplittableRandom(seed);
        var out = new ArrayList<Event>();
        double at = 0;
        for (int i = 0; i < n; i++) {
            out.add(TestEvents.conn("10.0.0.88", "198.51.100.200", 443).origPort(50_000 + i).at(at).duration(4)
                    .bytes(size, 96).pkts(size / 1460 + 3, size / 2920 + 3).flow());
            at += period * (1 + 0.05 * (2 * random.nextDouble() - 1));
        }
        return DetectorHarness.inObservedOrder(out);
    }

    @Test
    void fixedSizeUploadsAtRegularIntervalsAreDataTransferSizeLimits() {
        assertThat(DetectorHarness.run(DETECTOR, chunks(48, 512 * 1024, 600, 1))).singleElement().satisfies(a -> {
            assertThat(a.detectorId()).isEqualTo("exfil.fixed_size");
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(ids(a)).containsExactly("T1030", "T1020", "T1029");
            assertThat(a.explanation()).startsWith("10.0.0.88 → 198.51.100.200: 48 uploads of 512.0 KiB ± 0 B every ")
                    .contains("24.0 MiB in all");
            assertThat(a.evidenceCount()).isEqualTo(48);
        });
    }

    @Test
    void uploadsStartCountingAtSixAndAt16KiB() {
        assertThat(DetectorHarness.run(DETECTOR, chunks(5, 64 * 1024, 600, 2))).isEmpty();
        assertThat(DetectorHarness.run(DETECTOR, chunks(6, 64 * 1024, 600, 2))).hasSize(1);
        assertThat(DetectorHarness.run(DETECTOR, chunks(48, 16 * 1024 - 1, 600, 2))).isEmpty();
        assertThat(DetectorHarness.run(DETECTOR, chunks(48, 16 * 1024, 600, 2))).hasSize(1);
    }

    @Test
    void uploadsOfVaryingSizesOrAtRandomTimesAreNotChunks() {
        var random = new SplittableRandom(3);
        var sizes = new ArrayList<Event>();
        var times = new ArrayList<Event>();
        double at = 0;
        for (int i = 0; i < 40; i++) {
            sizes.add(TestEvents.conn("10.0.0.88", "198.51.100.200", 443).origPort(50_000 + i).at(i * 600.0)
                    .bytes(20_000 + random.nextInt(2_000_000), 500).flow());
            at += 1 + random.nextInt(7200);
            times.add(TestEvents.conn("10.0.0.88", "198.51.100.201", 443).origPort(50_000 + i).at(at)
                    .bytes(512 * 1024, 500).flow());
        }
        assertThat(DetectorHarness.run(DETECTOR, DetectorHarness.inObservedOrder(sizes))).isEmpty();
        assertThat(DetectorHarness.run(DETECTOR, DetectorHarness.inObservedOrder(times))).isEmpty();
    }

    @Test
    void aRegularDownloadIsNotAnUpload() {
        var out = new ArrayList<Event>();
        for (int i = 0; i < 48; i++) {
            out.add(TestEvents.conn("10.0.0.88", "198.51.100.200", 443).origPort(50_000 + i).at(i * 600.0)
                    .bytes(20_000, 2_000_000).flow());
        }
        assertThat(DetectorHarness.run(DETECTOR, DetectorHarness.inObservedOrder(out))).isEmpty();
    }
}
