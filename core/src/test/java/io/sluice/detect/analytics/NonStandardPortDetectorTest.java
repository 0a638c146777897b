package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.conn;
import static io.sluice.detect.TestEvents.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NonStandardPortDetectorTest {

    @TempDir
    Path tmp;

    private static final NonStandardPortDetector DEFAULT = new NonStandardPortDetector(NonStandardPortDetector.Config.DEFAULTS);

    @Test
    void firesOnSshSpokenOnPort443InACraftedCapture() {
        var events = new CraftedCapture()
                .tcp("10.0.0.5", 50001, "203.0.113.7", 443, "SSH-2.0-OpenSSH_9.6\r\n", "SSH-2.0-PuTTY_Release_0.80\r\n")
                .tcp("10.0.0.5", 50002, "198.51.100.20", 80, "", "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n")
                .events(tmp);
        var flows = events.stream().filter(e -> e instanceof FlowRecord).map(e -> (FlowRecord) e).toList();
        assertThat(flows).as("the pipeline found ssh by content on 443").anySatisfy(f -> {
            assertThat(f.id().respP()).isEqualTo(443);
            assertThat(f.serviceNonStandardPort()).isEqualTo("ssh");
        });
        var alerts = DetectorHarness.run(DEFAULT, events);
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.techniques()).extracting(x -> x.id()).containsExactly("T1571");
            assertThat(a.severity()).as("443 is TLS's port: impersonation").isEqualTo(Severity.HIGH);
            assertThat(a.dstHosts()).containsExactly("203.0.113.7");
            assertThat(a.dstPorts()).containsExactly(443);
            assertThat(a.srcHost()).isEqualTo("10.0.0.5");
            assertThat(a.explanation()).isEqualTo("203.0.113.7:443 spoke ssh (identified by content), not on its"
                    + " standard port; 443 is the port of ssl; 1 connection from 1 client");
            var sshFlow = flows.stream().filter(f -> f.id().respP() == 443).findFirst().orElseThrow();
            assertThat(a.evidence()).extracting(e -> e.uid()).containsExactly(sshFlow.uid());
            assertThat(a.evidence().get(0).communityId()).isEqualTo(sshFlow.communityId());
        });
    }

    @Test
    void staysQuietOnProtocolsOnTheirOwnPortsInACraftedCapture() {
        var events = new CraftedCapture()
                .tcp("10.0.0.5", 50001, "10.0.0.9", 22, "SSH-2.0-OpenSSH_9.6\r\n", "SSH-2.0-OpenSSH_9.6\r\n")
                .tcp("10.0.0.5", 50002, "198.51.100.20", 80, "", "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n")
                .tcp("10.0.0.5", 50003, "198.51.100.21", 8080, "", "GET /x HTTP/1.1\r\nHost: example.com\r\n\r\n")
                .tcp("10.0.0.5", 50004, "198.51.100.22", 4444, "", "hello, no protocol here\r\n")
                .events(tmp);
        assertThat(events).filteredOn(e -> e instanceof FlowRecord).hasSize(4);
        assertThat(DetectorHarness.run(DEFAULT, events)).isEmpty();
    }

    @Test
    void staysQuietOnTftpTransfersByDefault() {
        List<Event> events = List.of(conn("10.0.0.5", "10.0.0.3", 50618).udp().service("tftp").nonstandardPort("tftp").flow());
        assertThat(DetectorHarness.run(DEFAULT, events)).isEmpty();
        var strict = new NonStandardPortDetector(new NonStandardPortDetector.Config(1, List.of(), List.of("tftp")));
        assertThat(DetectorHarness.run(strict, events)).as("the defaults, not the code, leave it out").hasSize(1);
    }

    /** DCE/RPC on a dynamic endpoint is where it belongs; on 443 it is not (the flow layer decides). */
    @Test
    void dceRpcOnADynamicEndpointIsStandardAndOn443ItIsNot() throws Exception {
        byte[] bind = io.sluice.packet.craft.DceRpcPdus.bind(11, 1, 0, io.sluice.packet.craft.DceRpcPdus.DRSUAPI, null);
        String text = new String(bind, java.nio.charset.StandardCharsets.ISO_8859_1);
        var events = new CraftedCapture()
                .request("10.0.0.5", 50001, "10.0.0.2", 49668, text, "")
                .request("10.0.0.5", 50002, "203.0.113.9", 443, text, "")
                .events(tmp);
        assertThat(events).filteredOn(e -> e instanceof FlowRecord).extracting(e -> ((FlowRecord) e).service())
                .containsOnly("dce_rpc");
        var alerts = DetectorHarness.run(DEFAULT, events);
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.dstHosts()).containsExactly("203.0.113.9");
            assertThat(a.dstPorts()).containsExactly(443);
            assertThat(a.severity()).isEqualTo(Severity.HIGH); // 443 is TLS's port: impersonation
        });
    }

    @Test
    void oneIncidentPerServiceCountsConnectionsAndClients() {
        var events = new ArrayList<Event>();
        for (int i = 0; i < 6; i++) {
            events.add(conn("10.0.0." + (10 + i % 3), "203.0.113.7", 8443).origPort(50000 + i).at(i * 10)
                    .service("ssh").nonstandardPort("ssh").flow());
        }
        events.add(conn("10.0.0.10", "203.0.113.8", 8443).at(5).service("ssh").nonstandardPort("ssh").flow());
        var alerts = DetectorHarness.run(DEFAULT, events);
        assertThat(alerts).hasSize(2);
        var first = alerts.get(0);
        assertThat(first.dstHosts()).containsExactly("203.0.113.7");
        assertThat(first.count()).isEqualTo(6);
        assertThat(first.evidenceCount()).isEqualTo(6);
        assertThat(first.firstNanos()).isEqualTo(t(0));
        assertThat(first.explanation()).endsWith("6 connections from 3 clients over 50 s");
        assertThat(first.severity()).isEqualTo(Severity.MEDIUM);
    }

    @Test
    void reportsOnlyAtMinConnectionsAndThenWithTheEarlierEvidence() {
        var twice = new NonStandardPortDetector(new NonStandardPortDetector.Config(2, List.of(), List.of()));
        var one = List.<Event>of(conn("10.0.0.5", "203.0.113.7", 2222).service("ssh").nonstandardPort("ssh").flow());
        assertThat(DetectorHarness.run(twice, one)).as("below the threshold").isEmpty();
        var two = List.<Event>of(
                conn("10.0.0.5", "203.0.113.7", 2222).origPort(1).at(0).nonstandardPort("ssh").flow(),
                conn("10.0.0.6", "203.0.113.7", 2222).origPort(2).at(1).nonstandardPort("ssh").flow());
        var alerts = DetectorHarness.run(twice, two);
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.evidence()).hasSize(2);
            assertThat(a.firstNanos()).isEqualTo(t(0));
            assertThat(a.severity()).as("ssh is not listed as suspicious in this config").isEqualTo(Severity.LOW);
        });
    }

    @Test
    void severityFollowsWhosePortItIsAndTheProtocol() {
        assertThat(severityOf("http", 8081)).isEqualTo(Severity.LOW);
        assertThat(severityOf("ssl", 9443)).isEqualTo(Severity.LOW);
        assertThat(severityOf("ssh", 2222)).isEqualTo(Severity.MEDIUM);
        assertThat(severityOf("dns", 5300)).isEqualTo(Severity.MEDIUM);
        assertThat(severityOf("http", 53)).isEqualTo(Severity.HIGH);
        assertThat(severityOf("rdp", 80)).isEqualTo(Severity.HIGH);
    }

    private static Severity severityOf(String protocol, int port) {
        var alerts = DetectorHarness.run(DEFAULT, List.of(conn("10.0.0.5", "203.0.113.7", port).nonstandardPort(protocol).flow()));
        assertThat(alerts).hasSize(1);
        return alerts.get(0).severity();
    }

    @Test
    void theIgnoreListTakesProtocolPortPairsAndBareProtocols() {
        var config = NonStandardPortDetector.config(DetectConfig.of(Map.of(
                "detectors.protocol.nonstandard_port.ignore", "http/8081, SSL")));
        var d = new NonStandardPortDetector(config);
        List<Event> events = List.of(
                conn("10.0.0.5", "203.0.113.7", 8081).nonstandardPort("http").flow(),
                conn("10.0.0.5", "203.0.113.7", 8082).nonstandardPort("http").flow(),
                conn("10.0.0.5", "203.0.113.7", 9443).nonstandardPort("ssl").flow());
        assertThat(DetectorHarness.run(d, events)).extracting(a -> a.dstPorts().get(0)).containsExactly(8082);
    }

    @Test
    void readsItsSettingsFromSluiceYamlKeys() {
        var c = NonStandardPortDetector.config(DetectConfig.of(Map.of(
                "detectors.protocol.nonstandard_port.min_connections", "3",
                "detectors.protocol.nonstandard_port.suspicious_protocols", "http")));
        assertThat(c.minConnections()).isEqualTo(3);
        assertThat(c.suspiciousProtocols()).containsExactly("http");
        assertThat(NonStandardPortDetector.config(DetectConfig.empty())).isEqualTo(NonStandardPortDetector.Config.DEFAULTS);
    }

    @Test
    void flowsWithoutAProtocolOffItsPortAreNotItsBusiness() {
        List<Event> events = List.of(conn("10.0.0.5", "203.0.113.7", 443).service("ssl").flow(),
                conn("10.0.0.5", "203.0.113.7", 4444).flow(),
                conn("10.0.0.5", "203.0.113.7", 4444).creation());
        assertThat(DetectorHarness.run(DEFAULT, events)).isEmpty();
        List<Alert> none = DetectorHarness.run(DEFAULT, List.of());
        assertThat(none).isEmpty();
    }
}
