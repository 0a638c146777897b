package io.sluice.detect.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.detect.TestEvents;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.packet.craft.TlsHelloBytes;
import io.sluice.protocol.tls.TlsHandshake;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RemoteAccessToolDetectorTest {
    private static final RemoteAccessToolDetector DETECTOR = new RemoteAccessToolDetector(RemoteAccessToolDetector.Config.DEFAULTS);

    private static List<String> ids(Alert a) {
        return a.techniques().stream().map(Technique::id).toList();
    }

    /** AnyDesk's client reaching its relay: a ClientHello crafted frame by frame and dissected by the real pipeline. */
    @Test
    void aTlsClientHelloToAnAnyDeskRelayIsRemoteAccessSoftware(@TempDir Path dir) {
        var capture = new CraftedCapture();
        for (int i = 0; i < 3; i++) {
            capture.request("10.0.0.5", 50_400 + i, "81.2.69.160", 443,
                    new String(TlsHelloBytes.clientHello("relay-" + (i + 1) + ".net.anydesk.com"), StandardCharsets.ISO_8859_1), "");
        }
        List<Event> events = capture.events(dir);
        assertThat(events).filteredOn(TlsHandshake.class::isInstance).hasSize(3);
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement().satisfies(a -> {
            assertThat(a.detectorId()).isEqualTo("remote_access.tool");
            assertThat(ids(a)).containsExactly("T1219");
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_TRAFFIC_CONTENT);
            assertThat(a.severity()).isEqualTo(Severity.LOW);
            assertThat(a.count()).isEqualTo(3);
            assertThat(a.dstHosts()).containsExactly("81.2.69.160");
            assertThat(a.explanation()).isEqualTo("10.0.0.5 opened TLS to relay-3.net.anydesk.com, a service of the remote"
                    + " access software AnyDesk (anydesk.com)");
        });
    }

    @Test
    void dnsLookupsNameTheToolPerHost() {
        var events = List.<Event>of(TestEvents.dns("10.0.0.5", "router15.teamviewer.com").at(1).answer("81.2.69.1", 60).build(),
                TestEvents.dns("10.0.0.6", "instance-x1.screenconnect.com").at(2).answer("81.2.69.2", 60).build(),
                TestEvents.dns("10.0.0.5", "master7.teamviewer.com").at(3).answer("81.2.69.3", 60).build());
        var alerts = DetectorHarness.run(DETECTOR, events);
        assertThat(alerts).hasSize(2);
        assertThat(alerts).anySatisfy(a -> {
            assertThat(a.srcHost()).isEqualTo("10.0.0.5");
            assertThat(a.count()).isEqualTo(2);
            assertThat(a.explanation()).contains("looked up master7.teamviewer.com").contains("TeamViewer");
        });
        assertThat(alerts).anySatisfy(a -> assertThat(a.explanation()).contains("ScreenConnect"));
    }

    @Test
    void ordinaryNamesAndLookalikesStayQuiet() {
        var events = new ArrayList<Event>();
        for (String name : new String[] {"www.example.com", "teamviewer.com.evil.example", "notanydesk.com", "google.com",
            "docs.google.com"}) {
            events.add(TestEvents.dns("10.0.0.5", name).at(1).answer("81.2.69.1", 60).build());
        }
        assertThat(DetectorHarness.run(DETECTOR, events)).isEmpty();
        assertThat(RemoteAccessToolDetector.tool("RustDesk.com.")).isEqualTo("RustDesk");
    }
}
