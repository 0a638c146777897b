package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.ConnId;
import io.sluice.event.Event;
import io.sluice.protocol.http.HttpTransaction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebScanDetectorTest {

    private static final WebScanDetector DETECTOR = new WebScanDetector(WebScanDetector.Config.DEFAULTS);

    @TempDir
    Path dir;

    /** Requests sent pipelined on keep-alive connections, {@code perConnection} at a time, each answered {@code status}. */
    private List<Event> pipelined(String client, String server, List<String> uris, String userAgent, int status,
            int perConnection) {
        var c = new CraftedCapture();
        for (int i = 0; i < uris.size(); i += perConnection) {
            var request = new StringBuilder();
            var response = new StringBuilder();
            for (String uri : uris.subList(i, Math.min(uris.size(), i + perConnection))) {
                request.append("GET ").append(uri).append(" HTTP/1.1\r\nHost: shop.example\r\nUser-Agent: ")
                        .append(userAgent).append("\r\nAccept: */*\r\n\r\n");
                String body = status == 200 ? "<html>ok</html>" : "not found";
                response.append("HTTP/1.1 ").append(status).append(status == 200 ? " OK" : " Not Found")
                        .append("\r\nContent-Type: text/html\r\nContent-Length: ").append(body.length())
                        .append("\r\n\r\n").append(body);
            }
            c.request(client, 40000 + i, server, 80, request.toString(), response.toString());
        }
        return c.events(dir);
    }

    private static List<String> wordlist(int n) {
        String[] words = {"admin", "backup", "images", "old", "test", "dev", "config", "private", "uploads", "api"};
        var out = new ArrayList<String>();
        for (int i = 0; out.size() < n; i++) out.add("/" + words[i % words.length] + (i / words.length) + "/");
        return out;
    }

    private static HttpTransaction http(double s, String client, String uri, long status, String userAgent) {
        return new HttpTransaction(t(s), "C" + Math.abs((client + uri + s).hashCode()), new ConnId(client, 40000, "10.0.0.80", 80),
                1, "GET", "shop.example", uri, null, "1.1", userAgent, null, 0, 100, status, null, null, null, null,
                List.of(), List.of(), List.of(), null);
    }

    @Test
    void aWordlistOfMissingPathsThroughThePipelineIsWordlistScanning() {
        var events = pipelined("198.51.100.23", "10.0.0.80", wordlist(150), "Mozilla/5.0", 404, 15);
        assertThat(events).filteredOn(HttpTransaction.class::isInstance).hasSize(150);
        var alerts = DetectorHarness.run(DETECTOR, events);
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.techniques()).contains(Technique.of("T1595.003"), Technique.of("T1595"))
                    .doesNotContain(Technique.of("T1595.002"));
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM); // from outside
            assertThat(a.srcHost()).isEqualTo("198.51.100.23");
            assertThat(a.dstHosts()).containsExactly("10.0.0.80");
            assertThat(a.explanation()).contains("150 requests", "150 distinct URIs", "100% answered 4xx", "150 not found");
        });
    }

    @Test
    void niktoProbesThroughThePipelineAreVulnerabilityScanning() {
        var probes = List.of("/.git/HEAD", "/.env", "/cgi-bin/test.cgi", "/index.php?page=../../../../etc/passwd",
                "/phpmyadmin/", "/manager/html", "/item.php?id=1%27%20or%201=1--", "/server-status");
        var events = pipelined("10.0.5.9", "10.0.0.80", probes,
                "Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:000003)", 404, 4);
        var alerts = DetectorHarness.run(DETECTOR, events);
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.techniques()).contains(Technique.of("T1595.002"), Technique.of("T1595"))
                    .doesNotContain(Technique.of("T1595.003"));
            assertThat(a.severity()).isEqualTo(Severity.HIGH); // an inside host scanning
            assertThat(a.explanation()).contains("User-Agent names nikto", "9 probe kinds", "git metadata",
                    "path traversal", "sql injection");
        });
    }

    @Test
    void aBrowserLoadingASiteIsQuiet() {
        var uris = new ArrayList<String>();
        for (int i = 0; i < 40; i++) uris.add("/static/asset" + i + ".js");
        var events = pipelined("10.0.5.9", "10.0.0.80", uris,
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0", 200, 10);
        assertThat(DetectorHarness.run(DETECTOR, events)).isEmpty();
    }

    @Test
    void aCrawlerFindingEveryPageIsQuiet() {
        var events = new ArrayList<Event>();
        for (int i = 0; i < 300; i++) events.add(http(i, "10.0.5.9", "/page/" + i, 200, "linkchecker/10"));
        assertThat(DetectorHarness.run(DETECTOR, events)).isEmpty();
    }

    @Test
    void wordlistThresholdIsOneHundredDistinctUrisMostlyMissing() {
        var events = new ArrayList<Event>();
        for (int i = 0; i < 99; i++) events.add(http(i, "10.0.5.9", "/w" + i, 404, "curl/8"));
        assertThat(DetectorHarness.run(DETECTOR, events)).isEmpty();
        events.add(http(99, "10.0.5.9", "/w99", 404, "curl/8"));
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement()
                .satisfies(a -> assertThat(a.techniques()).contains(Technique.of("T1595.003")));
        // the same URIs mostly found (60% answered 2xx) are not a wordlist
        var found = new ArrayList<Event>();
        for (int i = 0; i < 200; i++) found.add(http(i, "10.0.5.9", "/w" + i, i % 5 < 2 ? 404 : 200, "curl/8"));
        found.add(http(201, "10.0.5.9", "/w201", 200, "curl/8"));
        assertThat(DetectorHarness.run(DETECTOR, found)).isEmpty();
    }

    @Test
    void probeThresholdIsFiveKindsAndAToolNameIsEnough() {
        var four = List.<Event>of(http(0, "10.0.5.9", "/.git/HEAD", 404, "curl/8"), http(1, "10.0.5.9", "/.env", 404, "curl/8"),
                http(2, "10.0.5.9", "/wp-login.php", 404, "curl/8"), http(3, "10.0.5.9", "/server-status", 403, "curl/8"));
        assertThat(DetectorHarness.run(DETECTOR, four)).isEmpty();
        var five = new ArrayList<Event>(four);
        five.add(http(4, "10.0.5.9", "/x?q=${jndi:ldap://a/b}", 400, "curl/8"));
        assertThat(DetectorHarness.run(DETECTOR, five)).singleElement()
                .satisfies(a -> assertThat(a.explanation()).contains("5 probe kinds", "log4shell"));
        List<Alert> tool = DetectorHarness.run(DETECTOR, List.of(http(0, "10.0.5.9", "/", 200,
                "sqlmap/1.7.2#stable (https://sqlmap.org)")));
        assertThat(tool).singleElement().satisfies(a -> {
            assertThat(a.techniques()).contains(Technique.of("T1595.002"));
            assertThat(a.explanation()).contains("User-Agent names sqlmap");
        });
        assertThat(DetectorHarness.run(DETECTOR, List.of(http(0, "10.0.5.9", "/", 404, "gobuster/3.6"))))
                .singleElement().satisfies(a -> assertThat(a.techniques()).contains(Technique.of("T1595.003")));
    }

    @Test
    void theIncidentEndsWithTheWindowsFinalNumbers() {
        var events = new ArrayList<Event>();
        for (int i = 0; i < 250; i++) events.add(http(i * 0.5, "198.51.100.23", "/d" + i, 404, "Mozilla/5.0"));
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement().satisfies(a -> {
            assertThat(a.count()).isEqualTo(2);
            assertThat(a.explanation()).contains("250 requests");
        });
    }
}
