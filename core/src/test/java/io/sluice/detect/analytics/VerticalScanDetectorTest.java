package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.conn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerticalScanDetectorTest {

    private static final VerticalScanDetector DETECTOR = new VerticalScanDetector(VerticalScanDetector.Config.DEFAULTS);

    /** A SYN scan of {@code ports} ports from 1, 0.01 s apart, as creation and flow record; port 80 open. */
    private static List<Event> scan(String scanner, String target, int ports, double start, double step) {
        var events = new ArrayList<Event>();
        for (int i = 0; i < ports; i++) {
            int port = i + 1;
            var c = conn(scanner, target, port).origPort(40_000).at(start + i * step);
            if (port == 80) c.state("S1").history("Sh").bytes(0, 0);
            else c.state(port % 10 == 0 ? "REJ" : "S0");
            events.addAll(c.both());
        }
        return events;
    }

    private static List<Alert> run(List<Event> events) {
        return DetectorHarness.run(DETECTOR, events);
    }

    @Test
    void firesOnceOnAPortScanWithTheScannerTheTargetAndTheCounts() {
        var alerts = run(scan("10.0.0.5", "10.0.0.9", 1_312, 0, 0.01));
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.detectorId()).isEqualTo("scan.vertical");
            assertThat(a.srcHost()).isEqualTo("10.0.0.5");
            assertThat(a.dstHosts()).containsExactly("10.0.0.9");
            assertThat(a.explanation()).startsWith("10.0.0.5 probed 1,312 ports on 10.0.0.9 in 13 s;")
                    .contains("130 refused, 1,181 unanswered").contains("1 open: 80");
            assertThat(a.techniques()).containsExactly(Technique.of("T1046"));
            assertThat(a.components()).contains(Ds0029Component.NETWORK_CONNECTION_CREATION,
                    Ds0029Component.NETWORK_TRAFFIC_FLOW);
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.evidenceCount()).isEqualTo(1_311); // one per failed port, not per event
            assertThat(a.evidence()).hasSize(Alert.MAX_EVIDENCE);
            assertThat(a.dstPorts()).contains(80);
        });
    }

    @Test
    void namesTheToolWhenTheSynsCarryItsFingerprintAndOnlyThen() {
        var nmap = new ArrayList<Event>();
        var stock = new ArrayList<Event>();
        for (int i = 0; i < 40; i++) {
            int port = 1000 + i;
            String window = new String[] {"1024", "2048", "3072", "4096"}[i % 4];
            nmap.addAll(conn("10.0.0.5", "10.0.0.9", port).origPort(40_000).at(i * 0.01).state("S0")
                    .ja4t(window + "_2_1460_00").both());
            stock.addAll(conn("10.0.0.6", "10.0.0.9", port).origPort(40_001 + i).at(i * 0.01).state("S0")
                    .ja4t("64240_2-1-3-1-1-4_1460_8").both());
        }
        assertThat(run(nmap)).singleElement().satisfies(a -> {
            assertThat(a.explanation()).endsWith("; its SYNs carry nmap's TCP fingerprint (JA4T 1024_2_1460_00,"
                    + " 2048_2_1460_00, 3072_2_1460_00, 4096_2_1460_00 in 40 of 40 connections)");
            assertThat(a.confidence()).isGreaterThanOrEqualTo(0.9);
        });
        assertThat(run(stock)).singleElement().satisfies(a -> assertThat(a.explanation()).doesNotContain("fingerprint"));
        assertThat(ScannerSyns.tool(io.sluice.event.TcpFingerprints.Texts.of("65535_00_00_00", null, null, null)))
                .isEqualTo("zmap");
        assertThat(ScannerSyns.tool(io.sluice.event.TcpFingerprints.Texts.of("1024_00_00_00", null, null, null))).isNull();
    }

    @Test
    void firesOnFlowRecordsAloneAsFromAFlowExport() {
        var flows = new ArrayList<Event>();
        for (int port = 1; port <= 20; port++) {
            flows.add(conn("10.0.0.5", "10.0.0.9", port).at(port).state("S0").source("netflow").flow());
        }
        assertThat(run(flows)).singleElement().satisfies(a -> {
            assertThat(a.explanation()).contains("probed 20 ports").contains("20 unanswered");
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_TRAFFIC_FLOW);
        });
    }

    @Test
    void anOutsideScannerIsActiveScanningOfMediumSeverity() {
        var events = new ArrayList<Event>();
        for (int port = 1; port <= 30; port++) {
            events.addAll(conn("203.0.113.50", "10.0.0.9", port).local(false, true).at(port * 0.1).state("REJ").both());
        }
        assertThat(run(events)).singleElement().satisfies(a -> {
            assertThat(a.techniques()).containsExactly(Technique.of("T1595"));
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
        });
    }

    /**
     * A version/vulnerability scan seen in flow records only (a NetFlow export): the SYN sweep finds
     * 22, 80 and 443 open (half-open probes), then the scanner connects to each and exchanges data
     * with it (banners, service probes), as {@code nmap -sV} or Nessus do.
     */
    private static List<Event> serviceProbingScan(String scanner, int probedPorts) {
        var flows = new ArrayList<Event>();
        int[] open = {22, 80, 443, 3306};
        for (int port = 1; port <= 100; port++) {
            boolean isOpen = false;
            for (int o : open) isOpen |= o == port;
            var c = conn(scanner, "10.0.0.9", port).local(false, true).origPort(40_000).at(port * 0.01).source("netflow");
            flows.add(isOpen ? c.state("RSTO").history("ShR").bytes(0, 0).flow() : c.state(port % 3 == 0 ? "REJ" : "S0").flow());
        }
        for (int i = 0; i < probedPorts; i++) {
            flows.add(conn(scanner, "10.0.0.9", open[i]).local(false, true).origPort(41_000 + i).at(5 + i)
                    .bytes(180, 2_400).source("netflow").flow());
        }
        return flows;
    }

    @Test
    void anOutsideScannerProbingTheServicesItFoundIsVulnerabilityScanningFromFlows() {
        var alerts = run(serviceProbingScan("203.0.113.50", 3));
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.techniques()).containsExactly(Technique.of("T1595"), Technique.of("T1595.002"));
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_TRAFFIC_FLOW);
            assertThat(a.explanation()).contains("exchanged data with 3 open ports (22, 80, 443): service probing");
        });
    }

    @Test
    void twoProbedServicesOrAnInsideScannerAreNotVulnerabilityScanning() {
        assertThat(run(serviceProbingScan("203.0.113.50", 2))).singleElement().satisfies(a -> {
            assertThat(a.techniques()).containsExactly(Technique.of("T1595"));
            assertThat(a.explanation()).contains("exchanged data with 2 open ports").doesNotContain("service probing");
        });
        var inside = new ArrayList<Event>();
        for (Event e : serviceProbingScan("10.0.0.5", 4)) {
            var f = (io.sluice.event.FlowRecord) e;
            inside.add(new io.sluice.event.FlowRecord(f.tsNanos(), f.uid(), f.id(), f.proto(), f.service(),
                    f.durationNanos(), f.origBytes(), f.respBytes(), f.connState(), true, true, f.missedBytes(),
                    f.history(), f.origPkts(), f.origIpBytes(), f.respPkts(), f.respIpBytes(), f.tunnelParents(),
                    f.ipProto(), f.vlan(), f.innerVlan(), f.communityId(), null, null, f.source(), null));
        }
        assertThat(run(inside)).singleElement()
                .satisfies(a -> assertThat(a.techniques()).containsExactly(Technique.of("T1046")));
    }

    @Test
    void staysQuietOnOrdinaryTraffic() {
        var events = new ArrayList<Event>();
        // A busy client: hundreds of connections to a few servers and services, two of them failing.
        String[] servers = {"10.0.0.20", "10.0.0.21", "93.184.216.34", "151.101.1.69"};
        int[] ports = {22, 80, 443, 445, 3389, 8080};
        int n = 0;
        for (String s : servers) {
            for (int p : ports) {
                for (int k = 0; k < 10; k++) events.addAll(conn("10.0.0.5", s, p).origPort(50_000 + n++).at(n).both());
            }
        }
        events.addAll(conn("10.0.0.5", "10.0.0.20", 8081).at(5).state("REJ").both());
        events.addAll(conn("10.0.0.5", "10.0.0.21", 9000).at(9).state("S0").both());
        assertThat(run(events)).isEmpty();
    }

    @Test
    void fifteenFailedPortsIsAScanAndFourteenIsNot() {
        assertThat(run(scan("10.0.0.5", "10.0.0.9", 14, 0, 1))).isEmpty();
        assertThat(run(scan("10.0.0.5", "10.0.0.9", 15, 0, 1))).hasSize(1);
    }

    @Test
    void failuresSpreadBeyondTheWindowDoNotAddUp() {
        // 20 failed ports, one every 25 s: 12 in the first 5 minutes, 8 in the next.
        assertThat(run(scan("10.0.0.5", "10.0.0.9", 20, 0, 25))).isEmpty();
        // The same 20 one every 15 s: the 15th falls at 210 s, inside the first window.
        assertThat(run(scan("10.0.0.5", "10.0.0.9", 20, 0, 15))).hasSize(1);
    }

    @Test
    void retriesOfAPortCountOnce() {
        var events = new ArrayList<Event>();
        for (int retry = 0; retry < 3; retry++) {
            for (int port = 1; port <= 10; port++) {
                events.addAll(conn("10.0.0.5", "10.0.0.9", port).origPort(40_000 + retry).at(retry * 2 + port * 0.01)
                        .state("S0").both());
            }
        }
        assertThat(run(events)).isEmpty();
    }

    @Test
    void aScanThatGoesOnIsOneIncidentWithTheFinalCounts() {
        var events = new ArrayList<Event>(scan("10.0.0.5", "10.0.0.9", 100, 0, 0.5));
        // The same scanner moves on to a second host ten minutes later.
        events.addAll(scan("10.0.0.5", "10.0.0.10", 100, 600, 0.5));
        var alerts = run(events);
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.explanation()).startsWith("10.0.0.5 probed 200 ports (100 distinct ports) on 2 hosts (10.0.0.9, 10.0.0.10) in 10.8 min");
            assertThat(a.evidenceCount()).isEqualTo(198);
            assertThat(a.count()).isGreaterThan(1);
        });
    }

    @Test
    void halfOpenProbesOfOpenPortsCountAsOpen() {
        var events = new ArrayList<Event>(scan("10.0.0.5", "10.0.0.9", 20, 0, 0.01));
        events.addAll(conn("10.0.0.5", "10.0.0.9", 443).at(0.5).state("RSTO").history("ShR").bytes(0, 0).both());
        assertThat(run(events)).singleElement().satisfies(a ->
                assertThat(a.explanation()).contains("probed 21 ports").contains("1 open (1 probed half-open): 443"));
    }

    @Test
    void broadcastAndUdpAreNotScans() {
        var events = new ArrayList<Event>();
        for (int port = 1; port <= 30; port++) {
            events.add(conn("10.0.0.5", "10.0.0.9", port).udp().at(port).state("S0").flow());
            events.addAll(conn("10.0.0.5", "255.255.255.255", port).at(port).state("S0").both());
        }
        assertThat(run(events)).isEmpty();
    }

    @Test
    void readsItsSettingsAndRejectsNonsense() {
        var c = VerticalScanDetector.config(DetectConfig.empty().with("detectors.scan.vertical.min_ports", "40")
                .with("detectors.scan.vertical.window", "10m"));
        assertThat(c.minPorts()).isEqualTo(40);
        assertThat(c.windowNanos()).isEqualTo(600_000_000_000L);
        assertThat(VerticalScanDetector.config(DetectConfig.empty())).isEqualTo(VerticalScanDetector.Config.DEFAULTS);
        assertThatThrownBy(() -> VerticalScanDetector.config(DetectConfig.empty().with("detectors.scan.vertical.min_ports", "1")))
                .hasMessageContaining("min_ports");
    }
}
