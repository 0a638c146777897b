package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.conn;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExternalSmbDetectorTest {

    private static final ExternalSmbDetector DETECTOR = new ExternalSmbDetector(ExternalSmbDetector.Config.DEFAULTS);

    @TempDir
    Path dir;

    /** An SMB2 NEGOTIATE request's first bytes (NetBIOS session header, then the SMB2 header magic). */
    private static final String SMB2_NEGOTIATE = "\u0000\u0000\u0000\u0044\u00feSMB\u0040\u0000" + "\u0000".repeat(58);
    private static final String SMB2_RESPONSE = "\u0000\u0000\u0000\u0044\u00feSMB\u0040\u0000\u0000\u0000\u0000\u0000"
            + "\u0001\u0000" + "\u0000".repeat(56);

    /**
     * The lure server's address is a public one outside the documentation ranges: the pipeline's
     * local networks are Zeek's defaults, which count TEST-NET addresses as local.
     */
    @Test
    void aLuredClientSendingSmbToTheInternetThroughThePipelineIsForcedAuthentication() {
        var events = new CraftedCapture()
                .request("10.0.0.23", 50_100, "45.77.10.20", 445, SMB2_NEGOTIATE, SMB2_RESPONSE)
                .request("10.0.0.23", 50_101, "45.77.10.20", 445, SMB2_NEGOTIATE, SMB2_RESPONSE)
                .events(dir);
        assertThat(events).filteredOn(FlowRecord.class::isInstance).hasSize(2);
        var alerts = DetectorHarness.run(DETECTOR, events);
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.techniques()).containsExactly(Technique.of("T1187"));
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_TRAFFIC_FLOW);
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.srcHost()).isEqualTo("10.0.0.23");
            assertThat(a.dstHosts()).containsExactly("45.77.10.20");
            assertThat(a.explanation()).contains("opened 2 connections (smb/445) to 1 address outside the network",
                    "2 answered");
        });
    }

    @Test
    void blockedAttemptsFromAFlowExportAreMedium() {
        var flows = List.<Event>of(
                conn("10.0.0.23", "198.51.100.7", 445).at(0).state("S0").source("netflow").flow(),
                conn("10.0.0.23", "198.51.100.7", 139).at(3).state("S0").source("netflow").flow(),
                conn("10.0.0.23", "198.51.100.7", 137).udp().pkts(1, 0).bytes(50, 0).at(4).source("netflow").flow());
        assertThat(DetectorHarness.run(DETECTOR, flows)).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.explanation()).contains("3 connections (netbios/137, smb/139, smb/445)", "0 answered");
        });
    }

    @Test
    void smbInsideTheNetworkAndOtherTrafficOutsideIsQuiet() {
        var flows = new ArrayList<Event>();
        for (int i = 0; i < 20; i++) {
            flows.add(conn("10.0.0.23", "10.0.0." + (100 + i), 445).at(i).flow());
            flows.add(conn("10.0.0.23", "93.184.216.34", 443).at(i).flow());
            flows.add(conn("10.0.0.23", "93.184.216.34", 80).at(i).flow());
        }
        // an outside host reaching in on 445 is a scan or an exposure, not a lure
        flows.add(conn("45.77.10.20", "10.0.0.23", 445).local(false, true).at(30).flow());
        assertThat(DetectorHarness.run(DETECTOR, flows)).isEmpty();
    }

    @Test
    void ignoredDestinationsAndOtherPortsCanBeConfigured() {
        var flow = conn("10.0.0.23", "20.60.1.2", 445).flow();
        var ignoring = new ExternalSmbDetector(ExternalSmbDetector.config(
                DetectConfig.empty().with("detectors.smb.external.ignore_destinations", "20.60.1.2")));
        assertThat(DetectorHarness.run(ignoring, List.of(flow))).isEmpty();
        var only445 = new ExternalSmbDetector(ExternalSmbDetector.config(
                DetectConfig.empty().with("detectors.smb.external.ports", "445")));
        assertThat(DetectorHarness.run(only445, List.of(conn("10.0.0.23", "20.60.1.2", 139).flow()))).isEmpty();
        assertThat(DetectorHarness.run(only445, List.of(flow))).hasSize(1);
    }
}
