package io.sluice.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice collect} end to end: listen, receive, stop on end of input, flush the logs and the summary. */
class CollectCommandTest {

    @TempDir
    Path tmp;

    @Test
    void stopOnEndOfInputWritesTheLogsAndThePerExporterSummary() throws Exception {
        Path dir = tmp.resolve("logs");
        String out = collect(dir);
        assertThat(Files.readAllLines(dir.resolve("conn.log"))).hasSize(1).first().asString()
                .contains("\"source\":\"netflow-v9\"");
        assertThat(Files.readAllLines(dir.resolve("connection_creation.log"))).hasSize(1);
        String stats = Files.readString(dir.resolve("collector_stats.log"));
        assertThat(stats).contains("\"datagrams\":2").contains("\"flow_records\":1").contains("\"drop_too_short\":1");
        assertThat(out).contains("too_short=1");
        assertThat(out).contains("total: datagrams received 2, decoded 2, dropped: queue full 0")
                .contains("malformed 1; records decoded 1, written 1");
    }

    @Test
    void noConnectionCreationWritesConnLogOnly() throws Exception {
        Path dir = tmp.resolve("logs");
        String out = collect(dir, "--no-connection-creation");
        assertThat(Files.readAllLines(dir.resolve("conn.log"))).hasSize(1);
        assertThat(dir.resolve("connection_creation.log")).doesNotExist();
        assertThat(out).contains("records decoded 1, written 1");
    }

    /** Runs collect on a free port, sends one v9 datagram and one too short, closes stdin; returns stdout. */
    private String collect(Path dir, String... extra) throws Exception {
        InputStream savedIn = System.in;
        var stdin = new PipedOutputStream();
        System.setIn(new PipedInputStream(stdin));
        var out = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(new StringWriter(), true));
        int[] code = {-1};
        var args = new java.util.ArrayList<>(List.of("collect", "--netflow", "127.0.0.1:0", "--out", dir.toString(),
                "--stop-on-eof"));
        args.addAll(List.of(extra));
        Thread run = new Thread(() -> code[0] = cl.execute(args.toArray(String[]::new)));
        try {
            run.start();
            var listening = Pattern.compile("listening for netflow on /127\\.0\\.0\\.1:(\\d+)");
            int port = -1;
            for (int i = 0; i < 200 && port < 0; i++) {
                var m = listening.matcher(out.toString());
                if (m.find()) port = Integer.parseInt(m.group(1));
                else Thread.sleep(50);
            }
            assertThat(port).as("the collector said where it listens: " + out).isPositive();
            try (var s = new DatagramSocket()) {
                byte[] good = FlowCollectorTest.v9();
                s.send(new DatagramPacket(good, good.length, new InetSocketAddress("127.0.0.1", port)));
                s.send(new DatagramPacket(new byte[] {1, 2, 3}, 3, new InetSocketAddress("127.0.0.1", port)));
            }
            Thread.sleep(500);
            stdin.close();
            run.join(30_000);
        } finally {
            System.setIn(savedIn);
        }
        assertThat(code[0]).isEqualTo(ExitCode.OK);
        return out.toString();
    }
}
