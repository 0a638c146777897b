package io.sluice.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.app.live.LiveCaptureException;
import io.sluice.app.live.NetworkInterfaces;
import io.sluice.app.live.PcapCapture;
import io.sluice.capture.LiveSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code analyze --interface} on the loopback interface, with real libpcap and real sockets: the
 * test's own TCP and UDP exchanges on 127.0.0.1, nothing sent anywhere else. Skipped where libpcap
 * is missing or the test does not run as root (CI installs libpcap and runs as root, so there it
 * always runs); as root, a capture that cannot start fails the test.
 */
@EnabledOnOs(OS.LINUX)
class LiveCaptureTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @TempDir
    Path tmp;

    @BeforeAll
    static void libpcapIsThere() {
        try {
            NetworkInterfaces.list();
        } catch (LiveCaptureException e) {
            assumeTrue(false, "no libpcap here: " + e.getMessage());
        }
    }

    static void assumeRoot() throws IOException {
        String uid = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("Uid:"))
                .findFirst().orElse("Uid: -1").split("\\s+")[1];
        assumeTrue(uid.equals("0"), "capturing needs root (or CAP_NET_RAW and CAP_NET_ADMIN)");
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 10 s for " + what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    static List<JsonNode> rows(Path log) throws IOException {
        var rows = new ArrayList<JsonNode>();
        if (!Files.exists(log)) return rows;
        for (String line : Files.readAllLines(log)) {
            if (!line.isBlank()) rows.add(JSON.readTree(line));
        }
        return rows;
    }

    @Test
    void capturesTheTestsOwnTcpAndUdpExchangesOnLoopbackIntoTheLogsAsTheyHappen() throws Exception {
        assumeRoot();
        try (var server = new ServerSocket(0, 5, LOOPBACK); var echo = new DatagramSocket(0, LOOPBACK);
                var client = new DatagramSocket(0, LOOPBACK)) {
            int tcpPort = server.getLocalPort();
            int udpPort = echo.getLocalPort();
            Path out = tmp.resolve("logs");
            var run = Cli.start("analyze", "-i", "lo", "--filter", "port " + tcpPort + " or port " + udpPort,
                    "--duration", "5s", "--out", out.toString(), "-C", "--no-detect", "--stats-every", "0");
            var outText = run.out();
            var errText = run.err();
            var done = run.done();
            await("the capture to start", () -> errText.toString().contains("capturing on lo"));

            // UDP: a question and its answer
            byte[] ping = "ping".getBytes(StandardCharsets.US_ASCII);
            client.send(new DatagramPacket(ping, ping.length, LOOPBACK, udpPort));
            var got = new DatagramPacket(new byte[64], 64);
            echo.receive(got);
            echo.send(new DatagramPacket("pong!".getBytes(StandardCharsets.US_ASCII), 5, got.getSocketAddress()));
            client.receive(new DatagramPacket(new byte[64], 64));

            // TCP: a request, an answer, both sides close
            try (var c = new Socket()) {
                c.connect(new InetSocketAddress(LOOPBACK, tcpPort), 2000);
                try (Socket s = server.accept()) {
                    OutputStream cOut = c.getOutputStream();
                    cOut.write("hello\n".getBytes(StandardCharsets.US_ASCII));
                    cOut.flush();
                    InputStream sIn = s.getInputStream();
                    assertThat(new String(sIn.readNBytes(6), StandardCharsets.US_ASCII)).isEqualTo("hello\n");
                    s.getOutputStream().write("world, hi\n".getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    assertThat(c.getInputStream().readNBytes(10)).hasSize(10);
                    s.shutdownOutput();
                    c.shutdownOutput();
                    assertThat(c.getInputStream().read()).isEqualTo(-1);
                    assertThat(sIn.read()).isEqualTo(-1);
                }
            }

            // Written while the capture still runs: the pipeline flushes the logs once a second.
            await("both connections in connection_creation.log", () -> {
                try {
                    return rows(out.resolve("connection_creation.log")).size() >= 2;
                } catch (IOException e) {
                    return false;
                }
            });
            assertThat(done).isNotDone();

            int code = done.get(20, TimeUnit.SECONDS);
            assertThat(code).as(errText.toString()).isZero();
            List<JsonNode> conns = rows(out.resolve("conn.log"));
            JsonNode tcp = conns.stream().filter(r -> r.get("id.resp_p").asInt() == tcpPort).findFirst().orElseThrow();
            assertThat(tcp.get("proto").asText()).isEqualTo("tcp");
            assertThat(tcp.get("conn_state").asText()).isEqualTo("SF");
            assertThat(tcp.get("orig_bytes").asLong()).isEqualTo(6);
            assertThat(tcp.get("resp_bytes").asLong()).isEqualTo(10);
            assertThat(tcp.get("history").asText()).startsWith("ShAD").contains("F").contains("f");
            assertThat(tcp.get("id.orig_h").asText()).isEqualTo("127.0.0.1");
            assertThat(tcp.get("orig_l2_addr").asText()).isEqualTo("00:00:00:00:00:00");
            JsonNode udp = conns.stream().filter(r -> r.get("id.resp_p").asInt() == udpPort).findFirst().orElseThrow();
            assertThat(udp.get("proto").asText()).isEqualTo("udp");
            assertThat(udp.get("id.orig_p").asInt()).isEqualTo(client.getLocalPort());
            assertThat(udp.get("orig_pkts").asLong()).isEqualTo(1);
            assertThat(udp.get("resp_pkts").asLong()).isEqualTo(1);
            assertThat(udp.get("orig_bytes").asLong()).isEqualTo(4);
            assertThat(udp.get("resp_bytes").asLong()).isEqualTo(5);
            assertThat(conns).hasSize(2);
            // Packet times are the kernel's: within the last minute of the wall clock.
            double now = System.currentTimeMillis() / 1000.0;
            assertThat(tcp.get("ts").asDouble()).isBetween(now - 60, now);
            assertThat(outText.toString()).contains("Capture on lo:").contains("dropped by the kernel");
            // the report of a live run: written when the capture ends, naming the interface and its filter
            var report = io.sluice.app.report.ReportPages.parse(Files.readString(out.resolve("report.html")));
            assertThat(io.sluice.app.report.ReportPages.text(report, "//tr[@id='fact-source']/td"))
                    .isEqualTo("lo (filter 'port " + tcpPort + " or port " + udpPort + "')");
            assertThat(io.sluice.app.report.ReportPages.text(report, "//tr[@id='fact-connections']/td")).isEqualTo("2");
            assertThat(io.sluice.app.report.ReportPages.text(report, "//section[@id='alerts']")).contains("Detection was off");
        }
    }

    @Test
    void stopEndsAWaitingPollAtOnce() throws Exception {
        assumeRoot();
        var settings = new PcapCapture.Settings("lo", "udp port 9 and host 127.0.0.9", 65_535, false, 1 << 20, 50,
                Long.MAX_VALUE, Long.MAX_VALUE);
        try (var capture = PcapCapture.open(settings)) {
            assertThat(capture.poll()).isEqualTo(LiveSource.Poll.IDLE);
            assertThat(capture.idleNanos()).isCloseTo(System.currentTimeMillis() * 1_000_000L, org.assertj.core.data.Offset.offset(2_000_000_000L));
            var stopper = CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(150);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                capture.stop();
            });
            long t0 = System.nanoTime();
            LiveSource.Poll p;
            do {
                p = capture.poll();
            } while (p == LiveSource.Poll.IDLE);
            assertThat(p).isEqualTo(LiveSource.Poll.END);
            assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(2));
            stopper.get();
            assertThat(capture.stats().received()).isZero();
        }
    }

    @Test
    void countAndDurationEndTheCapture() throws Exception {
        assumeRoot();
        var settings = new PcapCapture.Settings("lo", "udp port 9 and host 127.0.0.9", 65_535, false, 1 << 20, 50,
                Long.MAX_VALUE, System.currentTimeMillis() * 1_000_000L + 300_000_000L);
        try (var capture = PcapCapture.open(settings)) {
            long t0 = System.nanoTime();
            while (capture.poll() != LiveSource.Poll.END) {
                assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(5));
            }
            assertThat(System.nanoTime() - t0).isGreaterThan(200_000_000L);
        }
    }

    @Test
    void anInterfaceThatDoesNotExistOrABadFilterSaysWhatToDo() throws Exception {
        assumeRoot();
        var err = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        assertThat(cl.execute("analyze", "-i", "sluicenone0", "--out", tmp.resolve("a").toString())).isEqualTo(ExitCode.NO_INPUT);
        assertThat(err.toString()).contains("no interface called sluicenone0").contains("sluice interfaces");

        var err2 = new StringWriter();
        cl = Main.commandLine();
        cl.setErr(new PrintWriter(err2, true));
        assertThat(cl.execute("analyze", "-i", "lo", "--filter", "port banana", "--out", tmp.resolve("b").toString()))
                .isEqualTo(ExitCode.NO_INPUT);
        assertThat(err2.toString()).contains("the filter 'port banana' is not valid");
    }

    @Test
    void interfacesListsLoopback() {
        var out = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        assertThat(cl.execute("interfaces")).isZero();
        assertThat(out.toString()).contains("lo ").contains("loopback").contains("127.0.0.1");
    }

    @Test
    void liveOptionsAreUsageErrorsWithoutAnInterfaceAndInputsWithOne() throws IOException {
        Path pcap = tmp.resolve("x.pcap");
        Files.write(pcap, new byte[0]);
        for (String[] args : List.of(
                new String[] {"analyze", "--out", tmp.toString()},
                new String[] {"analyze", pcap.toString(), "--count", "5", "--out", tmp.toString()},
                new String[] {"analyze", pcap.toString(), "-i", "lo", "--out", tmp.toString()},
                new String[] {"analyze", "-i", "lo", "--duration", "soon", "--out", tmp.toString()})) {
            var err = new StringWriter();
            var cl = Main.commandLine();
            cl.setErr(new PrintWriter(err, true));
            assertThat(cl.execute(args)).as(String.join(" ", args)).isEqualTo(ExitCode.USAGE);
            assertThat(err.toString()).as(String.join(" ", args)).containsAnyOf("--interface", "--duration");
        }
    }
}
