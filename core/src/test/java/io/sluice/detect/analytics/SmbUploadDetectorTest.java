package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.conn;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.detect.baseline.BaselineConfig;
import io.sluice.detect.baseline.HostBaselines;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmbUploadDetectorTest {

    private static final SmbUploadDetector DETECTOR = new SmbUploadDetector(SmbUploadDetector.Config.DEFAULTS);

    @Test
    void aToolPushedToTwoWorkstationsFromFlowRecordsIsLateralToolTransfer() {
        var flows = List.<Event>of(
                // PsExec-style: a ~400 KiB binary written to each target's ADMIN$, little read back
                conn("10.0.0.23", "10.0.0.41", 445).at(0).duration(2).bytes(412_000, 9_000).source("netflow").flow(),
                conn("10.0.0.23", "10.0.0.42", 445).at(30).duration(2).bytes(412_000, 9_000).source("netflow").flow(),
                // the RPC that starts it: two-way and small
                conn("10.0.0.23", "10.0.0.41", 445).at(3).bytes(6_000, 5_000).source("netflow").flow());
        var alerts = DetectorHarness.run(DETECTOR, flows);
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.techniques()).containsExactly(Technique.of("T1570"));
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_TRAFFIC_FLOW);
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.srcHost()).isEqualTo("10.0.0.23");
            assertThat(a.dstHosts()).containsExactlyInAnyOrder("10.0.0.41", "10.0.0.42");
            assertThat(a.count()).isEqualTo(2);
            assertThat(a.explanation()).contains("pushed 402.3 KiB over SMB to 10.0.0.4", "served SMB to 1 client");
        });
    }

    @Test
    void savingFilesOnAFileServerAndReadingFromPeersIsQuiet() {
        var flows = new ArrayList<Event>();
        for (int i = 0; i < 8; i++) {
            flows.add(conn("10.0.0." + (20 + i), "10.0.0.10", 445).at(i * 60).bytes(2_000_000, 40_000).flow());
        }
        flows.add(conn("10.0.0.23", "10.0.0.41", 445).at(10).bytes(20_000, 3_000_000).flow()); // a read
        flows.add(conn("10.0.0.23", "10.0.0.41", 445).at(20).bytes(90_000, 2_000).flow()); // below 100 KiB
        flows.add(conn("10.0.0.23", "45.77.10.20", 445).at(30).bytes(900_000, 2_000).flow()); // not inside
        assertThat(DetectorHarness.run(DETECTOR, flows)).isEmpty();
    }

    @Test
    void aSmallOfficesFileServerDeclaredAServerIsNotReported() {
        // four clients save files on 10.0.0.10, fewer than the five that make it a file server by traffic
        var flows = new ArrayList<Event>();
        for (int i = 0; i < 4; i++) {
            flows.add(conn("10.0.0." + (20 + i), "10.0.0.10", 445).at(i * 60).bytes(2_000_000, 40_000).flow());
        }
        assertThat(DetectorHarness.run(DETECTOR, flows)).as("undeclared: taken for a workstation").hasSize(4);
        var roles = new HostBaselines(BaselineConfig.defaults().withRoles(5, List.of("10.0.0.10/32"), List.of()));
        assertThat(DetectorHarness.run(new SmbUploadDetector(SmbUploadDetector.Config.DEFAULTS, roles), flows)).isEmpty();
        var other = new HostBaselines(BaselineConfig.defaults().withRoles(5, List.of("10.0.0.11/32"), List.of()));
        assertThat(DetectorHarness.run(new SmbUploadDetector(SmbUploadDetector.Config.DEFAULTS, other), flows)).hasSize(4);
    }

    @Test
    void theRatioAndSizeThresholdsAreInclusive() {
        var at = List.<Event>of(conn("10.0.0.23", "10.0.0.41", 445).bytes(102_400, 25_600).flow());
        assertThat(DetectorHarness.run(DETECTOR, at)).hasSize(1);
        var below = List.<Event>of(conn("10.0.0.23", "10.0.0.41", 445).bytes(102_400, 25_601).flow());
        assertThat(DetectorHarness.run(DETECTOR, below)).isEmpty();
    }
}
