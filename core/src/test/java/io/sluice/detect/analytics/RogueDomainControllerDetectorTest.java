package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.conn;
import static io.sluice.detect.TestEvents.t;
import static io.sluice.detect.analytics.WindowsRpc.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.ConnId;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.protocol.dcerpc.DceRpcCall;
import io.sluice.protocol.smb.PipelineEvents;
import io.sluice.testing.Corpus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

class RogueDomainControllerDetectorTest {

    private static final RogueDomainControllerDetector DETECTOR =
            new RogueDomainControllerDetector(RogueDomainControllerDetector.Config.DEFAULTS);
    private static final String DC1 = "10.0.0.10", DC2 = "10.0.0.11", WORKSTATION = "10.0.0.23";

    /** Both DCs serve LDAP to clients, so the traffic shows who the DCs are. */
    private static List<Event> directoryService() {
        var events = new ArrayList<Event>();
        for (int i = 0; i < 3; i++) {
            events.add(conn("10.0.1." + i, DC1, 389).at(i).flow());
            events.add(conn("10.0.1." + i, DC2, 88).at(i).flow());
        }
        return events;
    }

    /**
     * The corpus's DCShadow capture (mimikatz, primaryGroupID 512 pushed to a standard account): the
     * drsuapi connection is picked up mid-stream, its first packet the DC's bind_ack, so the DC
     * (172.16.66.36, serving LDAP and netlogon) is its originator; the calls on it are the
     * workstation 172.16.66.1's, which plays the DC and registers itself with DRSReplicaAdd.
     */
    @Test
    @Tag("corpus")
    @EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
    void dcShadowCaptureShowsTheRogueRegisteringAsReplicationPartner() throws Exception {
        var events = PipelineEvents.run(Corpus.file(
                "pcap-attacks/pcap-attack/CredAccess/DCShadow_add_primarygroupid_512_to_std_account.pcapng")).emitted();
        var alerts = DetectorHarness.run(DETECTOR, DetectorHarness.inObservedOrder(events));
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.techniques()).containsExactly(Technique.of("T1207"));
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_TRAFFIC_CONTENT);
            // CRITICAL and from 172.16.66.1: its DRSReplicaAdd on the DC opens the incident; the DC's
            // ept_map on it (the explanation, the incident's latest evidence) joins it
            assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(a.srcHost()).isEqualTo("172.16.66.1");
            assertThat(a.dstHosts()).containsExactlyInAnyOrder("172.16.66.36", "172.16.66.1");
            assertThat(a.explanation()).contains("domain controller 172.16.66.36 looked up RPC endpoints (ept_map) on 172.16.66.1");
        });
    }

    /**
     * A connection picked up mid-stream with the DC's packet first: the DC is its originator, the
     * workstation's request comes from the responder, and the workstation is still the caller.
     */
    @Test
    void theCallerIsTheHostThatSentTheRequestNotTheOriginator() {
        var events = directoryService();
        events.add(new DceRpcCall(t(10.5), "Cmidstream", new ConnId(DC1, 49667, WORKSTATION, 52226), 1_000_000L, "49667",
                "drsuapi", "DRSReplicaAdd", false, null, null, true));
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(a.srcHost()).isEqualTo(WORKSTATION);
            assertThat(a.explanation()).startsWith(WORKSTATION + ", which is not a domain controller, called drsuapi"
                    + " DRSReplicaAdd on " + DC1);
        });
    }

    @Test
    void aWorkstationRegisteringADomainControllerAndServingReplicationIsCritical() {
        var events = directoryService();
        events.add(call(10, WORKSTATION, DC1, 49667, "drsuapi", "DRSBind"));
        events.add(call(10.5, WORKSTATION, DC1, 49667, "drsuapi", "DRSAddEntry"));
        events.add(call(11, DC1, WORKSTATION, 50321, "drsuapi", "DRSBind"));
        events.add(call(11.2, DC1, WORKSTATION, 50321, "drsuapi", "DRSGetNCChanges"));
        List<Alert> alerts = DetectorHarness.run(DETECTOR, events);
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(a.count()).isEqualTo(3); // AddEntry, and the DC's Bind and GetNCChanges on the rogue
            assertThat(a.explanation()).contains("domain controller 10.0.0.10 called drsuapi DRSGetNCChanges on 10.0.0.23");
            assertThat(a.dstHosts()).contains(DC1, WORKSTATION);
        });
        var registerOnly = directoryService();
        registerOnly.add(call(10.5, WORKSTATION, DC1, 49667, "drsuapi", "DRSAddEntry"));
        assertThat(DetectorHarness.run(DETECTOR, registerOnly)).singleElement().satisfies(a ->
                assertThat(a.explanation()).isEqualTo("10.0.0.23, which is not a domain controller, called drsuapi"
                        + " DRSAddEntry on 10.0.0.10: registering a domain controller or replication partner"
                        + " (2 domain controllers known)"));
    }

    @Test
    void replicationBetweenDomainControllersAndClientsLookingUpEndpointsIsQuiet() {
        var events = directoryService();
        events.add(call(10, DC1, DC2, 135, "epmapper", "ept_map"));
        events.add(call(10.1, DC1, DC2, 49667, "drsuapi", "DRSBind"));
        events.add(call(10.2, DC1, DC2, 49667, "drsuapi", "DRSGetNCChanges"));
        events.add(call(10.3, DC2, DC1, 49667, "drsuapi", "DRSReplicaAdd"));
        events.add(call(11, WORKSTATION, DC1, 135, "epmapper", "ept_map"));
        events.add(call(11.5, WORKSTATION, DC1, 49667, "drsuapi", "DRSCrackNames"));
        assertThat(DetectorHarness.run(DETECTOR, events)).isEmpty();
    }

    @Test
    void aDomainControllerFirstSeenServingAfterItsCallIsStillADomainController() {
        var events = new ArrayList<Event>();
        events.add(call(0, DC1, DC2, 49667, "drsuapi", "DRSGetNCChanges"));
        events.add(conn("10.0.1.5", DC1, 389).at(300).flow());
        events.add(conn("10.0.1.5", DC2, 389).at(500).flow());
        assertThat(DetectorHarness.run(DETECTOR, events)).isEmpty();
        // without the second DC's service, the call is judged at the end: a DC pulling from a non-DC
        assertThat(DetectorHarness.run(DETECTOR, events.subList(0, 2))).singleElement()
                .satisfies(a -> assertThat(a.severity()).isEqualTo(Severity.CRITICAL));
    }
}
