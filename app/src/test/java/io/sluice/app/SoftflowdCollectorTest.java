package io.sluice.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sluice.capture.CaptureInputs;
import io.sluice.capture.PacketSource;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.Event;
import io.sluice.event.FlowListener;
import io.sluice.event.FlowRecord;
import io.sluice.event.TunnelEvent;
import io.sluice.flow.FlowConfig;
import io.sluice.ingest.netflow.InterfaceCounters;
import io.sluice.pipeline.PacketPipeline;
import io.sluice.protocol.DissectionConfig;
import io.sluice.protocol.Protocols;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Live interop on loopback: softflowd replays a corpus capture as NetFlow v5, v9 or IPFIX to
 * {@link FlowCollector}; references, compared per flow direction (5-tuple) on packets and bytes:
 * <ol>
 * <li>softflowd's own account of what it exported ({@code -D} prints every expired flow with
 *     octets and packets per direction);
 * <li>Sluice's own flows from the same capture (packet pipeline, Zeek-style conn records: orig_* is
 *     one export record, resp_* the reverse one);
 * <li>nfcapd + nfdump receiving the same replay (skipped with a message when nfdump is missing).
 * </ol>
 * Documented differences: softflowd's timeouts (tcp 3600 s, udp 300 s, general 3600 s) are longer
 * than Sluice's Zeek-like inactivity timeouts (tcp 300 s, udp/icmp 60 s), so a capture with a longer
 * idle gap inside one 5-tuple would be one export flow but two Sluice flows; the capture used here
 * has none. Sluice may still end a connection where softflowd keeps one flow (Zeek semantics: a
 * connection closed by FIN/RST ends, a later packet of the same 5-tuple opens a new one; here
 * 172.16.0.111:4433 > 172.16.0.114:6641 is two Sluice connections of 3 and 21 packets and one
 * softflowd flow of 24), so the comparison is per 5-tuple direction, summed. The capture has
 * checksum-offloaded packets from 172.16.0.114, which Sluice drops by default as Zeek does and
 * softflowd counts, so the pcap side runs with checksum verification off. softflowd counts a
 * frame's length minus the link header, Ethernet padding included (a 40-byte RST is 46 bytes),
 * Sluice the IP length as Zeek: against the pcap flows the bytes may exceed by up to 26 per packet
 * (synscan). ICMP keys leave the ports out (type/code are encoded differently). Export times differ by design (v9 headers carry whole
 * seconds) and are not compared. Skipped (assumption) only when softflowd is not installed.
 */
@Tag("corpus")
@EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
class SoftflowdCollectorTest {

    private static final Pattern EXPIRED = Pattern.compile(
            "EXPIRED: seq:\\d+ \\[([^\\]]+)\\]:(\\d+) <> \\[([^\\]]+)\\]:(\\d+) proto:(\\d+) octets>:(\\d+)"
                    + " packets>:(\\d+) octets<:(\\d+) packets<:(\\d+)");

    @TempDir
    Path tmp;

    /**
     * ratinfected: TCP with checksum offload and a split connection; synscan: 1,000 SYN/RST pairs
     * (Ethernet padding); icmp_traceroute: ICMP echo and time exceeded; dns_query_response: UDP.
     */
    @ParameterizedTest(name = "{0} as NetFlow version {1}")
    @CsvSource({
        "pcap-attacks/chrissanders-packets/ratinfected.pcapng, 5",
        "pcap-attacks/chrissanders-packets/ratinfected.pcapng, 9",
        "pcap-attacks/chrissanders-packets/ratinfected.pcapng, 10",
        "pcap-attacks/chrissanders-packets/synscan.pcapng, 5",
        "pcap-attacks/chrissanders-packets/synscan.pcapng, 9",
        "pcap-attacks/chrissanders-packets/synscan.pcapng, 10",
        "pcap-protocols/chrissanders-packets/icmp_traceroute.pcapng, 9",
        "pcap-protocols/chrissanders-packets/dns_query_response.pcapng, 10"
    })
    void collectorAgreesWithSoftflowdOwnFlowsAndNfdump(String file, int version) throws Exception {
        assumeTrue(onPath("softflowd"), "softflowd is not installed (apt-get install softflowd); live interop skipped");
        Path capture = corpus(file);

        var events = new ArrayList<Event>();
        var sink = new FlowCollector.Sink() {
            @Override
            public void event(Event e) {
                synchronized (events) {
                    events.add(e);
                }
            }

            @Override
            public void counters(InterfaceCounters c) { }
        };
        var kind = version == 10 ? CollectorEndpoint.Kind.IPFIX : CollectorEndpoint.Kind.NETFLOW;
        var collector = new FlowCollector(List.of(CollectorEndpoint.parse(kind, "127.0.0.1:0")), 4 << 20, sink);
        collector.start();
        int port = collector.boundAddresses().get(0).getPort();
        String softflowdOut = softflowd(capture, port, version);
        Map<String, long[]> exported = parseExpired(softflowdOut);
        assertThat(exported).as("softflowd printed no expired flows:\n" + softflowdOut).isNotEmpty();
        waitForRecords(events, exported.size(), 10_000);
        var stats = collector.stop();

        var summary = Pattern.compile("Flows exported: (\\d+) \\((\\d+) records\\)").matcher(softflowdOut);
        assertThat(summary.find()).as("softflowd's summary line:\n" + softflowdOut).isTrue();
        long flowRecords = events.stream().filter(e -> e instanceof FlowRecord).count();
        assertThat(flowRecords).as("records softflowd says it exported").isEqualTo(Long.parseLong(summary.group(2)));
        Map<String, long[]> collected = new TreeMap<>();
        for (Event e : events) {
            if (e instanceof FlowRecord r) {
                collected.merge(key(r.id().origH(), r.id().origP(), r.id().respH(), r.id().respP(), r.ipProto()),
                        new long[] {r.origPkts(), r.origIpBytes()}, SoftflowdCollectorTest::sum);
                assertThat(r.source()).isEqualTo(version == 5 ? "netflow-v5" : version == 9 ? "netflow-v9" : "ipfix");
            }
        }
        assertThat(stats.values()).allSatisfy(s -> assertThat(s.totalDrops()).as(s.dropSummary()).isZero());
        assertThat(diff(collected, exported, false)).as("collector vs softflowd's own export").isEmpty();

        Map<String, long[]> ours = flowsFromPcap(capture);
        assertThat(diff(collected, ours, true)).as("collector vs Sluice's flows from the same capture").isEmpty();

        if (onPath("nfcapd") && onPath("nfdump")) {
            Map<String, long[]> nfdump = nfdump(capture, version);
            assertThat(diff(collected, nfdump, false)).as("collector vs nfcapd+nfdump").isEmpty();
        } else {
            System.out.println("nfcapd/nfdump not installed (apt-get install nfdump): second opinion skipped");
        }
        System.out.printf("%s v%d: %d flow directions, equal in softflowd, collector, Sluice pcap flows%s%n", file, version,
                collected.size(), onPath("nfdump") ? " and nfdump" : "");
    }

    // ---- references --------------------------------------------------------------------------

    private String softflowd(Path capture, int port, int version) throws Exception {
        // No -c: with a control socket of its own, softflowd -r stays up after the file (1.1.0).
        Path pid = tmp.resolve("softflowd-" + version + ".pid");
        var pb = new ProcessBuilder("softflowd", "-a", "-r", capture.toString(), "-n", "127.0.0.1:" + port,
                "-v", Integer.toString(version), "-D", "-p", pid.toString())
                .redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("softflowd finished").isTrue();
        return out;
    }

    /** Per direction with packets: key -> {packets, octets}, as softflowd says it exported them. */
    static Map<String, long[]> parseExpired(String text) {
        Map<String, long[]> out = new TreeMap<>();
        var m = EXPIRED.matcher(text);
        while (m.find()) {
            int proto = Integer.parseInt(m.group(5));
            String a = m.group(1), b = m.group(3);
            int ap = Integer.parseInt(m.group(2)), bp = Integer.parseInt(m.group(4));
            long octOut = Long.parseLong(m.group(6)), pktOut = Long.parseLong(m.group(7));
            long octIn = Long.parseLong(m.group(8)), pktIn = Long.parseLong(m.group(9));
            if (pktOut > 0) out.merge(key(a, ap, b, bp, proto), new long[] {pktOut, octOut}, SoftflowdCollectorTest::sum);
            if (pktIn > 0) out.merge(key(b, bp, a, ap, proto), new long[] {pktIn, octIn}, SoftflowdCollectorTest::sum);
        }
        return out;
    }

    /** Sluice's packet pipeline on the capture, split into the two directions of each connection. */
    private static Map<String, long[]> flowsFromPcap(Path capture) throws Exception {
        Map<String, long[]> out = new TreeMap<>();
        var listener = new FlowListener() {
            @Override
            public void connectionCreated(ConnectionCreation event) { }

            @Override
            public void flowEnded(FlowRecord r) {
                var id = r.id();
                if (r.origPkts() > 0) {
                    out.merge(key(id.origH(), id.origP(), id.respH(), id.respP(), r.ipProto()),
                            new long[] {r.origPkts(), r.origIpBytes()}, SoftflowdCollectorTest::sum);
                }
                if (r.respPkts() > 0) {
                    out.merge(key(id.respH(), id.respP(), id.origH(), id.origP(), r.ipProto()),
                            new long[] {r.respPkts(), r.respIpBytes()}, SoftflowdCollectorTest::sum);
                }
            }

            @Override
            public void tunnel(TunnelEvent event) { }
        };
        var pipeline = new PacketPipeline(FlowConfig.defaults().withVerifyChecksums(false), DissectionConfig.off(), Protocols.standard(), listener);
        try (PacketSource source = CaptureInputs.open(capture)) {
            assertThat(pipeline.run(source, null)).isNull();
        }
        pipeline.finish();
        return out;
    }

    private Map<String, long[]> nfdump(Path capture, int version) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("nfcapd-" + version));
        int port;
        try (var probe = new java.net.DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            port = probe.getLocalPort();
        }
        Process nfcapd = new ProcessBuilder("nfcapd", "-b", "127.0.0.1", "-p", Integer.toString(port), "-w",
                dir.toString(), "-P", tmp.resolve("nfcapd-" + version + ".pid").toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("nfcapd-" + version + ".out").toFile()).start();
        try {
            Thread.sleep(1000); // nfcapd binds after start-up; no readiness signal to wait for
            softflowd(capture, port, version);
            Thread.sleep(1000);
        } finally {
            nfcapd.destroy(); // SIGTERM: nfcapd flushes and closes its file
            nfcapd.waitFor(20, TimeUnit.SECONDS);
        }
        List<Path> files = new ArrayList<>();
        try (var s = Files.walk(dir)) {
            s.filter(f -> f.getFileName().toString().startsWith("nfcapd.")).forEach(files::add);
        }
        assertThat(files).as("nfcapd wrote no file; its output: %s",
                Files.readString(tmp.resolve("nfcapd-" + version + ".out"))).isNotEmpty();
        Map<String, long[]> out = new TreeMap<>();
        for (Path f : files) {
            Process dump = new ProcessBuilder("nfdump", "-r", f.toString(), "-q", "-N", "-o",
                    "fmt:%sa|%sp|%da|%dp|%pr|%pkt|%byt").redirectErrorStream(true).start();
            String text = new String(dump.getInputStream().readAllBytes());
            dump.waitFor(30, TimeUnit.SECONDS);
            for (String line : text.split("\n")) {
                String[] c = line.trim().split("\\s*\\|\\s*");
                if (c.length != 7) continue;
                int proto = protoNumber(c[4]);
                out.merge(key(c[0], port(c[1]), c[2], port(c[3]), proto),
                        new long[] {Long.parseLong(c[5]), Long.parseLong(c[6])}, SoftflowdCollectorTest::sum);
            }
        }
        return out;
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** nfdump prints ICMP "ports" as type.code; those are left out of the key anyway. */
    private static int port(String s) {
        return s.contains(".") ? 0 : Integer.parseInt(s.trim());
    }

    private static int protoNumber(String s) {
        return switch (s.trim().toUpperCase()) {
            case "TCP" -> 6;
            case "UDP" -> 17;
            case "ICMP" -> 1;
            case "ICMP6" -> 58;
            default -> Integer.parseInt(s.trim());
        };
    }

    /** "packets/bytes" per direction, for readable comparisons. */
    private static Map<String, String> text(Map<String, long[]> m) {
        Map<String, String> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v[0] + " pkts/" + v[1] + " bytes"));
        return out;
    }

    /** Entries that differ, as "key: ours vs theirs" (absent = "-"). */
    private static List<String> diff(Map<String, long[]> ours, Map<String, long[]> theirs, boolean padding) {
        Map<String, String> a = text(ours), b = text(theirs);
        var keys = new java.util.TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        var out = new ArrayList<String>();
        for (String k : keys) {
            String x = a.getOrDefault(k, "-"), y = b.getOrDefault(k, "-");
            if (x.equals(y)) continue;
            long[] o = ours.get(k), t = theirs.get(k);
            // Known difference: softflowd counts a frame's length minus the link header, so the
            // Ethernet padding of short frames (a 40-byte RST in a 60-byte frame: 46) is counted;
            // Sluice, like Zeek, counts the IP total length. At most 26 bytes per packet.
            if (padding && o != null && t != null && o[0] == t[0] && o[1] >= t[1] && o[1] - t[1] <= 26 * o[0]) continue;
            out.add(k + ": collector " + x + " vs " + y);
        }
        return out;
    }

    /**
     * Direction key. ICMP "ports" are left out: exporters put type * 256 + code in the destination
     * port, Zeek-style records put the type and its counterpart in the two ports.
     */
    static String key(String a, int ap, String b, int bp, int proto) {
        if (proto == 1 || proto == 58) ap = bp = 0;
        return a + ":" + ap + ">" + b + ":" + bp + "/" + proto;
    }

    private static long[] sum(long[] x, long[] y) {
        return new long[] {x[0] + y[0], x[1] + y[1]};
    }

    private static void waitForRecords(List<Event> events, int expected, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            synchronized (events) {
                if (events.stream().filter(e -> e instanceof FlowRecord).count() >= expected) break;
            }
            Thread.sleep(50);
        }
        Thread.sleep(200); // anything late would be a surplus the comparison then reports
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) return true;
        }
        return false;
    }

    static Path corpus(String rel) {
        return AppCorpus.file(rel);
    }
}
