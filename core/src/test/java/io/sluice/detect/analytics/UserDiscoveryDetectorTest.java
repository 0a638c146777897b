package io.sluice.detect.analytics;

import static io.sluice.detect.analytics.WindowsRpc.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.Event;
import io.sluice.protocol.smb.PipelineEvents;
import io.sluice.testing.Corpus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

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
}
