package io.sluice.detect.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.TestEvents;
import io.sluice.event.Ds0029Component;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class TunnelClientDetectorTest {
    private static final TunnelClientDetector DETECTOR = new TunnelClientDetector(TunnelClientDetector.Config.DEFAULTS);

    private static List<Alert> byProcess(List<Alert> alerts) {
        return alerts.stream().sorted(Comparator.comparing(Alert::process)).toList();
    }

    @Test
    void plinkAndAnNgrokAgentReachingOutInSysmonRecordsAreProtocolTunneling() {
        var records = new SysmonConnections()
                .add(TestEvents.t(0), "ws01.corp", "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
                        "10.1.1.5", "142.250.74.9", "www.google.com", 443)
                .add(TestEvents.t(10), "ws01.corp", "C:\\Users\\Public\\plink.exe", "10.1.1.5", "81.2.69.142", 22)
                .add(TestEvents.t(20), "ws01.corp", "C:\\Users\\Public\\plink.exe", "10.1.1.5", "81.2.69.142", 22)
                .add(TestEvents.t(30), "ws01.corp", "C:\\ProgramData\\svc.exe", "10.1.1.5", "3.134.39.220",
                        "tunnel.us.ngrok.com", 443);
        var alerts = byProcess(DetectorHarness.run(DETECTOR, records.events()));
        assertThat(alerts).hasSize(2);
        assertThat(alerts).allSatisfy(a -> {
            assertThat(a.detectorId()).isEqualTo("tunnel.client");
            assertThat(a.techniques()).extracting(Technique::id).containsExactly("T1572");
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_CONNECTION_CREATION);
        });
        assertThat(alerts.get(0).process()).isEqualTo("C:\\ProgramData\\svc.exe");
        assertThat(alerts.get(0).explanation()).isEqualTo("On ws01.corp, C:\\ProgramData\\svc.exe opened a tcp connection"
                + " to 3.134.39.220:443 (tunnel.us.ngrok.com), where ngrok's tunnel agents connect: traffic wrapped in"
                + " another protocol leaves the host here");
        assertThat(alerts.get(1).explanation()).startsWith("On ws01.corp, C:\\Users\\Public\\plink.exe, a tunnelling"
                + " client (plink), opened a tcp connection to 81.2.69.142:22");
        assertThat(alerts.get(1).count()).isEqualTo(2);
    }

    @Test
    void ordinaryProgramsInsideTunnelsAndPacketSourcesAreQuiet() {
        var records = new SysmonConnections()
                .add(TestEvents.t(0), "ws01.corp", "C:\\Windows\\System32\\OpenSSH\\ssh.exe", "10.1.1.5", "81.2.69.142", 22)
                .add(TestEvents.t(1), "ws01.corp", "C:\\Program Files\\Mozilla Firefox\\firefox.exe", "10.1.1.5",
                        "151.101.1.140", "ngrok.com.example.org", 443)
                // a browser visiting ngrok's site, or someone's tunnel as a visitor: not tunnelling out
                .add(TestEvents.t(1.5), "ws01.corp", "C:\\Program Files\\Mozilla Firefox\\firefox.exe", "10.1.1.5",
                        "3.125.102.39", "dashboard.ngrok.com", 443)
                .add(TestEvents.t(1.7), "ws01.corp", "C:\\Program Files\\Mozilla Firefox\\firefox.exe", "10.1.1.5",
                        "3.125.102.40", "c3f2-81-2-69-1.ngrok-free.app", 443)
                // an administrator's plink to a server inside the network
                .add(TestEvents.t(2), "ws01.corp", "C:\\Tools\\plink.exe", "10.1.1.5", "10.1.9.20", 22);
        assertThat(DetectorHarness.run(DETECTOR, records.events())).isEmpty();
        assertThat(DETECTOR.key(TestEvents.conn("10.1.1.5", "81.2.69.142", 22).creation())).isNull();
    }

    @Test
    void relayNamesAreTheAgentsEndpointsNotTheTunnelsVisitors() {
        assertThat(TunnelClientDetector.relay("connect.ngrok-agent.com")).isEqualTo("ngrok");
        assertThat(TunnelClientDetector.relay("Region1.V2.ArgoTunnel.com.")).isEqualTo("Cloudflare Tunnel");
        assertThat(TunnelClientDetector.relay("quiet-fox.trycloudflare.com")).isNull();
        assertThat(TunnelClientDetector.relay("www.ngrok.com")).isNull();
        assertThat(TunnelClientDetector.relay("argotunnel.com")).isNull();
        assertThat(TunnelClientDetector.tool("/usr/local/bin/chisel")).isEqualTo("chisel");
        assertThat(TunnelClientDetector.tool("C:\\Tools\\Plink.EXE")).isEqualTo("plink");
        assertThat(TunnelClientDetector.tool("C:\\Tools\\plinky.exe")).isNull();
    }
}
