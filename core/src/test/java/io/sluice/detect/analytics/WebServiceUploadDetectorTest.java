package io.sluice.detect.analytics;

import static io.sluice.detect.analytics.FixedSizeTransferDetectorTest.ids;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.detect.Alert;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.detect.TestEvents;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.packet.craft.TlsHelloBytes;
import io.sluice.protocol.http.HttpTransaction;
import io.sluice.protocol.tls.TlsHandshake;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebServiceUploadDetectorTest {
    private static final WebServiceUploadDetector DETECTOR =
            new WebServiceUploadDetector(WebServiceUploadDetector.Config.defaults());

    @TempDir
    Path dir;

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A TLS connection naming {@code sni} that sends {@code bytes} of application data, through the pipeline. */
    private List<Event> tlsUpload(String sni, String server, long bytes) {
        return new UploadCapture()
                .tcpUpload("10.0.0.88", 50111, server, 443, TlsHelloBytes.clientHello(sni), new byte[2_000], bytes, (byte) 0x17)
                .events(dir);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "github.com, T1567.001, code repository",
            "uploads.github.com, T1567.001, code repository",
            "gitlab.com, T1567.001, code repository",
            "content.dropboxapi.com, T1567.002, cloud storage",
            "www.googleapis.com.example.net, , ",
            "drive.google.com, T1567.002, cloud storage",
            "userstorage.mega.co.nz, T1567.002, cloud storage",
            "transfer.sh, T1567, file-sharing service"})
    void tlsUploadsNamedBySniThroughThePipeline(String sni, String technique, String kind) {
        var events = tlsUpload(sni, "34.117.59.81", 5L << 20);
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(TlsHandshake.class,
                t -> assertThat(t.serverName()).isEqualTo(sni)));
        var alerts = DetectorHarness.run(DETECTOR, events);
        if (technique == null) {
            assertThat(alerts).as("a name outside the service list").isEmpty();
            return;
        }
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.detectorId()).isEqualTo("exfil.web_service");
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(ids(a)).contains("T1567", technique);
            assertThat(a.components()).contains(Ds0029Component.NETWORK_TRAFFIC_CONTENT,
                    Ds0029Component.NETWORK_TRAFFIC_FLOW);
            assertThat(a.explanation()).contains("10.0.0.88 uploaded 5.0 MiB to", "(" + kind + ", named by TLS SNI " + sni + ")");
        });
    }

    @Test
    void anHttpPutToAnS3BucketThroughThePipelineIsExfiltrationToCloudStorage() {
        long body = 6L << 20;
        String put = "PUT /loot/archive.7z HTTP/1.1\r\nHost: corp-backup.s3.eu-west-1.amazonaws.com\r\n"
                + "Content-Length: " + body + "\r\nContent-Type: application/octet-stream\r\n\r\n";
        var events = new UploadCapture()
                .tcpUpload("10.0.0.89", 50200, "52.218.1.2", 80, ascii(put), ascii("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"),
                        body, (byte) 'A')
                .events(dir);
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(HttpTransaction.class,
                h -> assertThat(h.method()).isEqualTo("PUT")));
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement().satisfies(a -> {
            assertThat(ids(a)).containsExactly("T1567", "T1567.002");
            assertThat(a.components()).contains(Ds0029Component.NETWORK_TRAFFIC_CONTENT);
            assertThat(a.explanation()).contains("uploaded 6.0 MiB to Amazon S3 (cloud storage, named by HTTP Host "
                    + "corp-backup.s3.eu-west-1.amazonaws.com)");
        });
    }

    @Test
    void flowsToAnAddressResolvedFromACodeRepositoryAreExfiltrationToCodeRepository() {
        var events = new ArrayList<Event>();
        events.add(TestEvents.dns("10.0.0.90", "gitlab.com").answer("172.65.251.78", 300).at(0).build());
        for (int i = 0; i < 3; i++) {
            events.add(TestEvents.conn("10.0.0.90", "172.65.251.78", 443).at(10 + 60 * i).duration(30)
                    .bytes(2L << 20, 40_000).flow());
        }
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement().satisfies(a -> {
            assertThat(ids(a)).containsExactly("T1567", "T1567.001");
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_TRAFFIC_FLOW);
            assertThat(a.explanation()).contains("10.0.0.90 uploaded 6.0 MiB to GitLab (code repository, named by DNS "
                    + "answer for gitlab.com)", "in 3 connections");
        });
    }

    @Test
    void flowRecordsAloneIntoAPublishedRangeAreExfiltrationToCloudStorage() {
        // NetFlow or conn.log with no DNS: Dropbox's own address space names the destination
        var up = TestEvents.conn("10.0.0.91", "162.125.65.18", 443).source("netflow").duration(300)
                .bytes(12L << 20, 300_000).flow();
        assertThat(DetectorHarness.run(DETECTOR, List.of(up))).singleElement().satisfies(a -> {
            assertThat(ids(a)).containsExactly("T1567", "T1567.002");
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_TRAFFIC_FLOW);
            assertThat(a.explanation()).contains("Dropbox (cloud storage, named by Dropbox's published address range)");
        });
        var git = TestEvents.conn("10.0.0.91", "140.82.121.4", 443).duration(300).bytes(9L << 20, 100_000).flow();
        assertThat(DetectorHarness.run(DETECTOR, List.of(git))).singleElement()
                .satisfies(a -> assertThat(ids(a)).containsExactly("T1567", "T1567.001"));
    }

    @Test
    void ordinaryUseOfTheServicesIsQuiet() {
        var events = new ArrayList<Event>();
        // cloning and browsing: far more comes back than goes out
        events.add(TestEvents.dns("10.0.0.92", "github.com").answer("140.82.121.3", 60).at(0).build());
        events.add(TestEvents.conn("10.0.0.92", "140.82.121.3", 443).at(1).bytes(30_000, 80L << 20).flow());
        // an unanswered query (answers unset in dns.log)
        events.add(TestEvents.dns("10.0.0.92", "gitlab.com").noResponse().at(50).build());
        // a small push
        events.add(TestEvents.conn("10.0.0.92", "140.82.121.3", 443).at(100).bytes(200_000, 20_000).flow());
        // a large upload to a service not in the list
        events.add(TestEvents.conn("10.0.0.92", "203.0.113.77", 443).at(200).bytes(50L << 20, 20_000).flow());
        // inside the network
        events.add(TestEvents.conn("10.0.0.92", "10.0.0.10", 445).at(300).bytes(500L << 20, 20_000).flow());
        assertThat(DetectorHarness.run(DETECTOR, events)).isEmpty();
    }

    @Test
    void ordinaryTlsBrowsingThroughThePipelineIsQuiet() {
        var events = new UploadCapture()
                .tcpUpload("10.0.0.93", 50300, "34.117.59.82", 443, TlsHelloBytes.clientHello("www.example.org"),
                        new byte[4_000], 300_000, (byte) 0x17)
                .tcpUpload("10.0.0.93", 50301, "34.117.59.83", 443, TlsHelloBytes.clientHello("github.com"),
                        new byte[4_000], 400_000, (byte) 0x17)
                .events(dir);
        assertThat(DetectorHarness.run(DETECTOR, events)).isEmpty();
    }

    @Test
    void thresholdsAreFourMebibytesAndThreeToOne() {
        var below = TestEvents.conn("10.0.0.94", "162.125.65.18", 443).bytes((4L << 20) - 1, 0).flow();
        assertThat(DetectorHarness.run(DETECTOR, List.of(below))).isEmpty();
        var at = TestEvents.conn("10.0.0.94", "162.125.65.18", 443).bytes(4L << 20, 0).flow();
        assertThat(DetectorHarness.run(DETECTOR, List.of(at))).hasSize(1);
        var balanced = TestEvents.conn("10.0.0.94", "162.125.65.18", 443).bytes(9L << 20, (3L << 20) + 1).flow();
        assertThat(DetectorHarness.run(DETECTOR, List.of(balanced))).isEmpty();
        var threeToOne = TestEvents.conn("10.0.0.94", "162.125.65.18", 443).bytes(9L << 20, 3L << 20).flow();
        assertThat(DetectorHarness.run(DETECTOR, List.of(threeToOne))).hasSize(1);
    }

    @Test
    void windowsAreJudgedApart() {
        // 3 MiB a day for two days never makes 4 MiB in one window
        var day1 = TestEvents.conn("10.0.0.95", "162.125.65.18", 443).at(0).bytes(3L << 20, 0).flow();
        var day2 = TestEvents.conn("10.0.0.95", "162.125.65.18", 443).at(90_000).bytes(3L << 20, 0).flow();
        assertThat(DetectorHarness.run(DETECTOR, List.of(day1, day2))).isEmpty();
        var sameDay = TestEvents.conn("10.0.0.95", "162.125.65.18", 443).at(3_600).bytes(3L << 20, 0).flow();
        List<Alert> alerts = DetectorHarness.run(DETECTOR, List.of(day1, sameDay));
        assertThat(alerts).singleElement().satisfies(a -> assertThat(a.explanation()).contains("uploaded 6.0 MiB"));
    }
}
