package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.conn;
import static io.sluice.detect.analytics.WindowsRpc.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import java.nio.file.Path;
import io.sluice.protocol.smb.PipelineEvents;
import io.sluice.testing.Corpus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

class UserDiscoveryDetectorTest {

    private static final UserDiscoveryDetector DETECTOR = new UserDiscoveryDetector(UserDiscoveryDetector.Config.defaults());

    private static List<Alert> capture(String rel) throws Exception {
        return DetectorHarness.run(DETECTOR,
                DetectorHarness.inObservedOrder(PipelineEvents.run(Corpus.file(rel)).emitted()));
    }

    @Test
    @Tag("corpus")
    @EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
    void psLoggedOnOpensRemoteHkeyUsers() throws Exception {
        var alerts = capture("pcap-attacks/pcap-attack/Discovery/"
                + "Discovery_PsLoggedOn_remotelocalusers_enum_winreg_lsarpc_dcerpc_smb.pcapng");
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.techniques()).contains(Technique.of("T1033"));
            assertThat(a.srcHost()).isEqualTo("172.16.66.1");
            assertThat(a.dstHosts()).containsExactly("172.16.66.36");
            assertThat(a.explanation()).contains("winreg OpenUsers");
        });
    }

    @Test
    void sessionSweepOverFiveHostsIsHigh() {
        var events = new ArrayList<Event>();
        for (int i = 0; i < 5; i++) {
            events.add(call(i, "10.0.0.5", "10.0.0." + (20 + i), 445, "srvsvc", "NetrSessionEnum"));
            events.add(call(i + 0.1, "10.0.0.5", "10.0.0." + (20 + i), 445, "wkssvc", "NetrWkstaUserEnum"));
        }
        var alerts = DetectorHarness.run(DETECTOR, events);
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.dstHosts()).hasSize(5);
            assertThat(a.explanation()).contains("asked 5 hosts");
        });
        assertThat(DetectorHarness.run(DETECTOR, events.subList(0, 8))).singleElement()
                .satisfies(a -> assertThat(a.severity()).isEqualTo(Severity.MEDIUM));
    }

    @Test
    void otherRpcIsQuiet() {
        assertThat(DetectorHarness.run(DETECTOR, List.<Event>of(
                call(0, "10.0.0.5", "10.0.0.20", 445, "srvsvc", "NetrShareEnum"),
                call(1, "10.0.0.5", "10.0.0.20", 445, "winreg", "OpenLocalMachine"),
                call(2, "10.0.0.5", "10.0.0.20", 445, "lsarpc", "LsarLookupSids2")))).isEmpty();
    }

    private static final String FINGER_LISTING = "Login     Name            Tty      Idle  Login Time   Office\r\n"
            + "jdoe      Jane Doe        pts/0      2d  Nov 26 09:12 (10.0.0.7)\r\n"
            + "admin     Domain Admin    pts/1          Nov 28 08:01 (10.0.0.23)\r\n";

    /** {@code finger @host} against two servers: the Finger port's answers in the flow records. */
    @Test
    void fingerQueriesOfTwoHostsThroughThePipelineAreUserDiscoveryInFlows(@TempDir Path dir) {
        var events = new CraftedCapture()
                .request("10.0.0.23", 50_100, "10.0.0.40", 79, "\r\n", FINGER_LISTING)
                .request("10.0.0.23", 50_101, "10.0.0.41", 79, "\r\n", FINGER_LISTING)
                .events(dir);
        assertThat(events).filteredOn(FlowRecord.class::isInstance).hasSize(2);
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement().satisfies(a -> {
            assertThat(a.techniques()).containsExactly(Technique.of("T1033"));
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_TRAFFIC_FLOW);
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.srcHost()).isEqualTo("10.0.0.23");
            assertThat(a.dstHosts()).containsExactly("10.0.0.40", "10.0.0.41");
            assertThat(a.explanation()).contains("10.0.0.23 asked 2 hosts who is logged on (finger/79)");
        });
    }

    /** A host flow log naming PsLoggedon64 as the process of flows to five workstations. */
    @Test
    void psLoggedOnFlowsToFiveHostsFromAHostFlowLogAreASweep() {
        var events = new ArrayList<Event>();
        for (int i = 0; i < 5; i++) {
            events.add(conn("10.0.0.23", "10.0.0." + (40 + i), 445).at(i).source("conn").process("C:\\Tools\\PsLoggedon64.exe").flow());
        }
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement().satisfies(a -> {
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_TRAFFIC_FLOW);
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.explanation()).contains("asked 5 hosts who is logged on (flows of psloggedon64.exe)");
        });
    }

    /**
     * SMB and RPC flows of other programs (the flow cannot say which operation they carried), a refused
     * Finger port, finger.exe fetching from an outside host (its download trick), a host asking itself.
     */
    @Test
    void flowsThatDoNotShowUserDiscoveryAreQuiet() {
        var events = new ArrayList<Event>();
        for (int i = 0; i < 10; i++) {
            events.add(conn("10.0.0.23", "10.0.0." + (40 + i), 445).at(i).flow());
            events.add(conn("10.0.0.23", "10.0.0." + (40 + i), 135).at(i).process("C:\\Windows\\explorer.exe").flow());
        }
        events.add(conn("10.0.0.23", "10.0.0.40", 79).at(20).state("REJ").flow());
        events.add(conn("10.0.0.23", "45.77.10.20", 79).at(21).process("C:\\Windows\\System32\\finger.exe").flow());
        events.add(conn("10.0.0.23", "10.0.0.23", 445).at(22).process("C:\\Tools\\PsLoggedon64.exe").flow());
        assertThat(DetectorHarness.run(DETECTOR, events)).isEmpty();
    }
}
