package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.Event;
import io.sluice.protocol.dhcp.DhcpTransaction;
import io.sluice.protocol.smb.PipelineEvents;
import io.sluice.testing.Corpus;
import io.sluice.capture.PcapWriter;
import io.sluice.packet.craft.FrameBuilder;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

class RogueDhcpDetectorTest {

    private static final RogueDhcpDetector DETECTOR = new RogueDhcpDetector(RogueDhcpDetector.Config.defaults());

    /** A DORA exchange answered by {@code server}, handing out {@code router} and {@code dns}. */
    private static DhcpTransaction lease(double s, String mac, String assigned, String server, String router,
            String dns) {
        return new DhcpTransaction(t(s), List.of("C" + Math.abs((mac + s).hashCode())), assigned, server, mac, null,
                null, null, assigned, assigned, 86400L, null, null, List.of("DISCOVER", "OFFER", "REQUEST", "ACK"),
                2_000_000L, null, null, List.of("0.0.0.0", server, "0.0.0.0", server), List.of(server),
                List.of(router), List.of(dns), List.of(1, 3, 6, 15));
    }

    private static List<Alert> capture(String rel) throws Exception {
        return DetectorHarness.run(DETECTOR,
                DetectorHarness.inObservedOrder(PipelineEvents.run(Corpus.file(rel)).emitted()));
    }

    @Test
    void aSecondServerHandingOutItsOwnGatewayIsHigh() {
        var alerts = DetectorHarness.run(DETECTOR, List.<Event>of(
                lease(0, "00:00:00:00:00:20", "10.0.0.20", "10.0.0.1", "10.0.0.1", "10.0.0.53"),
                lease(60, "00:00:00:00:00:21", "10.0.0.21", "10.0.0.1", "10.0.0.1", "10.0.0.53"),
                lease(120, "00:00:00:00:00:22", "10.0.0.150", "10.0.0.66", "10.0.0.66", "10.0.0.66")));
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.techniques()).contains(Technique.of("T1557.003"));
            assertThat(a.srcHost()).isEqualTo("10.0.0.66");
            assertThat(a.dstHosts()).containsExactly("10.0.0.1");
            assertThat(a.explanation()).contains("2 DHCP servers answered clients of 10.0.0.0/24")
                    .contains("different routers and DNS servers")
                    .contains("10.0.0.66 (router 10.0.0.66, DNS 10.0.0.66, 1 client)");
        });
    }

    @Test
    void aFailoverPairWithTheSameOptionsIsMedium() {
        var alerts = DetectorHarness.run(DETECTOR, List.<Event>of(
                lease(0, "00:00:00:00:00:20", "10.0.0.20", "10.0.0.2", "10.0.0.1", "10.0.0.53"),
                lease(60, "00:00:00:00:00:21", "10.0.0.21", "10.0.0.3", "10.0.0.1", "10.0.0.53")));
        assertThat(alerts).singleElement().satisfies(a -> assertThat(a.severity()).isEqualTo(Severity.MEDIUM));
    }

    @Test
    void oneServerAndServersOfOtherNetworksAreQuiet() {
        var alerts = DetectorHarness.run(DETECTOR, List.<Event>of(
                lease(0, "00:00:00:00:00:20", "10.0.0.20", "10.0.0.1", "10.0.0.1", "10.0.0.53"),
                lease(60, "00:00:00:00:00:21", "10.0.0.21", "10.0.0.1", "10.0.0.1", "10.0.0.53"),
                lease(120, "00:00:00:00:00:22", "10.0.1.22", "10.0.1.1", "10.0.1.1", "10.0.0.53")));
        assertThat(alerts).isEmpty();
    }

    @Test
    void knownServersAreLeftOut() {
        var d = new RogueDhcpDetector(new RogueDhcpDetector.Config(RogueDhcpDetector.Config.defaults().windowNanos(),
                2, List.of("10.0.0.3")));
        assertThat(DetectorHarness.run(d, List.<Event>of(
                lease(0, "00:00:00:00:00:20", "10.0.0.20", "10.0.0.2", "10.0.0.1", "10.0.0.53"),
                lease(60, "00:00:00:00:00:21", "10.0.0.21", "10.0.0.3", "10.0.0.9", "10.0.0.9")))).isEmpty();
    }

    private static void ip(ByteArrayOutputStream out, String ip) {
        for (String octet : (ip == null ? "0.0.0.0" : ip).split("\\.")) out.write(Integer.parseInt(octet));
    }

    /** A BOOTP/DHCP message of type {@code type} (1 discover, 2 offer, 3 request, 5 ack). */
    private static byte[] dhcp(int type, int xid, int macLast, String yiaddr, String server, String router, String dns) {
        var out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) (type == 1 || type == 3 ? 1 : 2), 1, 6, 0});
        out.writeBytes(new byte[] {0, 0, (byte) (xid >> 8), (byte) xid, 0, 0, (byte) 0x80, 0});
        ip(out, null);
        ip(out, type == 2 || type == 5 ? yiaddr : null);
        ip(out, null);
        ip(out, null);
        out.writeBytes(new byte[] {0, 0x0c, 0x29, 0, 0, (byte) macLast});
        out.writeBytes(new byte[10 + 64 + 128]);
        out.writeBytes(new byte[] {99, (byte) 130, 83, 99, 53, 1, (byte) type});
        if (type == 3) {
            out.writeBytes(new byte[] {50, 4});
            ip(out, yiaddr);
        }
        out.writeBytes(new byte[] {54, 4});
        ip(out, server);
        if (type == 2 || type == 5) {
            out.writeBytes(new byte[] {51, 4, 0, 1, 81, (byte) 128, 1, 4, (byte) 255, (byte) 255, (byte) 255, 0, 3, 4});
            ip(out, router);
            out.writeBytes(new byte[] {6, 4});
            ip(out, dns);
        }
        out.write(255);
        return out.toByteArray();
    }

    /** One DISCOVER, OFFER, REQUEST, ACK exchange answered by {@code server}. */
    private static void dora(PcapWriter w, double s, int xid, int macLast, String yiaddr, String server, String router,
            String dns) throws Exception {
        for (int type : new int[] {1, 2, 3, 5}) {
            boolean fromClient = type == 1 || type == 3;
            byte[] f = (fromClient ? FrameBuilder.raw().ipv4("0.0.0.0", "255.255.255.255").udp(68, 67)
                    : FrameBuilder.raw().ipv4(server, "255.255.255.255").udp(67, 68))
                    .payload(dhcp(type, xid, macLast, yiaddr, server, router, dns)).build();
            w.write(t(s + type * 0.01), f, 0, f.length, f.length);
        }
    }

    /**
     * A rogue server crafted frame by frame through the real pipeline: the network's server leases
     * 10.0.0.20 with gateway and DNS 10.0.0.1/10.0.0.53; a minute later 10.0.0.66 leases 10.0.0.150 to
     * another client with itself as gateway and DNS server.
     */
    @Test
    void craftedRogueServerThroughThePipeline(@TempDir Path dir) throws Exception {
        var pcap = dir.resolve("rogue-dhcp.pcap");
        try (var w = PcapWriter.create(pcap, FrameBuilder.raw().linkType(), 65535, PcapWriter.Resolution.NANOS)) {
            dora(w, 0, 0x1111, 0x20, "10.0.0.20", "10.0.0.1", "10.0.0.1", "10.0.0.53");
            dora(w, 60, 0x2222, 0x22, "10.0.0.150", "10.0.0.66", "10.0.0.66", "10.0.0.66");
        }
        var events = DetectorHarness.inObservedOrder(PipelineEvents.run(pcap).emitted());
        assertThat(events).filteredOn(e -> e instanceof DhcpTransaction).hasSize(2);
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.srcHost()).isEqualTo("10.0.0.66");
            assertThat(a.explanation()).contains("different routers and DNS servers");
        });
    }

    @Test
    @Tag("corpus")
    @EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
    void quietOnDhcpTraces() throws Exception {
        assertThat(capture("pcap-protocols/zeek/dhcp.dhcp-all-msg-types/dhcp.pcap")).isEmpty();
        assertThat(capture("pcap-protocols/chrissanders-packets/dhcp_nolease_initialization.pcapng")).isEmpty();
        assertThat(capture("pcap-protocols/tcpdump/dhcp-rfc3004.pcap")).isEmpty();
    }
}
