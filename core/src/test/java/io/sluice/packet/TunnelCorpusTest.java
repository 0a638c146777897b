package io.sluice.packet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testing.Corpus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Decodes Zeek's own test captures and compares with Zeek's baselines (tunnel.log, conn.log in
 * corpus/pcap-protocols/zeek/&lt;test&gt;/baseline): every tunnel Zeek discovered is found and no
 * other; every connection Zeek saw inside a tunnel is an inner packet here; VLAN ids match
 * conn.log's vlan/inner_vlan. Where a baseline does not show the encapsulation (MPLS, the VLAN of
 * core.vlan-mpls), tcpdump 4.99's reading of the same file is the reference.
 */
@Tag("corpus")
@EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
class TunnelCorpusTest {
    private static final String ZEEK = "pcap-protocols/zeek/";

    /** Everything decoded from one capture, outer packets and tunnelled ones. */
    private static final class Decoded {
        final Set<String> tunnels = new TreeSet<>();
        final Set<String> nonIpTunnels = new TreeSet<>();
        final Set<String> innerConns = new TreeSet<>();
        final Set<String> outerConns = new TreeSet<>();
        final Map<String, List<Packet>> byConn = new HashMap<>();
        final Map<DecodeError, Integer> errors = new HashMap<>();
        int packets;
    }

    private static Decoded decode(String pcap) throws IOException {
        var d = new PacketDecoder();
        var out = new Decoded();
        for (TestPcapFiles.Frame f : TestPcapFiles.read(Corpus.file(ZEEK + pcap))) {
            var p = new Packet();
            p.buf = ByteBuffer.wrap(f.data());
            p.linkType = f.linkType();
            p.capLen = f.data().length;
            p.wireLen = f.wireLen();
            p.tsNanos = f.tsNanos();
            d.decode(p);
            out.packets++;
            record(out, p);
            while (p.tunnel != Tunnel.NONE) {
                String tunnel = p.tunnel.zeekName() + " " + pair(p, p.isUdp());
                var in = new Packet();
                if (!d.decodeInner(p, in)) {
                    break;
                }
                // Zeek logs a tunnel when a connection appears inside it: VXLAN packets carrying
                // only ARP (vxlan.pcap has two such flows) are decoded but make no tunnel.log line.
                (in.ipVersion != 0 ? out.tunnels : out.nonIpTunnels).add(tunnel);
                record(out, in);
                p = in;
            }
        }
        return out;
    }

    private static void record(Decoded out, Packet p) {
        if (p.error != DecodeError.NONE) {
            out.errors.merge(p.error, 1, Integer::sum);
        }
        if (p.ipVersion == 0) {
            return;
        }
        String conn = proto(p.ipProto) + " " + pair(p, p.isTcp() || p.isUdp());
        (p.tunnelDepth > 0 ? out.innerConns : out.outerConns).add(conn);
        out.byConn.computeIfAbsent(conn, k -> new ArrayList<>()).add(copyOf(p));
    }

    private static Packet copyOf(Packet p) {
        var c = new Packet();
        c.vlan = p.vlan;
        c.innerVlan = p.innerVlan;
        c.mplsDepth = p.mplsDepth;
        c.tunnelDepth = p.tunnelDepth;
        return c;
    }

    private static String proto(int ipProto) {
        return switch (ipProto) {
            case 6 -> "tcp";
            case 17 -> "udp";
            case 1, 58 -> "icmp";
            default -> "ip" + ipProto;
        };
    }

    /** Endpoints in a direction-free order, with ports when the protocol has them. */
    private static String pair(Packet p, boolean ports) {
        String a = Decode.src(p) + (ports ? ":" + p.srcPort : "");
        String b = Decode.dst(p) + (ports ? ":" + p.dstPort : "");
        return a.compareTo(b) <= 0 ? a + " " + b : b + " " + a;
    }

    private static String pair(String h1, String p1, String h2, String p2, boolean ports) {
        String a = h1 + (ports ? ":" + p1 : "");
        String b = h2 + (ports ? ":" + p2 : "");
        return a.compareTo(b) <= 0 ? a + " " + b : b + " " + a;
    }

    /** Rows of a Zeek TSV log as column-name → value maps. */
    private static List<Map<String, String>> zeekLog(String rel) throws IOException {
        List<String> fields = List.of();
        var rows = new ArrayList<Map<String, String>>();
        for (String line : Files.readAllLines(Corpus.file(ZEEK + rel))) {
            if (line.startsWith("#fields")) {
                fields = List.of(line.substring(8).split("\t"));
            } else if (!line.startsWith("#") && !line.isBlank()) {
                String[] v = line.split("\t", -1);
                var row = new HashMap<String, String>();
                for (int i = 0; i < fields.size() && i < v.length; i++) {
                    row.put(fields.get(i), v[i]);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static Set<String> zeekTunnels(String test) throws IOException {
        var set = new TreeSet<String>();
        for (var row : zeekLog(test + "/baseline/tunnel.log")) {
            if (row.get("action").equals("Tunnel::DISCOVER")) {
                boolean ports = !row.get("id.orig_p").equals("0") || !row.get("id.resp_p").equals("0");
                set.add(row.get("tunnel_type") + " " + pair(row.get("id.orig_h"), row.get("id.orig_p"), row.get("id.resp_h"), row.get("id.resp_p"), ports));
            }
        }
        return set;
    }

    private static String zeekConn(Map<String, String> row) {
        boolean ports = !row.get("proto").equals("icmp");
        return row.get("proto") + " " + pair(row.get("id.orig_h"), row.get("id.orig_p"), row.get("id.resp_h"), row.get("id.resp_p"), ports);
    }

    private static void assertTunnelsAndInnerConnections(String test, String pcap) throws IOException {
        Decoded d = decode(test + "/" + pcap);
        assertThat(d.errors).as("decode errors in %s", pcap).isEmpty();
        assertThat(d.tunnels).as("tunnels in %s vs Zeek's tunnel.log", pcap).isEqualTo(zeekTunnels(test));
        for (var row : zeekLog(test + "/baseline/conn.log")) {
            String conn = zeekConn(row);
            if (row.get("tunnel_parents").equals("-")) {
                assertThat(d.outerConns).as("outer connection of %s", pcap).contains(conn);
            } else {
                assertThat(d.innerConns).as("tunnelled connection of %s", pcap).contains(conn);
            }
        }
    }

    @Test
    void gre() throws IOException {
        assertTunnelsAndInnerConnections("core.tunnels.gre", "gre-sample.pcap");
    }

    @Test
    void teredoIncludingContentDetectionOffPort3544() throws IOException {
        assertTunnelsAndInnerConnections("core.tunnels.teredo", "Teredo.pcap");
    }

    @Test
    void vxlan() throws IOException {
        assertTunnelsAndInnerConnections("core.tunnels.vxlan", "vxlan.pcap");
        // tcpdump: 192.168.56.11:39924 → .12:4789 and .12:40908 → .11:4789 carry the ARP request and reply.
        assertThat(decode("core.tunnels.vxlan/vxlan.pcap").nonIpTunnels).containsExactly(
                "Tunnel::VXLAN 192.168.56.11:39924 192.168.56.12:4789", "Tunnel::VXLAN 192.168.56.11:4789 192.168.56.12:40908");
    }

    @Test
    void qinqVlanIdsMatchConnLog() throws IOException {
        Decoded d = decode("policy.conn.vlan-logging/q-in-q.pcap");
        assertThat(d.errors).isEmpty();
        var rows = zeekLog("policy.conn.vlan-logging/baseline/conn.log");
        assertThat(rows).isNotEmpty();
        for (var row : rows) {
            List<Packet> ps = d.byConn.get(zeekConn(row));
            assertThat(ps).as("packets of %s", zeekConn(row)).isNotEmpty();
            for (Packet p : ps) {
                assertThat(p.vlan).isEqualTo(Integer.parseInt(row.get("vlan")));
                assertThat(p.innerVlan).isEqualTo(Integer.parseInt(row.get("inner_vlan")));
            }
        }
    }

    @Test
    void mixedVlanAndMpls() throws IOException {
        Decoded d = decode("core.vlan-mpls/mixed-vlan-mpls.pcap");
        assertThat(d.errors).isEmpty();
        var rows = zeekLog("core.vlan-mpls/baseline/conn.log");
        assertThat(rows).hasSize(3);
        for (var row : rows) {
            assertThat(d.outerConns).contains(zeekConn(row));
        }
        assertThat(d.outerConns).as("no connection Zeek did not see").hasSameSizeAs(rows);
        // tcpdump -e: the telnet connection is under one MPLS label (29), the 10.20.80.1 one in VLAN 4093.
        for (Packet p : d.byConn.get("tcp 10.1.2.1:11001 10.34.0.1:23")) {
            assertThat(p.mplsDepth).isEqualTo(1);
            assertThat(p.vlan).isEqualTo(-1);
        }
        for (Packet p : d.byConn.get("tcp 10.0.0.15:80 10.20.80.1:50343")) {
            assertThat(p.vlan).isEqualTo(4093);
            assertThat(p.mplsDepth).isZero();
        }
        for (Packet p : d.byConn.get("tcp 125.190.109.199:80 141.42.64.125:56730")) {
            assertThat(p.vlan).isEqualTo(-1);
            assertThat(p.mplsDepth).isZero();
        }
    }
}
