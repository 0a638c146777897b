package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.conn;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import io.sluice.event.Ds0029Component;
import io.sluice.protocol.natpmp.PortMapping;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NatTraversalDetectorTest {

    @TempDir
    Path dir;

    /** NAT-PMP (RFC 6886) "map TCP" request: internal 3389, suggested external 3389, 7200 s; and the answer. */
    private static final byte[] MAP_TCP_3389 = {0, 2, 0, 0, 0x0d, 0x3d, 0x0d, 0x3d, 0, 0, 0x1c, 0x20};
    private static final byte[] MAPPED = {0, (byte) 130, 0, 0, 0, 0, 0x03, (byte) 0xe8, 0x0d, 0x3d, 0x0d, 0x3d, 0, 0, 0x1c, 0x20};

    /** The mapping request itself, dissected from packets, is the bridge (content); HIGH for a remote-desktop port. */
    @Test
    void aNatPmpRequestThroughThePipelineIsNatTraversalContent() {
        var events = new CraftedCapture().udp("10.0.0.40", 5350, "10.0.0.1", 5351, MAP_TCP_3389, MAPPED).events(dir);
        assertThat(events).filteredOn(PortMapping.class::isInstance).hasSize(2);
        assertThat(run(events)).filteredOn(a -> a.components().contains(Ds0029Component.NETWORK_TRAFFIC_CONTENT))
                .singleElement().satisfies(a -> {
                    assertThat(a.techniques()).containsExactly(Technique.of("T1599.001"), Technique.of("T1599"));
                    assertThat(a.severity()).isEqualTo(Severity.HIGH);
                    assertThat(a.explanation()).isEqualTo("10.0.0.40 asked its gateway 10.0.0.1 (NAT-PMP map_tcp) to "
                            + "forward outside tcp port 3389 to its own port 3389 for 2.0 h");
                });
    }

    private static List<Alert> run(List<? extends Event> events) {
        return DetectorHarness.run(new NatTraversalDetector(NatTraversalDetector.Config.DEFAULTS), events);
    }

    private static FlowRecord natPmp(double at) {
        return conn("10.0.0.40", "10.0.0.1", 5351).udp().at(at).duration(0.01).bytes(12, 16).pkts(1, 1).uid("Cnatpmp")
                .flow();
    }

    private static FlowRecord inbound(String from, int port, double at, long bytes) {
        return conn(from, "10.0.0.40", port).at(at).state("SF").duration(30).bytes(bytes, 4_000).pkts(40, 30).flow();
    }

    @Test
    void aNatPmpMappingFollowedByAnInboundConnectionIsNatTraversal() {
        var alerts = run(List.of(natPmp(0), inbound("203.0.113.50", 4444, 40, 90_000)));
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.techniques()).containsExactly(Technique.of("T1599.001"), Technique.of("T1599"));
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.explanation()).isEqualTo("10.0.0.40 sent a NAT-PMP/PCP mapping request to 10.0.0.1, then 40 s "
                    + "after it 203.0.113.50 reached it from outside on tcp port 4444 (91.8 KiB exchanged; 1 peer from "
                    + "outside since the mapping)");
        });
    }

    @Test
    void aUpnpControlAfterSsdpAndALargeInboundSessionIsHigh() {
        var ssdp = conn("10.0.0.40", "239.255.255.250", 1900).udp().at(0).duration(1).bytes(120, 300).pkts(1, 1).flow();
        // the gateway answers the M-SEARCH from its port 1900: a flow of its own
        var answer = conn("10.0.0.1", "10.0.0.40", 50123).origPort(1900).udp().at(0.3).duration(0.1).bytes(300, 0)
                .pkts(1, 0).flow();
        var control = conn("10.0.0.40", "10.0.0.1", 49152).at(2).state("SF").duration(0.2).bytes(600, 400).pkts(4, 4).flow();
        var alerts = run(List.of(ssdp, answer, control, inbound("198.51.100.7", 3389, 60, 5_000_000)));
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.explanation()).startsWith("10.0.0.40 sent a UPnP IGD control exchange after SSDP discovery to 10.0.0.1");
        });
    }

    /** A host that always served a port, inbound without a mapping, a late inbound flow, LAN-only use: quiet. */
    @Test
    void serversUnmappedInboundAndLateContactsAreQuiet() {
        assertThat(run(List.of(inbound("203.0.113.50", 443, 0, 9_000), natPmp(100),
                inbound("203.0.113.51", 443, 130, 9_000)))).isEmpty();
        assertThat(run(List.of(inbound("203.0.113.50", 4444, 40, 90_000)))).isEmpty();
        assertThat(run(List.of(natPmp(0), inbound("203.0.113.50", 4444, 601, 90_000)))).isEmpty();
        assertThat(run(List.of(natPmp(0), conn("10.0.0.9", "10.0.0.40", 4444).at(30).state("SF").duration(1)
                .bytes(100, 100).pkts(2, 2).flow()))).isEmpty();
        // discovery, then ordinary traffic to a file server that never answered it: no mapping
        var ssdp = conn("10.0.0.40", "239.255.255.250", 1900).udp().at(0).duration(1).bytes(120, 300).pkts(1, 1).flow();
        var smb = conn("10.0.0.40", "10.0.0.10", 445).at(2).state("SF").duration(3).bytes(6000, 9000).pkts(20, 20).flow();
        assertThat(run(List.of(ssdp, smb, inbound("203.0.113.50", 4444, 40, 90_000)))).isEmpty();
        var unanswered = conn("10.0.0.40", "10.0.0.1", 5351).udp().at(0).duration(0.01).bytes(12, 0).pkts(1, 0).flow();
        assertThat(run(List.of(unanswered, inbound("203.0.113.50", 4444, 40, 90_000)))).isEmpty();
    }
}
