package io.sluice.detect.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.DetectorHarness;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import io.sluice.protocol.smtp.SmtpTransaction;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link BeaconDetector} on the kinds of channel its service and sizes tell apart: beacons over
 * file-transfer protocols (T1071.002) and mail protocols (T1071.003), and beats that are bulk
 * uploads (T1029 Scheduled Transfer).
 */
class BeaconChannelKindsTest {
    private static final BeaconDetector DETECTOR = new BeaconDetector(BeaconDetector.Config.defaults());

    private static List<String> ids(Alert a) {
        return a.techniques().stream().map(Technique::id).toList();
    }

    /** Flow records (conn.log rows) of a day-long beacon whose service names the protocol. */
    @ParameterizedTest(name = "{0} beacon on port {1} -> {2}")
    @CsvSource({
        "ftp, 21, T1071.002",
        "ftp-data, 20, T1071.002",
        "tftp, 69, T1071.002",
        "smtp, 587, T1071.003",
        "imap, 143, T1071.003",
        "pop3, 110, T1071.003",
    })
    void aBeaconOverAFileTransferOrMailProtocolNamesItsSubTechnique(String service, int port, String technique) {
        var events = BeaconDetectorTest.beacon("10.0.0.5", "203.0.113.21", port, 300, 0.05, 24, 11,
                c -> c.service(service).bytes(180, 90));
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement().satisfies(a -> {
            assertThat(ids(a)).contains("T1071", technique).doesNotContain("T1071.001", "T1573", "T1029");
            assertThat(a.explanation()).containsPattern("every 30\\d s").contains(service + ")");
        });
    }

    /**
     * The same day-long rhythm through the real pipeline: FTP sessions crafted frame by frame, on
     * an address outside Zeek's default local networks (which include the documentation ranges).
     */
    @Test
    void anFtpBeaconThroughThePipelineIsNamedByTheFtpDissector(@TempDir Path dir) {
        var capture = new CraftedCapture();
        for (int i = 0; i < 24 * 6; i++) {
            if (i % 25 == 7) continue; // a beat missed now and then
            capture.at(i * 600.0 + (i % 3)).tcp("10.0.0.5", 40000 + i, "81.2.69.142", 21,
                    "220 files.example.net FTP server ready\r\n", "USER bot" + (i % 2) + "\r\n");
        }
        List<Event> events = capture.events(dir);
        assertThat(events).filteredOn(FlowRecord.class::isInstance).allSatisfy(e -> assertThat(((FlowRecord) e).service()).isEqualTo("ftp"));
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement().satisfies(a -> {
            assertThat(ids(a)).containsExactly("T1071", "T1071.002");
            assertThat(a.srcHost()).isEqualTo("10.0.0.5");
            assertThat(a.dstPorts()).containsExactly(21);
            assertThat(a.explanation()).containsPattern("every 60\\d s").contains("over a file-transfer protocol (ftp)");
        });
    }

    /** SMTP on its submission port, crafted and dissected: a mail-protocol beacon. */
    @Test
    void anSmtpBeaconThroughThePipelineIsNamedByTheSmtpDissector(@TempDir Path dir) {
        var capture = new CraftedCapture();
        for (int i = 0; i < 24 * 6; i++) {
            if (i % 25 == 3) continue;
            capture.at(i * 600.0 + (i % 2)).tcp("10.0.0.5", 41000 + i, "81.2.69.160", 587,
                    "220 mx.example.org ESMTP ready\r\n", "EHLO ws-5\r\n");
        }
        List<Event> events = capture.events(dir);
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement().satisfies(a -> {
            assertThat(ids(a)).containsExactly("T1071", "T1071.003");
            assertThat(a.explanation()).contains("over a mail protocol (smtp)");
        });
        assertThat(events).noneMatch(SmtpTransaction.class::isInstance); // EHLO alone is no transaction: the service came from the greeting
    }

    @Test
    void hourlyBulkUploadsAreAScheduledTransfer() {
        var events = BeaconDetectorTest.beacon("10.0.0.5", "203.0.113.40", 443, 3600, 0.002, 24, 12,
                c -> c.service("ssl").bytes(5_000_000, 4_000).duration(20));
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement().satisfies(a -> {
            assertThat(ids(a)).contains("T1071", "T1029");
            assertThat(a.explanation()).containsPattern("every 360\\d s").contains("a scheduled transfer").contains("MiB");
        });
    }

    @Test
    void theScheduledTransferSizeIsAThresholdOnTheMedianUpload() {
        var config = BeaconDetector.config(DetectConfig.empty().with("detectors.beacon.pair.scheduled_transfer_bytes", "100000"));
        var detector = new BeaconDetector(config);
        // orig IP bytes = payload + 40 per packet (6 packets): 99,760 is below, 100,000 at the threshold
        var below = BeaconDetectorTest.beacon("10.0.0.5", "203.0.113.40", 8080, 900, 0.01, 24, 13, c -> c.bytes(99_760 - 1, 100));
        var at = BeaconDetectorTest.beacon("10.0.0.5", "203.0.113.40", 8080, 900, 0.01, 24, 13, c -> c.bytes(99_760, 100));
        assertThat(DetectorHarness.run(detector, below)).singleElement().satisfies(a -> assertThat(ids(a)).doesNotContain("T1029"));
        assertThat(DetectorHarness.run(detector, at)).singleElement().satisfies(a -> assertThat(ids(a)).contains("T1029"));
    }

    @Test
    void checkInsOfAFewHundredBytesAreNotAScheduledTransfer() {
        var events = BeaconDetectorTest.beacon("10.0.0.5", "203.0.113.7", 8443, 60, 0.1, 24, 1, c -> c);
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement()
                .satisfies(a -> assertThat(ids(a)).containsExactly("T1071"));
    }

    @Test
    void irregularFtpAndMailSessionsStayQuiet() {
        var random = new java.util.SplittableRandom(14);
        var flows = new java.util.ArrayList<Event>();
        for (int i = 0; i < 40; i++) {
            double at = 8 * 3600 + random.nextDouble() * 10 * 3600;
            boolean ftp = random.nextBoolean();
            flows.add(io.sluice.detect.TestEvents.conn("10.0.0.8", ftp ? "203.0.113.21" : "198.51.100.25", ftp ? 21 : 587)
                    .at(at).service(ftp ? "ftp" : "smtp").bytes(200 + random.nextInt(90_000), 300 + random.nextInt(4000))
                    .flow());
        }
        assertThat(DetectorHarness.run(DETECTOR, DetectorHarness.inObservedOrder(flows))).isEmpty();
    }
}
