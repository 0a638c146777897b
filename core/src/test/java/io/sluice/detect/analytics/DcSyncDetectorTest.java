package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.conn;
import static io.sluice.detect.analytics.WindowsRpc.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.Event;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DcSyncDetectorTest {

    private static final DcSyncDetector DETECTOR = new DcSyncDetector(DcSyncDetector.Config.defaults());
    private static final String DC1 = "10.0.0.2", DC2 = "10.0.0.3", WORKSTATION = "10.0.0.50";

    /** Workstations log on against both DCs (Kerberos, LDAP). */
    private static List<Event> domain() {
        var events = new ArrayList<Event>();
        events.addAll(conn("10.0.0.20", DC1, 88).at(1).both());
        events.addAll(conn("10.0.0.21", DC2, 389).at(2).both());
        return events;
    }

    @Test
    void replicationRequestedByAWorkstationIsCritical() {
        var events = domain();
        events.add(call(10, WORKSTATION, DC1, 49667, "drsuapi", "DRSBind"));
        events.add(call(11, WORKSTATION, DC1, 49667, "drsuapi", "DRSGetNCChanges"));
        assertThat(DetectorHarness.run(DETECTOR, DetectorHarness.inObservedOrder(events))).singleElement()
                .satisfies(a -> {
                    assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
                    assertThat(a.techniques()).contains(Technique.of("T1003.006"));
                    assertThat(a.srcHost()).isEqualTo(WORKSTATION);
                    assertThat(a.explanation()).contains("drsuapi DRSGetNCChanges").contains("2 domain controllers");
                });
    }

    @Test
    void replicationBetweenDomainControllersIsQuiet() {
        var events = domain();
        events.add(call(10, DC2, DC1, 49667, "drsuapi", "DRSGetNCChanges"));
        events.add(call(11, DC1, DC2, 49667, "drsuapi", "DRSReplicaSync"));
        assertThat(DetectorHarness.run(DETECTOR, DetectorHarness.inObservedOrder(events))).isEmpty();
    }

    @Test
    void aDcThatServesOthersOnlyLaterIsStillADc() {
        var events = new ArrayList<Event>();
        events.add(call(10, DC2, DC1, 49667, "drsuapi", "DRSGetNCChanges"));
        events.addAll(conn("10.0.0.21", DC2, 88).udp().at(300).both());
        assertThat(DetectorHarness.run(DETECTOR, DetectorHarness.inObservedOrder(events))).isEmpty();
    }

    @Test
    void otherDrsuapiCallsAreQuiet() {
        var events = domain();
        events.add(call(10, WORKSTATION, DC1, 49667, "drsuapi", "DRSCrackNames"));
        assertThat(DetectorHarness.run(DETECTOR, DetectorHarness.inObservedOrder(events))).isEmpty();
    }
}
