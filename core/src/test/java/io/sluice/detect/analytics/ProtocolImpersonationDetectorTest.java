package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.ConnId;
import io.sluice.event.Event;
import io.sluice.event.Weird;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProtocolImpersonationDetectorTest {

    @TempDir
    Path dir;

    private static List<Alert> run(List<? extends Event> events) {
        return DetectorHarness.run(new ProtocolImpersonationDetector(ProtocolImpersonationDetector.Config.DEFAULTS), events);
    }

    /** Bytes no sniffer knows: an encrypted C2 reply. */
    private static String noise(int n) {
        var r = new Random(7);
        var sb = new StringBuilder();
        for (int i = 0; i < n; i++) sb.append((char) r.nextInt(256));
        return sb.toString();
    }

    private static final String GIF = "GIF89a\u0001\u0000\u0001\u0000\u0080\u0000\u0000\u00ff\u00ff\u00ff\u0000\u0000\u0000!"
            + "\u00f9\u0004\u0001\u0000\u0000\u0000\u0000,\u0000\u0000\u0000\u0000\u0001\u0000\u0001\u0000\u0000\u0002\u0002D\u0001\u0000;";

    @Test
    void imagesWhoseBytesAreTextOrUnknownAreProtocolImpersonation() {
        var c = new CraftedCapture();
        HttpDownloads.get(c, "10.0.0.8", 50100, "203.0.113.30", 80, "cdn-static.example", "/img/banner.gif",
                HttpDownloads.FIREFOX, "image/gif", "cmd=sleep&interval=300&jitter=20&id=8c1f2a\n".repeat(4));
        HttpDownloads.get(c, "10.0.0.8", 50101, "203.0.113.30", 80, "cdn-static.example", "/img/photo.png",
                HttpDownloads.FIREFOX, "image/png", noise(2_000));
        var alerts = run(c.events(dir));
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.techniques()).containsExactly(Technique.of("T1001.003"), Technique.of("T1001"));
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.count()).isEqualTo(2);
            assertThat(a.explanation()).isEqualTo("10.0.0.8 GET http://cdn-static.example/img/photo.png: an image in "
                    + "name only (received 2.0 KiB of no known type for a .png, status 200)");
        });
    }

    @Test
    void tlsFramingThatBreaksTheRecordRulesIsProtocolImpersonation() {
        var w = new Weird(t(0), "Ctls1", new ConnId("10.0.0.8", 50200, "198.51.100.9", 443), "ssl_early_application_data",
                null, false, "sluice", "SSL");
        assertThat(run(List.of(w))).singleElement().satisfies(a -> assertThat(a.explanation()).isEqualTo(
                "10.0.0.8 and 198.51.100.9:443 spoke something framed as TLS that breaks its record rules: application "
                        + "data before any handshake (ssl_early_application_data)"));
    }

    /** Real images, small unknown bodies, non-image URIs, errors and other weirds: quiet; soft-404 HTML is LOW. */
    @Test
    void realImagesAndOrdinaryPagesAreQuiet() {
        var c = new CraftedCapture();
        HttpDownloads.get(c, "10.0.0.8", 50100, "93.184.216.34", 80, "www.example.com", "/logo.gif", HttpDownloads.FIREFOX,
                "image/gif", GIF);
        HttpDownloads.get(c, "10.0.0.8", 50101, "93.184.216.34", 80, "www.example.com", "/pixel.png", HttpDownloads.FIREFOX,
                "image/png", noise(100));
        HttpDownloads.get(c, "10.0.0.8", 50102, "93.184.216.34", 80, "www.example.com", "/notes.txt", HttpDownloads.FIREFOX,
                "text/plain", "plain words\n".repeat(50));
        assertThat(run(c.events(dir))).isEmpty();
        var soft404 = new CraftedCapture();
        HttpDownloads.get(soft404, "10.0.0.8", 50103, "93.184.216.34", 80, "www.example.com", "/missing.jpg",
                HttpDownloads.FIREFOX, "text/html", "<html><body>Not here</body></html>");
        assertThat(run(soft404.events(dir))).singleElement().satisfies(a -> assertThat(a.severity()).isEqualTo(Severity.LOW));
        assertThat(run(List.of(new Weird(t(0), "Ctls1", new ConnId("10.0.0.8", 50200, "198.51.100.9", 443),
                "SSL_many_server_names", null, false, "sluice", "SSL")))).isEmpty();
    }
}
