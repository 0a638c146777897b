package io.sluice.detect.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.TestEvents;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.Ds0029Component;
import org.junit.jupiter.api.Test;

class RelayingProcessDetectorTest {
    private static final RelayingProcessDetector DETECTOR =
            new RelayingProcessDetector(RelayingProcessDetector.Config.DEFAULTS);
    private static final String RELAY = "C:\\Users\\Public\\svchost32.exe";

    /** {@code n} times: an inside host connects to ws01's port 1080, and 0.4 s later the same process goes out. */
    private static SysmonConnections relayed(SysmonConnections records, int n, double start, String image, long pid,
            double lagSeconds) {
        for (int i = 0; i < n; i++) {
            double at = start + i * 300;
            records.accepted(TestEvents.t(at), "ws01.corp", image, pid, "10.1.1.5", 1080, "10.1.2." + (20 + i % 2));
            records.initiated(TestEvents.t(at + lagSeconds), "ws01.corp", image, pid, "10.1.1.5", "81.2.69.142", 443);
        }
        return records;
    }

    @Test
    void aProcessThatAcceptsFromInsideAndAtOnceConnectsOutIsAnInternalProxyAtCreation() {
        var events = relayed(new SysmonConnections(), 4, 0, RELAY, 5120, 0.4).events();
        // the ingest turns the accepted records round: the inside client is the originator
        assertThat(((ConnectionCreation) events.get(0)).id().origH()).isEqualTo("10.1.2.20");
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement().satisfies(a -> {
            assertThat(a.detectorId()).isEqualTo("proxy.relay_process");
            assertThat(a.techniques()).extracting(Technique::id).containsExactly("T1090", "T1090.001");
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_CONNECTION_CREATION);
            assertThat(a.srcHost()).isEqualTo("10.1.1.5");
            assertThat(a.dstHosts()).containsExactly("81.2.69.142");
            assertThat(a.process()).isEqualTo(RELAY);
            assertThat(a.count()).isEqualTo(2); // the third pair raised it, the fourth updated the incident and its explanation
            assertThat(a.explanation()).startsWith("On ws01.corp, " + RELAY + " accepted 4 connections from 10.1.2.20,"
                    + " 10.1.2.21 and each time opened a connection to 81.2.69.142:443 at most 2 s later");
            assertThat(a.evidence()).hasSize(8);
        });
    }

    @Test
    void otherProcessesSlowFollowUpsAndTooFewPairsAreQuiet() {
        var records = new SysmonConnections();
        // a file server accepting, a browser going out at the same moments: two processes, no relay
        for (int i = 0; i < 6; i++) {
            double at = i * 300;
            records.accepted(TestEvents.t(at), "ws01.corp", "System", 4, "10.1.1.5", 445, "10.1.2.20");
            records.initiated(TestEvents.t(at + 0.3), "ws01.corp", "C:\\Program Files\\Google\\chrome.exe", 7000,
                    "10.1.1.5", "142.250.74.9", 443);
        }
        // the same image as another process id (a second instance) does not pair either
        relayed(records, 0, 0, RELAY, 1, 0.4);
        for (int i = 0; i < 4; i++) {
            records.accepted(TestEvents.t(5000 + i * 300), "ws01.corp", RELAY, 5120, "10.1.1.5", 1080, "10.1.2.20");
            records.initiated(TestEvents.t(5000.5 + i * 300), "ws01.corp", RELAY, 5121, "10.1.1.5", "81.2.69.142", 443);
        }
        assertThat(DetectorHarness.run(DETECTOR, records.events())).isEmpty();
        // the outside connection 5 s after the inside one: not a relay's continuation
        assertThat(DetectorHarness.run(DETECTOR, relayed(new SysmonConnections(), 5, 0, RELAY, 5120, 5).events())).isEmpty();
        // two pairs are under min_pairs
        assertThat(DetectorHarness.run(DETECTOR, relayed(new SysmonConnections(), 2, 0, RELAY, 5120, 0.4).events())).isEmpty();
        // packet sources name no process
        assertThat(DETECTOR.key(TestEvents.conn("10.1.1.5", "81.2.69.142", 443).creation())).isNull();
    }
}
