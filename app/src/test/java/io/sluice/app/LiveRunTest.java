package io.sluice.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.app.live.PcapCapture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The live run's status output, without a capture: status lines and the checksum-offloading warning. */
class LiveRunTest {

    @Test
    void theOffloadWarningComesOnceDuringTheRunAndOnlyFromAThousandPackets() {
        var err = new StringWriter();
        var asked = new AtomicInteger();
        var status = LiveRun.status("eth9", () -> new PcapCapture.Stats(0, 0, 0), new PrintWriter(err, true), 0, () -> {
            asked.incrementAndGet();
            return "800 of 1000 packets (80 %) had bad checksums and were left out, as Zeek does; the capture was"
                    + " probably taken on a host with checksum offloading: run again with -C to analyse them";
        });
        status.progress(1, -1, LiveRun.OFFLOAD_MIN_PACKETS - 1);
        assertThat(err.toString()).isEmpty();
        assertThat(asked).hasValue(0);
        status.progress(2, -1, LiveRun.OFFLOAD_MIN_PACKETS);
        status.progress(3, -1, LiveRun.OFFLOAD_MIN_PACKETS + 500);
        assertThat(asked).hasValue(1);
        assertThat(err.toString()).containsOnlyOnce("sluice: warning: 800 of 1000 packets").contains("restart with -C");
    }

    @Test
    void noWarningWhileChecksumsAreFine() {
        var err = new StringWriter();
        var status = LiveRun.status("eth9", () -> new PcapCapture.Stats(0, 0, 0), new PrintWriter(err, true), 0, () -> null);
        for (int i = 1; i <= 5; i++) status.progress(i, -1, 1000L * i);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void aStatusLineSaysPacketsBytesAndDrops() throws InterruptedException {
        var err = new StringWriter();
        var status = LiveRun.status("eth9", () -> new PcapCapture.Stats(1234, 7, 3), new PrintWriter(err, true), 1, () -> null);
        status.progress(100, -1, 10);
        assertThat(err.toString()).isEmpty(); // not a second yet
        Thread.sleep(1_050);
        status.progress(60_000, -1, 1_010);
        assertThat(err.toString()).matches("(?s)\\d\\d:\\d\\d:\\d\\d eth9: 1,010 packets \\([\\d,]+/s\\), 60,000 bytes;"
                + " dropped by the kernel 7, by the interface 3\\R");
    }
}
