package io.sluice.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * An interface that goes away under a live capture: the run ends with what it had, as a damaged
 * file does. The error names the interface and how many packets came before, the connections
 * seen so far are in conn.log, and the exit code is 1. Root and {@code ip} as {@link VethPair} needs.
 */
@EnabledOnOs(OS.LINUX)
class LiveInterfaceLossTest {

    @TempDir
    Path tmp;

    @Test
    void anInterfaceThatDisappearsEndsTheRunWithEverythingSeenBeforeIt() throws Exception {
        try (var pair = VethPair.open("sll", VethPair.Addresses.IPV4)) {
            Path out = tmp.resolve("logs");
            var run = Cli.start("analyze", "-i", pair.near(), "--out", out.toString(), "-C", "--no-detect",
                    "--stats-every", "0", "--duration", "60s");
            var outText = run.out();
            var errText = run.err();
            var done = run.done();
            LiveCaptureTest.await("the capture to start", () -> errText.toString().contains("capturing on " + pair.near()));
            var far = InetAddress.getByName(pair.farIp());
            var nic = NetworkInterface.getByName(pair.near());
            for (int i = 0; i < 2; i++) assertThat(far.isReachable(nic, 0, 2000)).as("echo to " + far).isTrue();
            // Only what the kernel has handed over can be analysed: its ring hands packets over a block at
            // a time, at the latest after the read timeout (100 ms), and a block not yet handed over when
            // the interface goes is lost with it (libpcap reports the loss of the interface first). So the
            // pings must have reached the logs (flushed once a second) before the pair is removed.
            LiveCaptureTest.await("the pings in connection_creation.log", () -> {
                try {
                    return LiveCaptureTest.rows(out.resolve("connection_creation.log")).stream()
                            .anyMatch(r -> r.get("proto").asText().equals("icmp"));
                } catch (java.io.IOException e) {
                    return false;
                }
            });

            pair.close(); // the namespace goes, and with it both ends of the pair

            int code = done.get(30, TimeUnit.SECONDS);
            String context = "stderr:\n" + errText + "\nstdout:\n" + outText;
            assertThat(code).as(context).isEqualTo(ExitCode.INPUT_DAMAGED);
            assertThat(errText.toString()).as(context).containsPattern("sluice: " + pair.near()
                    + ": capture failed after \\d+ packets: .+ \\(everything before it was analysed\\)");
            List<JsonNode> conns = LiveCaptureTest.rows(out.resolve("conn.log"));
            assertThat(conns).as(context).anySatisfy(r -> {
                assertThat(r.get("proto").asText()).isEqualTo("icmp");
                assertThat(r.get("id.orig_h").asText()).isEqualTo(pair.nearIp());
                assertThat(r.get("id.resp_h").asText()).isEqualTo(pair.farIp());
                assertThat(r.get("orig_pkts").asLong()).isEqualTo(2);
                assertThat(r.get("resp_pkts").asLong()).isEqualTo(2);
            });
            assertThat(outText.toString()).contains("Capture on " + pair.near() + ":");
        }
    }
}
