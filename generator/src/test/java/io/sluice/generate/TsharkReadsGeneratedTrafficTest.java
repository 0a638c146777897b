package io.sluice.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator writes traffic a second decoder accepts: tshark reads the demo's scenarios with no
 * malformed packet, no error-level expert item and no "Long frame" (bytes its dissector for the
 * protocol did not expect). Sluice's own dissectors read what the generator wrote, so a builder
 * bug that both share would pass every other test; tshark is the outside check. CI installs it;
 * without it the test is skipped.
 *
 * <p>Known difference, allowed: tshark 4.0 knows curve25519's 32-byte keys only and reports
 * "Invalid key length" for the hybrid sntrup761x25519-sha512 key exchange that OpenSSH 9 uses by
 * default (a 1,190-byte client key, a 1,071-byte server reply), and then misreads the rest of
 * that reply.
 */
class TsharkReadsGeneratedTrafficTest {

    private static final List<String> DEMO = List.of("office", "windows-domain", "encrypted-services", "network-sweep",
            "dns-tunnel", "port-knock", "lateral-movement");

    @TempDir
    Path dir;

    @Test
    void tsharkFindsNothingMalformedInTheDemoTraffic() throws Exception {
        assumeTrue(tsharkAvailable(), "tshark is not installed");
        Path pcap = dir.resolve("demo.pcap");
        var scenarios = new ArrayList<Scenario>();
        for (String name : DEMO) scenarios.add(TrafficGenerator.scenario(name));
        var result = new TrafficGenerator(TrafficGenerator.DEFAULT_START_NANOS, 1).write(scenarios, pcap);
        assertThat(result.packets()).isGreaterThan(5_000);

        List<String> problems = tshark(pcap, "_ws.malformed || _ws.expert.severity >= 8388608"
                + " || _ws.expert.message contains \"Long frame\"");
        var unexpected = problems.stream().filter(line -> !isKnownSshKexLimitation(line)).toList();
        assertThat(unexpected).as("frames tshark finds malformed or long (frame, protocol, expert messages)").isEmpty();
        // the known difference occurs (so the filter above is not hiding everything) and only there
        assertThat(problems).isNotEmpty().allSatisfy(line -> assertThat(line).contains("SSH"));
        // the frames that were long before the ept_map answer's referent id was fixed decode in full now
        assertThat(tshark(pcap, "epm.opnum == 3 && dcerpc.pkt_type == 2 && epm.tower.num_floors == 5")).isNotEmpty();
    }

    private static boolean isKnownSshKexLimitation(String line) {
        return line.contains("\tSSH") && (line.contains("Invalid key length: 1190") || line.contains("Invalid key length: 1071"));
    }

    private static List<String> tshark(Path pcap, String filter) throws IOException, InterruptedException {
        var p = new ProcessBuilder("tshark", "-n", "-r", pcap.toString(), "-Y", filter, "-T", "fields", "-e", "frame.number",
                "-e", "_ws.col.Protocol", "-e", "_ws.expert.message").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("tshark finished").isTrue();
        assertThat(p.exitValue()).as("tshark's exit status").isZero();
        return out.lines().filter(l -> !l.isBlank()).toList();
    }

    private static boolean tsharkAvailable() {
        try {
            var p = new ProcessBuilder("tshark", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
