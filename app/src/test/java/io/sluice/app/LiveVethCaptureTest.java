package io.sluice.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.PortUnreachableException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code analyze --interface} on a real Ethernet device: one end of a {@link VethPair} whose other end
 * sits in a network namespace the test makes for itself, each end with an IPv4 address, so frames
 * carry real MAC addresses and the far side's kernel answers ARP, ICMP echo, a SYN to a closed port
 * and a datagram to a closed port with nobody listening there. Everything is sent from the root
 * namespace to the namespace's one address; nothing leaves the pair. Skipped where the test does not
 * run as root or the {@code ip} command is missing; as root with {@code ip}, a pair that cannot be
 * made or a capture that cannot start fails it.
 */
@EnabledOnOs(OS.LINUX)
class LiveVethCaptureTest {
    /** The discard port: nothing listens on it in a fresh namespace, so TCP is refused and UDP unreachable. */
    private static final int CLOSED_PORT = 9;
    private static final int ECHOES = 3;

    private VethPair pair;
    private String nearIp;
    private String farIp;
    private String nearMac;
    private String farMac;

    @TempDir
    Path tmp;

    @BeforeEach
    void makeTheVethPair() throws Exception {
        pair = VethPair.open("slv", VethPair.Addresses.IPV4);
        nearIp = pair.nearIp();
        farIp = pair.farIp();
        nearMac = pair.nearMac();
        farMac = pair.farMac();
    }

    @AfterEach
    void removeTheVethPair() throws Exception {
        if (pair != null) pair.close();
    }

    @Test
    void capturesArpPingARefusedSynAndAnUnreachableDatagramWithTheirMacAddresses() throws Exception {
        InetAddress far = InetAddress.getByName(farIp);
        InetAddress near = InetAddress.getByName(nearIp);
        Path out = tmp.resolve("logs");
        // -C: veth offers checksum offload, so the SYN and the datagram this host sends are
        // captured with their TCP and UDP checksums unfinished (only the pseudo-header's sum; a
        // real NIC would fill them in). Without it they are dropped as bad and the refused
        // connection reads RSTRH (the RST alone), as under Zeek without -C.
        var run = Cli.start("analyze", "-i", pair.near(), "--out", out.toString(), "-C", "--no-detect", "--stats-every", "0",
                "--duration", "5s");
        var outText = run.out();
        var errText = run.err();
        var done = run.done();
        LiveCaptureTest.await("the capture to start", () -> errText.toString().contains("capturing on " + pair.near()) || done.isDone());
        assertThat(done).as(errText.toString()).isNotDone();
        assertThat(errText.toString()).as("Ethernet (DLT_EN10MB)").contains("capturing on " + pair.near() + " (link type 1,");

        // ICMP echo: as root the JDK pings with a raw socket bound to the interface's address (the
        // log shows it is ICMP, not its fallback, a TCP connect to port 7). The first one makes the
        // kernel ask for the far end's MAC by ARP.
        var nic = NetworkInterface.getByName(pair.near());
        for (int i = 0; i < ECHOES; i++) {
            assertThat(far.isReachable(nic, 0, 2000)).as("echo " + (i + 1) + " to " + farIp).isTrue();
        }

        // TCP: a SYN to a closed port, refused by the namespace's kernel with a RST.
        int tcpPort;
        try (var s = new Socket()) {
            s.bind(new InetSocketAddress(near, 0));
            tcpPort = s.getLocalPort();
            assertThatThrownBy(() -> s.connect(new InetSocketAddress(far, CLOSED_PORT), 2000))
                    .isInstanceOf(ConnectException.class);
        }

        // UDP: one datagram to a closed port; the ICMP port unreachable that comes back fails the
        // connected socket's next receive, so the test knows it was sent before the capture ends.
        byte[] hello = "hello?".getBytes(StandardCharsets.US_ASCII);
        int udpPort;
        try (var d = new DatagramSocket(new InetSocketAddress(near, 0))) {
            udpPort = d.getLocalPort();
            d.connect(far, CLOSED_PORT);
            d.setSoTimeout(2000);
            d.send(new DatagramPacket(hello, hello.length));
            assertThatThrownBy(() -> d.receive(new DatagramPacket(new byte[16], 16))).isInstanceOf(PortUnreachableException.class);
        }

        int code = done.get(30, TimeUnit.SECONDS);
        String context = "stderr:\n" + errText + "\nstdout:\n" + outText;
        assertThat(code).as(context).isZero();
        assertThat(outText.toString()).contains("Capture on " + pair.near() + ":");
        double now = System.currentTimeMillis() / 1000.0;

        // arp.log: the near end's broadcast question and the far end's answer to it.
        List<JsonNode> arps = LiveCaptureTest.rows(out.resolve("arp.log"));
        JsonNode request = only(arps, "the ARP request for " + farIp, r -> r.path("operation").asText().equals("request")
                && r.path("src_ip").asText().equals(nearIp) && r.path("dst_ip").asText().equals(farIp)
                && r.path("eth_dst").asText().equals("ff:ff:ff:ff:ff:ff"));
        assertThat(request.get("src_mac").asText()).isEqualTo(nearMac);
        assertThat(request.get("eth_src").asText()).isEqualTo(nearMac);
        // Linux leaves the target hardware address of a broadcast request zero (RFC 826 does not say what it holds).
        assertThat(request.get("dst_mac").asText()).isEqualTo("00:00:00:00:00:00");
        assertThat(request.get("gratuitous").asBoolean()).isFalse();
        assertThat(request.get("probe").asBoolean()).isFalse();
        assertThat(request.has("vlan")).isFalse();
        assertThat(request.get("ts").asDouble()).isBetween(now - 60, now);
        JsonNode reply = only(arps, "the ARP reply from " + farIp, r -> r.path("operation").asText().equals("reply")
                && r.path("src_ip").asText().equals(farIp) && r.path("dst_ip").asText().equals(nearIp));
        assertThat(reply.get("src_mac").asText()).isEqualTo(farMac);
        assertThat(reply.get("eth_src").asText()).isEqualTo(farMac);
        assertThat(reply.get("dst_mac").asText()).isEqualTo(nearMac);
        assertThat(reply.get("eth_dst").asText()).isEqualTo(nearMac);
        assertThat(reply.get("gratuitous").asBoolean()).isFalse();
        assertThat(reply.get("probe").asBoolean()).isFalse();
        assertThat(reply.get("ts").asDouble()).isGreaterThanOrEqualTo(request.get("ts").asDouble());

        List<JsonNode> conns = LiveCaptureTest.rows(out.resolve("conn.log"));
        String all = "conn.log:\n" + String.join("\n", conns.stream().map(JsonNode::toString).toList());

        // ICMP echo: Zeek's ports are the type and its counterpart (8, echo request; 0, echo reply),
        // and every echo between the two hosts is one connection.
        JsonNode echo = only(conns, "the echo row\n" + all, r -> r.path("proto").asText().equals("icmp")
                && r.path("id.orig_h").asText().equals(nearIp) && r.path("id.resp_h").asText().equals(farIp));
        assertThat(echo.get("id.orig_p").asInt()).isEqualTo(8);
        assertThat(echo.get("id.resp_p").asInt()).isEqualTo(0);
        assertThat(echo.get("orig_pkts").asLong()).isEqualTo(ECHOES);
        assertThat(echo.get("resp_pkts").asLong()).isEqualTo(ECHOES);
        assertThat(echo.get("conn_state").asText()).isEqualTo("OTH");
        // Zeek's ICMP bytes are each message's payload, past the 8-byte ICMP header; a reply echoes
        // its request's payload.
        long echoed = echo.get("orig_bytes").asLong();
        assertThat(echoed).isPositive().isEqualTo(echo.get("resp_bytes").asLong());
        assertThat(echo.get("orig_ip_bytes").asLong()).isEqualTo(echoed + ECHOES * 28L);
        assertThat(echo.get("resp_ip_bytes").asLong()).isEqualTo(echoed + ECHOES * 28L);
        assertThat(echo.get("duration").asDouble()).isPositive();
        assertThat(echo.get("orig_l2_addr").asText()).isEqualTo(nearMac);
        assertThat(echo.get("resp_l2_addr").asText()).isEqualTo(farMac);
        assertThat(echo.get("ts").asDouble()).isBetween(now - 60, now);

        // TCP: SYN, then RST from the responder: history "Sr", conn_state REJ, no payload either way.
        JsonNode refused = only(conns, "the refused connection\n" + all, r -> r.path("proto").asText().equals("tcp")
                && r.path("id.resp_p").asInt() == CLOSED_PORT);
        assertThat(refused.get("id.orig_h").asText()).isEqualTo(nearIp);
        assertThat(refused.get("id.orig_p").asInt()).isEqualTo(tcpPort);
        assertThat(refused.get("id.resp_h").asText()).isEqualTo(farIp);
        assertThat(refused.get("conn_state").asText()).isEqualTo("REJ");
        assertThat(refused.get("history").asText()).isEqualTo("Sr");
        assertThat(refused.get("orig_pkts").asLong()).isEqualTo(1);
        assertThat(refused.get("resp_pkts").asLong()).isEqualTo(1);
        assertThat(refused.get("orig_bytes").asLong()).isZero();
        assertThat(refused.get("resp_bytes").asLong()).isZero();
        assertThat(refused.get("duration").asDouble()).isPositive();
        assertThat(refused.get("orig_ip_bytes").asLong()).as("the SYN with Linux's options").isEqualTo(20 + synTcpHeaderBytes());
        // Linux's RST carries no TCP options: 20 bytes of IP, 20 of TCP.
        assertThat(refused.get("resp_ip_bytes").asLong()).isEqualTo(40);
        assertThat(refused.get("orig_l2_addr").asText()).isEqualTo(nearMac);
        assertThat(refused.get("resp_l2_addr").asText()).isEqualTo(farMac);

        // UDP: one datagram out, nothing back over UDP (Zeek does not count the ICMP error as the
        // connection's answer); the error is an ICMP connection of its own, from the far end.
        JsonNode datagram = only(conns, "the datagram\n" + all, r -> r.path("proto").asText().equals("udp")
                && r.path("id.resp_p").asInt() == CLOSED_PORT);
        assertThat(datagram.get("id.orig_h").asText()).isEqualTo(nearIp);
        assertThat(datagram.get("id.orig_p").asInt()).isEqualTo(udpPort);
        assertThat(datagram.get("id.resp_h").asText()).isEqualTo(farIp);
        assertThat(datagram.get("orig_pkts").asLong()).isEqualTo(1);
        assertThat(datagram.get("orig_ip_bytes").asLong()).isEqualTo(20 + 8 + hello.length);
        assertThat(datagram.get("resp_pkts").asLong()).isZero();
        assertThat(datagram.get("resp_ip_bytes").asLong()).isZero();
        // One packet, no duration: Zeek sets duration, orig_bytes and resp_bytes only when the
        // duration is above zero (base/protocols/conn/main.zeek, set_conn), and so does Sluice.
        assertThat(datagram.has("duration")).as(datagram.toString()).isFalse();
        assertThat(datagram.has("orig_bytes")).as(datagram.toString()).isFalse();
        assertThat(datagram.get("conn_state").asText()).isEqualTo("S0");
        assertThat(datagram.get("history").asText()).isEqualTo("D");
        assertThat(datagram.get("orig_l2_addr").asText()).isEqualTo(nearMac);
        assertThat(datagram.get("resp_l2_addr").asText()).isEqualTo(farMac);
        JsonNode unreachable = only(conns, "the port unreachable\n" + all, r -> r.path("proto").asText().equals("icmp")
                && r.path("id.orig_h").asText().equals(farIp) && r.path("id.resp_h").asText().equals(nearIp));
        assertThat(unreachable.get("id.orig_p").asInt()).as("type 3, destination unreachable").isEqualTo(3);
        assertThat(unreachable.get("id.resp_p").asInt()).as("code 3, port unreachable").isEqualTo(3);
        assertThat(unreachable.get("conn_state").asText()).isEqualTo("OTH");
        assertThat(unreachable.get("orig_pkts").asLong()).isEqualTo(1);
        assertThat(unreachable.get("resp_pkts").asLong()).isZero();
        // The error quotes the whole datagram it answers: its IP header, UDP header and payload.
        assertThat(unreachable.get("orig_ip_bytes").asLong()).isEqualTo(20 + 8 + datagram.get("orig_ip_bytes").asLong());
        assertThat(unreachable.has("duration")).isFalse();
        assertThat(unreachable.get("orig_l2_addr").asText()).isEqualTo(farMac);
        assertThat(unreachable.get("resp_l2_addr").asText()).isEqualTo(nearMac);

        // icmp.log names the datagram the error answers.
        JsonNode error = only(LiveCaptureTest.rows(out.resolve("icmp.log")), "the port unreachable in icmp.log",
                r -> r.path("uid").asText().equals(unreachable.get("uid").asText()));
        assertThat(error.get("type_name").asText()).isEqualTo("dest_unreachable");
        assertThat(error.get("inner_proto").asText()).isEqualTo("udp");
        assertThat(error.get("inner_orig_h").asText()).isEqualTo(nearIp);
        assertThat(error.get("inner_orig_p").asInt()).isEqualTo(udpPort);
        assertThat(error.get("inner_resp_h").asText()).isEqualTo(farIp);
        assertThat(error.get("inner_resp_p").asInt()).isEqualTo(CLOSED_PORT);

        JsonNode creation = only(LiveCaptureTest.rows(out.resolve("connection_creation.log")), "the refused connection's creation",
                r -> r.path("uid").asText().equals(refused.get("uid").asText()));
        assertThat(creation.get("outcome").asText()).isEqualTo("rejected");

        // Between the two IPv4 addresses there was nothing else (IPv6's own chatter on the pair aside).
        assertThat(conns.stream().filter(r -> r.path("id.orig_h").asText().startsWith("10.231.")).toList())
                .as(all).hasSize(4);
    }

    /**
     * The TCP header of a SYN from this host, as Linux builds it (tcp_syn_options): MSS always; the
     * timestamp option with SACK-permitted in its padding, or SACK-permitted alone; window scale.
     */
    private static int synTcpHeaderBytes() throws IOException {
        boolean timestamps = !sysctl("net/ipv4/tcp_timestamps").equals("0");
        boolean sack = !sysctl("net/ipv4/tcp_sack").equals("0");
        boolean windowScale = !sysctl("net/ipv4/tcp_window_scaling").equals("0");
        return 20 + 4 + (timestamps ? 12 : sack ? 4 : 0) + (windowScale ? 4 : 0);
    }

    private static String sysctl(String name) throws IOException {
        return Files.readString(Path.of("/proc/sys", name)).strip();
    }

    private static JsonNode only(List<JsonNode> rows, String what, Predicate<JsonNode> which) {
        var found = rows.stream().filter(which).toList();
        assertThat(found).as(what + "\nrows:\n" + rows).hasSize(1);
        return found.get(0);
    }
}
