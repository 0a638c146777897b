package io.sluice.detect.analytics;

import static io.sluice.detect.analytics.FixedSizeTransferDetectorTest.ids;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.detect.TestEvents;
import java.util.List;
import org.junit.jupiter.api.Test;

class OneWayTransferDetectorTest {
    private static final OneWayTransferDetector DETECTOR = new OneWayTransferDetector(OneWayTransferDetector.Config.defaults());

    @Test
    void chunkedUploadsAddUpToOneWayVolume() {
        var alerts = DetectorHarness.run(DETECTOR, FixedSizeTransferDetectorTest.chunks(48, 512 * 1024, 600, 1));
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.detectorId()).isEqualTo("exfil.ratio");
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(ids(a)).containsExactly("T1048");
            assertThat(a.explanation()).contains("sent 24.0 MiB and received 4.5 KiB (5,461 to 1) in 48 connections over 8 h");
        });
    }

    @Test
    void oneLargeUploadOverTheWebIsExfiltrationOverAWebServiceOrC2() {
        var up = TestEvents.conn("10.0.0.88", "203.0.113.50", 443).service("ssl").duration(120)
                .bytes(40L << 20, 200_000).flow();
        assertThat(DetectorHarness.run(DETECTOR, List.of(up))).singleElement().satisfies(a -> {
            assertThat(ids(a)).containsExactly("T1048", "T1567", "T1041");
            assertThat(a.explanation()).contains("sent 40.0 MiB and received 195.3 KiB (210 to 1) in 1 connections");
        });
    }

    @Test
    void aCleartextUploadIsExfiltrationOverAnUnencryptedProtocol() {
        var ftp = TestEvents.conn("10.0.0.88", "203.0.113.51", 20).service("ftp-data").duration(120)
                .bytes(9L << 20, 2_000).flow();
        assertThat(DetectorHarness.run(DETECTOR, List.of(ftp))).singleElement()
                .satisfies(a -> assertThat(ids(a)).containsExactly("T1048", "T1048.003"));
    }

    @Test
    void volumeNeedsEightMebibytesAndTenToOne() {
        var justBelow = TestEvents.conn("10.0.0.88", "203.0.113.50", 443).bytes((8L << 20) - 1, 0).flow();
        assertThat(DetectorHarness.run(DETECTOR, List.of(justBelow))).isEmpty();
        var at = TestEvents.conn("10.0.0.88", "203.0.113.50", 443).bytes(8L << 20, 0).flow();
        assertThat(DetectorHarness.run(DETECTOR, List.of(at))).hasSize(1);
        var balanced = TestEvents.conn("10.0.0.88", "203.0.113.50", 443).bytes(20L << 20, 3L << 20).flow();
        assertThat(DetectorHarness.run(DETECTOR, List.of(balanced))).isEmpty();
        var download = TestEvents.conn("10.0.0.88", "203.0.113.50", 443).bytes(2_000, 500L << 20).flow();
        assertThat(DetectorHarness.run(DETECTOR, List.of(download))).isEmpty();
    }

    @Test
    void internalCopiesAreNotExfiltration() {
        var backup = TestEvents.conn("10.0.0.88", "10.0.0.10", 445).service("smb").bytes(900L << 20, 10_000).flow();
        assertThat(DetectorHarness.run(DETECTOR, List.of(backup))).isEmpty();
    }
}
