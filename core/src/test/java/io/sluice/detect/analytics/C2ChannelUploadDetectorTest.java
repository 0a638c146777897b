package io.sluice.detect.analytics;

import static io.sluice.detect.analytics.FixedSizeTransferDetectorTest.ids;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.protocol.http.HttpTransaction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class C2ChannelUploadDetectorTest {
    private static final C2ChannelUploadDetector DETECTOR = new C2ChannelUploadDetector(C2ChannelUploadDetector.Config.defaults());
    private static final String HOST = "10.0.0.33", C2 = "185.225.17.9", NAME = "cdn-metrics.example.net";

    @TempDir
    Path dir;

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static final byte[] OK = ascii("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}");

    /** {@code polls} check-ins about a minute apart (jitter from {@code gaps}), then a POST of {@code upload} bytes. */
    private List<Event> channel(int polls, double[] gaps, long upload) {
        var c = new UploadCapture();
        for (int i = 0; i < polls; i++) {
            String get = "GET /api/v2/tasks?id=77" + (i % 3) + " HTTP/1.1\r\nHost: " + NAME + "\r\nUser-Agent: Mozilla/5.0\r\n\r\n";
            c.tcpUpload(HOST, 50000 + i, C2, 80, ascii(get), OK, 0, (byte) 0).after(gaps[i % gaps.length]);
        }
        String post = "POST /api/v2/results HTTP/1.1\r\nHost: " + NAME + "\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Length: " + upload + "\r\n\r\n";
        c.tcpUpload(HOST, 51000, C2, 80, ascii(post), OK, upload, (byte) 'Z');
        return c.events(dir);
    }

    @Test
    void anUploadBurstOnARegularPollingChannelThroughThePipelineIsExfiltrationOverC2() {
        var events = channel(12, new double[] {55, 61, 49, 58}, 2L << 20);
        assertThat(events).filteredOn(e -> e instanceof HttpTransaction).hasSize(13);
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement().satisfies(a -> {
            assertThat(a.detectorId()).isEqualTo("exfil.c2_channel");
            assertThat(ids(a)).containsExactly("T1041");
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_TRAFFIC_CONTENT);
            assertThat(a.severity()).as("2 MiB is over 4 × 256 KiB").isEqualTo(Severity.HIGH);
            assertThat(a.domain()).isEqualTo(NAME);
            assertThat(a.explanation()).startsWith("10.0.0.33 sent a 2.0 MiB request (the connection's bytes) to cdn-metrics.example.net "
                    + "(185.225.17.9), which it had polled 12 times every ").contains("with bodies of 0 bytes at the median");
        });
    }

    @Test
    void irregularBrowsingWithAnUploadIsQuiet() {
        // a person: minutes, seconds, then half an hour between requests, then a 2 MiB upload (a webmail attachment)
        var events = channel(12, new double[] {3, 400, 1, 1_800, 20, 2}, 2L << 20);
        assertThat(DetectorHarness.run(DETECTOR, events)).isEmpty();
    }

    @Test
    void aRegularPollerThatNeverUploadsIsQuiet() {
        var events = channel(20, new double[] {60}, 10_000);
        assertThat(DetectorHarness.run(DETECTOR, events)).isEmpty();
    }

    @Test
    void theChannelNeedsEightPollsAndTheBurstAQuarterMebibyte() {
        assertThat(DetectorHarness.run(DETECTOR, channel(7, new double[] {60}, 1L << 20))).isEmpty();
        assertThat(DetectorHarness.run(DETECTOR, channel(8, new double[] {60}, 1L << 20))).singleElement()
                .satisfies(a -> assertThat(a.severity()).isEqualTo(Severity.HIGH));
        // the POST's headers are about 125 bytes: body and headers stay under 256 KiB
        assertThat(DetectorHarness.run(DETECTOR, channel(8, new double[] {60}, (256 << 10) - 200))).isEmpty();
        assertThat(DetectorHarness.run(DETECTOR, channel(8, new double[] {60}, 256 << 10))).singleElement()
                .satisfies(a -> {
                    assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
                    assertThat(a.explanation()).as("inside the stream depth the body's length is seen")
                            .contains("sent a 256.0 KiB POST body to");
                });
    }
}
