package io.sluice.detect.analytics;

import static io.sluice.detect.analytics.WindowsRpc.call;
import static org.assertj.core.api.Assertions.assertThat;

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

class ZerologonDetectorTest {

    private static final ZerologonDetector DETECTOR = new ZerologonDetector(ZerologonDetector.Config.defaults());

    private static List<Alert> capture(String rel) throws Exception {
        return DetectorHarness.run(DETECTOR,
                DetectorHarness.inObservedOrder(PipelineEvents.run(Corpus.file(rel)).emitted()));
    }

    private static List<Event> attempts(int n, double every) {
        var events = new ArrayList<Event>();
        for (int i = 0; i < n; i++) {
            events.add(call(i * every, "10.0.0.66", "10.0.0.2", 49668, "netlogon", "NetrServerReqChallenge"));
            events.add(call(i * every + 0.001, "10.0.0.66", "10.0.0.2", 49668, "netlogon", "NetrServerAuthenticate3"));
        }
        return events;
    }

    @Test
    @Tag("corpus")
    @EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
    void secChanCaptureIsAZerologonThatSucceeded() throws Exception {
        var alerts = capture("pcap-attacks/pcap-attack/Lateral_Movement/"
                + "CVE-2020-1472_Zerologon_RPC_NetLogon_NullChallenge_SecChan_6_from_nonDC_to_DC.pcapng");
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(a.srcHost()).isEqualTo("172.16.66.37");
            assertThat(a.explanation()).contains("NetrServerAuthenticate 440 times").contains("NetrServerPasswordSet");
        });
    }

    @Test
    @Tag("corpus")
    @EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
    void mimikatzAndSuricataCapturesFire() throws Exception {
        assertThat(capture("pcap-attacks/pcap-attack/Lateral_Movement/"
                + "zerologon_mimikatz_ntlm_privacy_scan_and_exploit_encrypted.pcapng"))
                .singleElement().satisfies(a -> assertThat(a.explanation()).contains("96 times"));
        assertThat(capture("pcap-attacks/suricata-verify/dcerpc__zerologon/input.pcap"))
                .singleElement().satisfies(a -> assertThat(a.explanation()).contains("21 times"));
    }

    @Test
    void nineAttemptsAreQuietTenFire() {
        assertThat(DetectorHarness.run(DETECTOR, attempts(9, 1))).isEmpty();
        assertThat(DetectorHarness.run(DETECTOR, attempts(10, 1))).singleElement()
                .satisfies(a -> assertThat(a.severity()).isEqualTo(Severity.HIGH));
    }

    @Test
    void secureChannelsSpreadOverTheDayAreQuiet() {
        assertThat(DetectorHarness.run(DETECTOR, attempts(30, 600))).isEmpty();
    }

    @Test
    void passwordSetWithoutABurstIsQuiet() {
        var events = new ArrayList<Event>(attempts(1, 1));
        events.add(call(2, "10.0.0.66", "10.0.0.2", 49668, "netlogon", "NetrServerPasswordSet2"));
        assertThat(DetectorHarness.run(DETECTOR, events)).isEmpty();
    }
}
