package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.conn;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.capture.PcapWriter;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import io.sluice.packet.craft.FrameBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AmplificationDetectorTest {

    private static final AmplificationDetector DETECTOR = new AmplificationDetector(AmplificationDetector.Config.DEFAULTS);

    private static List<Alert> run(List<Event> events) {
        return DetectorHarness.run(DETECTOR, DetectorHarness.inObservedOrder(events));
    }

    /** One flow per reflector to the victim: {@code req} bytes asked, {@code resp} bytes answered. */
    private static List<Event> reflected(String victim, int reflectors, int port, long req, long resp) {
        var events = new ArrayList<Event>();
        for (int r = 0; r < reflectors; r++) {
            events.add(conn(victim, "203.0." + (r / 250) + "." + (r % 250 + 1), port).udp().origPort(40000 + r)
                    .at(r * 0.1).bytes(req, resp).pkts(req == 0 ? 0 : 1, 20).flow());
        }
        return events;
    }

    @Test
    void spoofedDnsAnswersThroughThePipelineAreReflectionAmplification(@TempDir Path dir) throws IOException {
        // 30 open resolvers answer ANY queries the victim never sent: 30 large answers each.
        var pcap = dir.resolve("dns-amplification.pcap");
        var random = new Random(7);
        try (var w = PcapWriter.create(pcap, FrameBuilder.raw().linkType(), 65535, PcapWriter.Resolution.NANOS)) {
            long t = 1_767_225_600_000_000_000L;
            for (int i = 0; i < 900; i++) {
                byte[] answer = new byte[1400];
                random.nextBytes(answer);
                byte[] f = FrameBuilder.raw().ipv4("198.18." + (i % 30) + ".53", "10.0.0.9").udp(53, 20000 + i % 30)
                        .payload(answer).build();
                w.write(t + i * 20_000_000L, f, 0, f.length, f.length);
            }
        }
        var events = CraftedCapture.eventsOf(pcap);
        assertThat(run(events)).singleElement().satisfies(a -> {
            assertThat(a.detectorId()).isEqualTo("dos.amplification");
            assertThat(a.techniques()).containsExactly(Technique.of("T1498.002"));
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_TRAFFIC_FLOW);
            assertThat(a.dstHosts()).containsExactly("10.0.0.9");
            assertThat(a.dstPorts()).containsExactly(53);
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.evidenceCount()).isEqualTo(30);
            assertThat(a.explanation()).startsWith("10.0.0.9 received 1,285 kB of UDP responses from 30 reflectors on port 53 (DNS)")
                    .endsWith("it sent them 0 bytes, and 30 of 30 flows had no request at all (spoofed elsewhere)");
        });
    }

    @Test
    void ntpMonlistAnswersWithTheirSmallRequestsSeenFire() {
        // monlist: a 234-byte request (IP bytes) answered by 100 packets of 468 bytes.
        var events = reflected("10.0.0.9", 25, 123, 234, 46_800);
        assertThat(run(events)).singleElement().satisfies(a ->
                assertThat(a.explanation()).contains("from 25 reflectors on port 123 (NTP)").contains("(the responses are 174 times that)"));
    }

    @Test
    void aHundredReflectorsAreHigh() {
        assertThat(run(reflected("10.0.0.9", 100, 11211, 0, 20_000))).singleElement()
                .satisfies(a -> assertThat(a.severity()).isEqualTo(Severity.HIGH));
    }

    @Test
    void thresholdsOfReflectorsBytesAndRatio() {
        assertThat(run(reflected("10.0.0.9", 19, 53, 0, 100_000))).isEmpty();
        assertThat(run(reflected("10.0.0.9", 20, 53, 0, 50_000))).hasSize(1);
        assertThat(run(reflected("10.0.0.9", 20, 53, 0, 49_000))).isEmpty(); // 980 kB < 1 MB
        // 20 resolvers answering 4x the questions: ordinary DNS, not amplification.
        assertThat(run(reflected("10.0.0.9", 20, 53, 12_600, 50_400))).isEmpty();
        // a validating resolver's lookups: answers 20 times its questions, every question seen
        assertThat(run(reflected("10.0.0.9", 30, 53, 2_500, 50_000))).isEmpty();
    }

    @Test
    void ordinaryLookupsAndOtherPortsAreQuiet() {
        var events = new ArrayList<Event>();
        for (int i = 0; i < 300; i++) {
            // a client's DNS to its two resolvers, and large UDP on a port that does not amplify
            events.add(conn("10.0.0.5", "10.0.0.53", 53).udp().origPort(30000 + i).at(i * 0.1).bytes(60, 200).pkts(1, 1).flow());
            events.add(conn("10.0.0.5", "198.51.100." + (i % 50 + 1), 4500).udp().origPort(30000 + i).at(i * 0.1)
                    .bytes(100, 100_000).pkts(1, 80).flow());
        }
        assertThat(run(events)).isEmpty();
    }

    @Test
    void responsesOutsideTheWindowDoNotAddUp() {
        var events = new ArrayList<Event>();
        for (Event e : reflected("10.0.0.9", 30, 53, 0, 50_000)) {
            var f = (FlowRecord) e;
            long spread = (long) (events.size() * 5e9); // one every 5 s: 12 in any minute
            events.add(new FlowRecord(f.tsNanos() + spread, f.uid(), f.id(), f.proto(), f.service(), f.durationNanos(),
                    f.origBytes(), f.respBytes(), f.connState(), f.localOrig(), f.localResp(), f.missedBytes(), f.history(),
                    f.origPkts(), f.origIpBytes(), f.respPkts(), f.respIpBytes(), f.tunnelParents(), f.ipProto(), f.vlan(),
                    f.innerVlan(), f.communityId(), f.origL2Addr(), f.respL2Addr(), f.source(), f.serviceNonStandardPort()));
        }
        assertThat(run(events)).isEmpty();
    }

    @Test
    void readsItsSettings() {
        var c = AmplificationDetector.config(DetectConfig.empty().with("detectors.dos.amplification.min_reflectors", "5")
                .with("detectors.dos.amplification.ports", "53,7777"));
        assertThat(c.minReflectors()).isEqualTo(5);
        assertThat(c.ports()).containsExactlyInAnyOrder(53, 7777);
        assertThat(DetectorHarness.run(new AmplificationDetector(c), reflected("10.0.0.9", 5, 7777, 0, 300_000))).hasSize(1);
    }

    @Test
    void monlistRequestsToManyServersThroughThePipelineAreSpoofedReflectionRequests(@TempDir Path dir) throws IOException {
        // ntpdc -c monlist's request (mode 7, implementation XNTPD, MON_GETLIST_1) sent to 25 servers
        // with the victim's address as source; the answers go to the victim, not past this sensor.
        var pcap = dir.resolve("monlist.pcap");
        byte[] monlist = new byte[48];
        monlist[0] = 0x17;
        monlist[2] = 0x03;
        monlist[3] = 0x2a;
        try (var w = PcapWriter.create(pcap, FrameBuilder.raw().linkType(), 65535, PcapWriter.Resolution.NANOS)) {
            for (int i = 0; i < 25; i++) {
                byte[] f = FrameBuilder.raw().ipv4("192.0.2.77", "203.0.113." + (i + 1)).udp(40123, 123).payload(monlist).build();
                w.write(1_767_225_600_000_000_000L + i * 10_000_000L, f, 0, f.length, f.length);
            }
        }
        var events = CraftedCapture.eventsOf(pcap);
        assertThat(run(events)).singleElement().satisfies(a -> {
            assertThat(a.techniques()).containsExactly(Technique.of("T1498.002"));
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_TRAFFIC_CONTENT);
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.srcHost()).isEqualTo("192.0.2.77");
            assertThat(a.dstHosts()).hasSize(25);
            assertThat(a.explanation()).startsWith("192.0.2.77 sent 25 NTP monlist requests to 25 servers in 0.24 s");
        });
    }

    @Test
    void dnsAnyQueriesToFewServersAreQuietAndToManyFire() {
        var few = new ArrayList<Event>();
        for (int i = 0; i < 200; i++) few.add(io.sluice.detect.TestEvents.dns("10.0.0.5", "example.com").qtype("ANY")
                .server("10.0.0." + (53 + i % 2)).at(i * 0.1).build());
        assertThat(run(few)).isEmpty();
        var many = new ArrayList<Event>();
        for (int i = 0; i < 20; i++) many.add(io.sluice.detect.TestEvents.dns("10.0.0.5", "isc.org").qtype("ANY")
                .server("198.51.100." + (i + 1)).at(i * 0.1).build());
        assertThat(run(many.subList(0, 19))).isEmpty();
        assertThat(run(many)).singleElement().satisfies(a ->
                assertThat(a.explanation()).startsWith("10.0.0.5 sent 20 DNS ANY requests to 20 servers"));
    }
}
