package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.conn;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import io.sluice.capture.PcapWriter;
import io.sluice.packet.craft.FrameBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NewDeviceDetectorTest {

    private static final long HOUR = 3_600_000_000_000L;

    @TempDir
    Path dir;
    private static final NewDeviceDetector DETECTOR = new NewDeviceDetector(new NewDeviceDetector.Config(HOUR, 2));
    private static final String GATEWAY = "02:00:00:00:00:01", ROGUE = "02:66:66:66:66:66";

    private static String mac(String ip) {
        return String.format("02:00:00:00:00:%02x", Integer.parseInt(ip.substring(ip.lastIndexOf('.') + 1)));
    }

    /** The flow record with the Ethernet addresses of its first packet, as the flow table fills them. */
    private static FlowRecord l2(FlowRecord f, String origMac, String respMac) {
        return new FlowRecord(f.tsNanos(), f.uid(), f.id(), f.proto(), f.service(), f.durationNanos(), f.origBytes(),
                f.respBytes(), f.connState(), f.localOrig(), f.localResp(), f.missedBytes(), f.history(), f.origPkts(),
                f.origIpBytes(), f.respPkts(), f.respIpBytes(), f.tunnelParents(), f.ipProto(), f.vlan(), f.innerVlan(),
                f.communityId(), origMac, respMac, f.source(), f.serviceNonStandardPort());
    }

    /** Two hours of six workstations browsing through the gateway and using a file server. */
    private static List<Event> office() {
        var events = new ArrayList<Event>();
        for (int minute = 0; minute < 120; minute += 5) {
            for (int h = 20; h < 26; h++) {
                String ip = "10.0.0." + h;
                events.add(l2(conn(ip, "93.184.216.34", 443).at(minute * 60 + h).flow(), mac(ip), GATEWAY));
                events.add(l2(conn(ip, "10.0.0.10", 445).at(minute * 60 + h + 1).flow(), mac(ip), mac("10.0.0.10")));
            }
        }
        return events;
    }

    @Test
    void anUnknownDeviceAnsweringLlmnrForTwoHostsIsPoisoning() {
        var events = office();
        for (int h = 21; h <= 22; h++) {
            // Responder answers from 5355 straight to the asking client's port
            events.add(l2(conn("10.0.0.99", "10.0.0." + h, 51_000 + h).origPort(5355).udp().pkts(1, 0).bytes(70, 0)
                    .at(7_300 + h).flow(), ROGUE, mac("10.0.0." + h)));
        }
        var alerts = DetectorHarness.run(DETECTOR, events);
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.techniques()).containsExactly(Technique.of("T1557.001"));
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_TRAFFIC_FLOW);
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.srcHost()).isEqualTo("10.0.0.99");
            assertThat(a.dstHosts()).containsExactly("10.0.0.21", "10.0.0.22");
            assertThat(a.explanation()).isEqualTo("device 02:66:66:66:66:66 (10.0.0.99), unknown after 60 min of learning"
                    + " 8 devices on vlan -1, answered LLMNR/NBT-NS name queries of 2 hosts (10.0.0.21, 10.0.0.22)");
        });
    }

    /**
     * Ethernet frames through the real pipeline: two hosts browse for two minutes (the learning
     * period here), then one asks LLMNR for a name and a device never seen before answers it from
     * 5355, as Responder does.
     */
    @Test
    void aResponderAnswerThroughThePipelineIsPoisoningByAnUnknownDevice() throws Exception {
        String a = "02:00:00:00:00:14", b = "02:00:00:00:00:15", llmnrGroup = "01:00:5e:00:00:fc";
        var frames = new ArrayList<byte[]>();
        var times = new ArrayList<Double>();
        for (int i = 0; i < 12; i++) {
            times.add(i * 10.0);
            frames.add(FrameBuilder.ethernet(a, GATEWAY).ipv4("10.0.0.20", "93.184.216.34").tcp(50_000 + i, 443)
                    .flags(FrameBuilder.SYN).build());
            times.add(i * 10.0 + 1);
            frames.add(FrameBuilder.ethernet(b, GATEWAY).ipv4("10.0.0.21", "93.184.216.34").tcp(51_000 + i, 443)
                    .flags(FrameBuilder.SYN).build());
        }
        byte[] query = "\u0012\u0034\u0000\u0000\u0000\u0001\u0000\u0000\u0000\u0000\u0000\u0000\u0007fileshr\u0000\u0000\u0001\u0000\u0001"
                .getBytes(StandardCharsets.ISO_8859_1);
        times.add(200.0);
        frames.add(FrameBuilder.ethernet(a, llmnrGroup).ipv4("10.0.0.20", "224.0.0.252").udp(53_535, 5355).payload(query).build());
        times.add(200.01);
        frames.add(FrameBuilder.ethernet(ROGUE, a).ipv4("10.0.0.99", "10.0.0.20").udp(5355, 53_535).payload(query).build());
        var pcap = dir.resolve("llmnr.pcap");
        try (var w = PcapWriter.create(pcap, FrameBuilder.ethernet(a, b).linkType(), 65535, PcapWriter.Resolution.NANOS)) {
            for (int i = 0; i < frames.size(); i++) {
                w.write(Math.round((1_767_225_600.0 + times.get(i)) * 1e9), frames.get(i), 0, frames.get(i).length,
                        frames.get(i).length);
            }
        }
        var events = CraftedCapture.eventsOf(pcap);
        var detector = new NewDeviceDetector(new NewDeviceDetector.Config(120_000_000_000L, 2));
        assertThat(DetectorHarness.run(detector, events)).singleElement().satisfies(x -> {
            assertThat(x.techniques()).containsExactly(Technique.of("T1557.001"));
            assertThat(x.severity()).isEqualTo(Severity.MEDIUM); // one host answered so far
            assertThat(x.srcHost()).isEqualTo("10.0.0.99");
            assertThat(x.dstHosts()).containsExactly("10.0.0.20");
            assertThat(x.explanation()).startsWith("device 02:66:66:66:66:66 (10.0.0.99), unknown after 2 min of learning");
        });
    }

    @Test
    void anUnknownDeviceBecomingTheNextHopIsInPathForDataManipulation() {
        var events = office();
        events.add(l2(conn("10.0.0.20", "93.184.216.34", 443).at(7_300).flow(), mac("10.0.0.20"), ROGUE));
        var one = DetectorHarness.run(DETECTOR, events);
        assertThat(one).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.techniques()).containsExactly(Technique.of("T1565.002"), Technique.of("T1565"));
        });
        events.add(l2(conn("10.0.0.21", "151.101.1.69", 443).at(7_310).flow(), mac("10.0.0.21"), ROGUE));
        events.add(l2(conn("10.0.0.21", "151.101.1.69", 443).at(7_320).flow(), mac("10.0.0.21"), ROGUE));
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.count()).isEqualTo(2); // one alert per new host routed, merged
            assertThat(a.explanation()).endsWith("became the next hop of 2 inside hosts' traffic to the Internet"
                    + " (10.0.0.20, 10.0.0.21), which went through a learned gateway before");
        });
    }

    @Test
    void aNewLaptopAskingNamesAndBrowsingIsQuiet() {
        var events = office();
        String laptop = "10.0.0.77";
        events.add(l2(conn(laptop, "224.0.0.252", 5355).origPort(50_000).udp().pkts(1, 0).at(7_300).flow(), mac(laptop),
                "01:00:5e:00:00:fc"));
        events.add(l2(conn(laptop, "10.0.0.255", 137).origPort(137).udp().pkts(1, 0).at(7_301).flow(), mac(laptop),
                "ff:ff:ff:ff:ff:ff"));
        events.add(l2(conn(laptop, "93.184.216.34", 443).at(7_302).flow(), mac(laptop), GATEWAY));
        events.add(l2(conn(laptop, "10.0.0.10", 445).at(7_303).flow(), mac(laptop), mac("10.0.0.10")));
        // a host first seen after learning, behind a router also new (a lab plugged in): no route moved
        events.add(l2(conn("10.0.0.88", "93.184.216.34", 443).at(7_304).flow(), mac("10.0.0.88"), "02:00:00:00:00:fe"));
        assertThat(DetectorHarness.run(DETECTOR, events)).isEmpty();
    }

    @Test
    void nothingIsJudgedWhileLearning() {
        var events = new ArrayList<Event>();
        events.add(l2(conn("10.0.0.20", "93.184.216.34", 443).at(0).flow(), mac("10.0.0.20"), GATEWAY));
        events.add(l2(conn("10.0.0.99", "10.0.0.21", 51_000).origPort(5355).udp().at(3_599).flow(), ROGUE, mac("10.0.0.21")));
        events.add(l2(conn("10.0.0.21", "93.184.216.34", 443).at(3_599).flow(), mac("10.0.0.21"), ROGUE));
        assertThat(DetectorHarness.run(DETECTOR, events)).isEmpty();
    }
}
