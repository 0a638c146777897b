package io.sluice.detect.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.capture.PcapWriter;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.ConnId;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.packet.craft.FrameBuilder;
import io.sluice.protocol.snmp.SnmpSession;
import io.sluice.testing.Corpus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

class SnmpConfigDumpDetectorTest {

    private static final SnmpConfigDumpDetector DETECTOR = new SnmpConfigDumpDetector(SnmpConfigDumpDetector.Config.DEFAULTS);
    private static final long T0 = 1_767_225_600_000_000_000L;

    private static List<Alert> run(List<Event> events) {
        return DetectorHarness.run(DETECTOR, events);
    }

    // --- a minimal SNMPv2c encoder: enough BER for the crafted captures ---

    private static byte[] tlv(int tag, byte[]... parts) {
        var body = new ByteArrayOutputStream();
        for (byte[] p : parts) body.writeBytes(p);
        var out = new ByteArrayOutputStream();
        out.write(tag);
        int n = body.size();
        if (n < 128) out.write(n);
        else {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n & 0xff);
        }
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    private static byte[] integer(int v) {
        // minimal two's complement, as BER requires
        byte[] full = {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v};
        int start = 0;
        while (start < 3 && ((full[start] == 0 && full[start + 1] >= 0) || (full[start] == -1 && full[start + 1] < 0))) start++;
        return tlv(0x02, java.util.Arrays.copyOfRange(full, start, 4));
    }

    private static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        var out = new ByteArrayOutputStream();
        out.write(Integer.parseInt(arcs[0]) * 40 + Integer.parseInt(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            long a = Long.parseLong(arcs[i]);
            int groups = 1;
            for (long x = a >> 7; x > 0; x >>= 7) groups++;
            for (int g = groups - 1; g >= 0; g--) out.write((int) ((a >> (7 * g)) & 0x7f) | (g > 0 ? 0x80 : 0));
        }
        return tlv(0x06, out.toByteArray());
    }

    /** An SNMPv2c message: {@code pdu} 0xA1 GetNext, 0xA2 Response, 0xA3 Set; one binding. */
    private static byte[] snmp(String community, int pdu, int requestId, String oid, byte[] value) {
        return tlv(0x30, integer(1), tlv(0x04, community.getBytes(StandardCharsets.ISO_8859_1)),
                tlv(pdu, integer(requestId), integer(0), integer(0), tlv(0x30, tlv(0x30, oid(oid), value))));
    }

    private static final byte[] NULL = {0x05, 0x00};

    private static final class Capture {
        final List<byte[]> frames = new ArrayList<>();
        final List<Long> times = new ArrayList<>();
        long t = T0;

        void add(byte[] frame) {
            t += 2_000_000L;
            frames.add(frame);
            times.add(t);
        }

        List<Event> events(Path dir) throws IOException {
            var pcap = dir.resolve("snmp.pcap");
            try (var w = PcapWriter.create(pcap, FrameBuilder.raw().linkType(), 65535, PcapWriter.Resolution.NANOS)) {
                for (int i = 0; i < frames.size(); i++) w.write(times.get(i), frames.get(i), 0, frames.get(i).length, frames.get(i).length);
            }
            return CraftedCapture.eventsOf(pcap);
        }
    }

    @Test
    void anSnmpWalkOfTheRoutingTableThroughThePipelineIsAMibDump(@TempDir Path dir) throws IOException {
        // snmpwalk -v2c -c public 10.0.0.1 1.3.6.1.2.1.4.21: GetNext after GetNext, one socket.
        var c = new Capture();
        for (int i = 1; i <= 600; i++) {
            String o = "1.3.6.1.2.1.4.21.1." + (1 + i / 50) + ".10.0." + (i % 50) + ".0";
            c.add(FrameBuilder.raw().ipv4("10.9.9.9", "10.0.0.1").udp(51000, 161).payload(snmp("public", 0xA1, i, o, NULL)).build());
            c.add(FrameBuilder.raw().ipv4("10.0.0.1", "10.9.9.9").udp(161, 51000)
                    .payload(snmp("public", 0xA2, i, o, integer(i))).build());
        }
        var events = c.events(dir);
        assertThat(events).as(events.toString()).filteredOn(SnmpSession.class::isInstance).hasSize(1);
        assertThat(run(events)).singleElement().satisfies(a -> {
            assertThat(a.detectorId()).isEqualTo("snmp.config_dump");
            assertThat(a.techniques()).containsExactly(Technique.of("T1602.001"));
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_TRAFFIC_CONTENT);
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.srcHost()).isEqualTo("10.9.9.9");
            assertThat(a.dstHosts()).containsExactly("10.0.0.1");
            assertThat(a.explanation()).isEqualTo(
                    "10.9.9.9 read 600 SNMP values from 10.0.0.1 in 1 session over 0.00 s, including ipRouteTable");
        });
    }

    @Test
    void aCiscoConfigCopySetThroughThePipelineIsAHighConfigurationDump(@TempDir Path dir) throws IOException {
        // ccCopyProtocol.111 = tftp(1), as in Cisco's "copy running-config tftp" over SNMP.
        var c = new Capture();
        c.add(FrameBuilder.raw().ipv4("203.0.113.7", "10.0.0.1").udp(40000, 161)
                .payload(snmp("private", 0xA3, 1, "1.3.6.1.4.1.9.9.96.1.1.1.1.2.111", integer(1))).build());
        c.add(FrameBuilder.raw().ipv4("10.0.0.1", "203.0.113.7").udp(161, 40000)
                .payload(snmp("private", 0xA2, 1, "1.3.6.1.4.1.9.9.96.1.1.1.1.2.111", integer(1))).build());
        assertThat(run(c.events(dir))).singleElement().satisfies(a -> {
            assertThat(a.techniques()).containsExactly(Technique.of("T1602.002"));
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.explanation()).startsWith("203.0.113.7 set 1 configuration-copy object (1.3.6.1.4.1.9.9.96.1.1.1.1.2.111) on 10.0.0.1");
        });
    }

    @Test
    void aRunningConfigReadOverTftpThroughThePipelineIsAConfigurationDump(@TempDir Path dir) throws IOException {
        var c = new Capture();
        var rrq = new ByteArrayOutputStream();
        rrq.writeBytes(new byte[] {0, 1});
        rrq.writeBytes("running-config\0octet\0".getBytes(StandardCharsets.ISO_8859_1));
        c.add(FrameBuilder.raw().ipv4("10.9.9.9", "10.0.0.2").udp(50000, 69).payload(rrq.toByteArray()).build());
        var data = new ByteArrayOutputStream();
        data.writeBytes(new byte[] {0, 3, 0, 1});
        data.writeBytes("hostname core1\nenable secret 5 $1$abc\n".getBytes(StandardCharsets.ISO_8859_1));
        c.add(FrameBuilder.raw().ipv4("10.0.0.2", "10.9.9.9").udp(40001, 50000).payload(data.toByteArray()).build());
        c.add(FrameBuilder.raw().ipv4("10.9.9.9", "10.0.0.2").udp(50000, 40001).payload(new byte[] {0, 4, 0, 1}).build());
        assertThat(run(c.events(dir))).singleElement().satisfies(a -> {
            assertThat(a.techniques()).containsExactly(Technique.of("T1602.002"));
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.explanation()).startsWith("10.9.9.9 read \"running-config\" from the TFTP server 10.0.0.2");
        });
    }

    private static SnmpSession session(double at, int port, String community, long gets, long responses, List<String> oids) {
        return new SnmpSession(T0 + (long) (at * 1e9), "S" + port, new ConnId("10.9.9.9", port, "10.0.0.1", 161), 1_000_000L,
                "2c", community, gets, 0, responses, 0, null, null, List.of("get_request"), oids, null, null, 0);
    }

    @Test
    void walkThresholdCountsGetBulkRepetitions() {
        var small = new ArrayList<Event>();
        for (int i = 0; i < 10; i++) small.add(session(i * 30, 50000 + i, "public", 49, 49, List.of("1.3.6.1.2.1.2.2.1.10.1")));
        assertThat(run(small)).isEmpty(); // 490 values in 5 min
        small.add(session(301, 50011, "public", 10, 10, List.of("1.3.6.1.2.1.2.2.1.10.1")));
        assertThat(run(small)).singleElement().satisfies(a -> assertThat(a.severity()).isEqualTo(Severity.LOW));
        var bulk = new SnmpSession(T0, "B1", new ConnId("10.9.9.9", 50000, "10.0.0.1", 161), 1_000_000L, "2c", "public", 0, 10,
                10, 0, null, null, List.of("get_bulk_request"), List.of("1.3.6.1.2.1.1"), 0L, 50L, 0);
        assertThat(run(List.of(bulk))).hasSize(1); // 10 GetBulk x 50 repetitions
    }

    @Test
    void manyCommunitiesOnOneAgentAreGuessing() {
        var events = new ArrayList<Event>();
        String[] guesses = {"public", "private", "cisco", "admin", "secret", "manager"};
        for (int i = 0; i < guesses.length; i++) events.add(session(i, 50000 + i, guesses[i], 1, i == 0 ? 1 : 0, List.of("1.3.6.1.2.1.1.1.0")));
        assertThat(run(events.subList(0, 4))).isEmpty();
        assertThat(run(events)).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.explanation()).isEqualTo(
                    "10.9.9.9 tried 5 communities on 10.0.0.1 in 4.0 s; 4 of 5 sessions got no response (a wrong community is silently dropped)");
        });
    }

    @Test
    void ordinaryPollingAndIgnoredStationsAreQuiet() {
        var events = new ArrayList<Event>();
        // a poller reading sysUpTime and two counters every minute for an hour
        for (int i = 0; i < 60; i++) events.add(session(i * 60, 50000 + i, "public", 3, 3, List.of("1.3.6.1.2.1.1.3.0")));
        assertThat(run(events)).isEmpty();
        var ignoring = new SnmpConfigDumpDetector(SnmpConfigDumpDetector.config(
                DetectConfig.empty().with("detectors.snmp.config_dump.ignore_sources", "10.9.9.9")));
        var walk = List.<Event>of(session(0, 50000, "public", 5_000, 5_000, List.of("1.3.6.1.2.1.4.21.1.1")));
        assertThat(run(walk)).hasSize(1);
        assertThat(DetectorHarness.run(ignoring, walk)).isEmpty();
    }

    @Test
    void configFileNames() {
        assertThat(SnmpConfigDumpDetector.isConfigFile("running-config")).isTrue();
        assertThat(SnmpConfigDumpDetector.isConfigFile("/tftpboot/core1-confg")).isTrue();
        assertThat(SnmpConfigDumpDetector.isConfigFile("SEP001122334455.cnf.xml")).isFalse();
        assertThat(SnmpConfigDumpDetector.isConfigFile("pxelinux.0")).isFalse();
        assertThat(SnmpConfigDumpDetector.isConfigFile("switch1.cfg")).isTrue();
    }

    @Test
    @Tag("corpus")
    @EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
    void ordinarySnmpAndTftpTracesAreQuiet() {
        for (String trace : List.of("pcap-protocols/suricata-verify/snmp-v2c-get/SNMPv2c_get_requests.pcap",
                "pcap-protocols/zeek/snmp.v3/snmpv3_get_next.pcap", "pcap-protocols/suricata-verify/output-eve-tftp-01/input.pcap")) {
            var events = CraftedCapture.eventsOf(Corpus.file(trace));
            assertThat(run(events)).as(trace).isEmpty();
        }
    }
}
