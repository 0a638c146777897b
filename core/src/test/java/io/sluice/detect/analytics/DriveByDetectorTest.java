package io.sluice.detect.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.Event;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriveByDetectorTest {

    @TempDir
    Path dir;

    private static List<Alert> run(List<? extends Event> events) {
        return DetectorHarness.run(new DriveByDetector(DriveByDetector.Config.DEFAULTS), events);
    }

    private static int port = 50300;

    /** A browser request with an optional Referer and the server's answer. */
    private static CraftedCapture fetch(CraftedCapture c, String server, String host, String uri, String referer,
            String status, String contentType, String body) {
        String request = "GET " + uri + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: " + HttpDownloads.FIREFOX + "\r\n"
                + (referer == null ? "" : "Referer: " + referer + "\r\n") + "Accept: */*\r\n\r\n";
        String response = "HTTP/1.1 " + status + "\r\n" + (status.startsWith("302") ? "Location: http://x/\r\n" : "")
                + "Content-Type: " + contentType + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
        return c.request("10.0.0.8", port++, server, 80, request, response);
    }

    /** Compromised site → gate (redirect) → payload server handing out an executable: an exploit-kit chain. */
    @Test
    void aBrowserLedAcrossThreeDomainsToAnExecutableIsADriveBy() {
        var c = new CraftedCapture();
        fetch(c, "93.184.216.40", "www.local-news.example", "/2026/11/story.html", null, "200 OK", "text/html",
                "<html><iframe src=\"http://tds.gate-cdn.example/in.php?id=77\"></iframe></html>");
        fetch(c, "198.51.100.21", "tds.gate-cdn.example", "/in.php?id=77", "http://www.local-news.example/2026/11/story.html",
                "302 Found", "text/html", "");
        fetch(c, "203.0.113.66", "qwe.payload-host.example", "/dl/update.exe", "http://tds.gate-cdn.example/in.php?id=77",
                "200 OK", "application/octet-stream", HttpDownloads.PE);
        var alerts = run(c.events(dir));
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.techniques()).containsExactly(Technique.of("T1189"));
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.evidence()).hasSize(3);
            assertThat(a.explanation()).isEqualTo("10.0.0.8 was led across 3 domains in 10 s to a payload "
                    + "(application/x-dosexec): www.local-news.example/2026/11/story.html → tds.gate-cdn.example/in.php?id=77 (302) → "
                    + "qwe.payload-host.example/dl/update.exe");
        });
    }

    /** A download linked from a vendor page (one hop), same-site downloads, and a chain to an HTML page: quiet. */
    @Test
    void ordinaryDownloadsAndBrowsingAreQuiet() {
        var c = new CraftedCapture();
        fetch(c, "93.184.216.50", "www.vendor.example", "/download", null, "200 OK", "text/html", "<a href=x>get</a>");
        fetch(c, "93.184.216.51", "dl.vendor-cdn.example", "/setup.exe", "http://www.vendor.example/download", "200 OK",
                "application/octet-stream", HttpDownloads.PE);
        fetch(c, "93.184.216.52", "www.a.example", "/", null, "200 OK", "text/html", "<html></html>");
        fetch(c, "93.184.216.53", "ads.b.example", "/click", "http://www.a.example/", "302 Found", "text/html", "");
        fetch(c, "93.184.216.54", "www.c.example", "/article.html", "http://ads.b.example/click", "200 OK", "text/html",
                "<html>ok</html>");
        assertThat(run(c.events(dir))).isEmpty();
    }

    @Test
    void refererHosts() {
        assertThat(DriveByDetector.refererHost("http://Tds.Gate.example:8080/in.php")).isEqualTo("tds.gate.example");
        assertThat(DriveByDetector.refererHost("/relative")).isNull();
        assertThat(DriveByDetector.refererHost(null)).isNull();
    }
}
