package io.sluice.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.flow.FlowStats;
import io.sluice.pipeline.PipelineStats;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

class ChecksumOffloadWarningTest {

    private static PipelineStats traffic(long packets, long badIp) {
        return new PipelineStats(packets, 0, 0, 0, 0, 0, badIp, null);
    }

    private static FlowStats flows(long badTransport) {
        return new FlowStats(0, 0, 0, 0, 0, 0, 0, 0, 0, badTransport, 0, 0);
    }

    @Test
    void warnsAboveZeeksFivePercent() {
        assertThat(ChecksumOffloadWarning.of(traffic(28, 13), flows(0)))
                .isEqualTo("13 of 28 packets (46 %) had bad checksums and were left out, as Zeek does; the capture was"
                        + " probably taken on a host with checksum offloading: run again with -C to analyse them");
        assertThat(ChecksumOffloadWarning.of(traffic(100, 3), flows(3))).startsWith("6 of 100 packets (6 %)");
    }

    @Test
    void quietWhenBadChecksumsAreRareOrThereAreNoPackets() {
        assertThat(ChecksumOffloadWarning.of(traffic(100, 2), flows(3))).isNull();
        assertThat(ChecksumOffloadWarning.of(traffic(0, 0), flows(0))).isNull();
        assertThat(ChecksumOffloadWarning.of(traffic(1000, 0), flows(0))).isNull();
    }

    @TempDir
    Path tmp;

    /**
     * The Foudre backdoor capture was taken on the infected host: its own packets carry unfinished
     * checksums, so by default they are left out and the DGA contact over HTTP goes unseen; the run
     * says so even with --quiet, and with -C the alert is there.
     */
    @Test
    @Tag("corpus")
    @EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
    void aCaptureFromAnOffloadingHostSaysToUseC() throws Exception {
        String capture = AppCorpus.file("pcap-attacks/pcap-attack/Command_and_Control/C2_Foudre_Backdoor_DGA.pcapng").toString();
        var err = new StringWriter();
        var cl = Main.commandLine("analyze");
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        assertThat(cl.execute("analyze", capture, "--out", tmp.resolve("default").toString(), "-q")).isZero();
        assertThat(err.toString()).contains("sluice: warning: ", "had bad checksums", "run again with -C");
        assertThat(Files.readString(tmp.resolve("default/alerts.jsonl"))).doesNotContain("db54a845.top");

        var err2 = new StringWriter();
        var again = Main.commandLine("analyze");
        again.setOut(new PrintWriter(new StringWriter(), true));
        again.setErr(new PrintWriter(err2, true));
        assertThat(again.execute("analyze", capture, "-C", "--out", tmp.resolve("c").toString(), "-q")).isZero();
        assertThat(err2.toString()).doesNotContain("bad checksums");
        assertThat(Files.readString(tmp.resolve("c/alerts.jsonl"))).contains("db54a845.top");
    }
}
