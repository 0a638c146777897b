package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.t;
import static io.sluice.detect.analytics.HttpDownloads.FIREFOX;
import static io.sluice.detect.analytics.HttpDownloads.PE;
import static io.sluice.detect.analytics.HttpDownloads.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.ConnId;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.protocol.http.HttpTransaction;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutableDownloadDetectorTest {

    @TempDir
    Path dir;

    private static List<Alert> run(ExecutableDownloadDetector.Config config, List<? extends Event> events) {
        return DetectorHarness.run(new ExecutableDownloadDetector(config), events);
    }

    private static List<Alert> run(List<? extends Event> events) {
        return run(ExecutableDownloadDetector.Config.DEFAULTS, events);
    }

    private static HttpTransaction pe(String server, int port, String host, String uri, String ua, long status) {
        return new HttpTransaction(t(0), "Chttp1", new ConnId("10.0.0.70", 49800, server, port), 1, "GET", host, uri,
                null, "1.1", ua, null, 0, 200_000, status, "OK", null, null, null, List.of(), List.of(),
                List.of("application/x-dosexec"), null);
    }

    @Test
    void browserDownloadingAnExecutableDisguisedAsAnImageFromAnAddressFires() throws Exception {
        String sha256 = sha256(PE);
        var c = get(new CraftedCapture(), "10.0.0.70", 49800, "203.0.113.90", 80, "203.0.113.90", "/images/logo.jpg",
                FIREFOX, "image/jpeg", PE);
        assertThat(run(c.events(dir))).singleElement().satisfies(a -> {
            assertThat(a.detectorId()).isEqualTo("http.executable_download");
            assertThat(a.techniques()).containsExactly(Technique.of("T1105"), Technique.of("T1204"));
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.srcHost()).isEqualTo("10.0.0.70");
            assertThat(a.dstHosts()).containsExactly("203.0.113.90");
            assertThat(a.explanation()).isEqualTo("10.0.0.70 downloaded a Windows executable (375 bytes, SHA-256 " + sha256 + ") from "
                    + "http://203.0.113.90/images/logo.jpg: the host is an address, not a name; an executable served "
                    + "as .jpg; User-Agent \"" + FIREFOX + "\" (a browser)");
        });
    }

    @Test
    void dropperWithoutAgentOnAnOddPortFires() throws Exception {
        var c = get(new CraftedCapture(), "10.0.0.71", 49801, "198.51.100.30", 8888, "stage2.example:8888", "/s",
                null, "application/octet-stream", PE);
        assertThat(run(c.events(dir))).singleElement().satisfies(a -> {
            assertThat(a.techniques()).containsExactly(Technique.of("T1105"));
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.explanation()).contains("http://stage2.example:8888/s: port 8888; no User-Agent");
            // files.log's SHA-256 of the body (hashed by default) joins the explanation through resp_fuids
            assertThat(a.explanation()).contains("bytes, SHA-256 " + sha256(PE) + ")");
        });
    }

    private static String sha256(String body) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(body.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
    }

    /** A hash is used by the transaction that names its file, and only kept for a few files. */
    @Test
    void hashesAreJoinedByFileIdAndBounded() {
        var d = new ExecutableDownloadDetector(ExecutableDownloadDetector.Config.DEFAULTS);
        var events = new java.util.ArrayList<Event>();
        for (int i = 0; i <= ExecutableDownloadDetector.HASHES_KEPT; i++) {
            events.add(new io.sluice.protocol.files.FileInfo(t(0), "Fx" + i, "Chttp1", new ConnId("10.0.0.70", 49800,
                    "198.51.100.40", 80), "HTTP", 1, List.of("SHA256"), "application/x-dosexec", null, 0, false, false,
                    200_000, null, 0, 0, false, null, null, ("%064d").formatted(i)));
        }
        events.add(withFuid(pe("198.51.100.40", 80, "198.51.100.40", "/a.exe", FIREFOX, 200), "Fx0")); // evicted
        events.add(withFuid(pe("198.51.100.41", 80, "198.51.100.41", "/b.exe", FIREFOX, 200), "Fx5"));
        var alerts = DetectorHarness.run(d, events);
        assertThat(alerts).hasSize(2);
        assertThat(alerts.get(0).explanation()).doesNotContain("SHA-256");
        assertThat(alerts.get(1).explanation()).contains("(200,000 bytes, SHA-256 " + "%064d".formatted(5) + ")");
    }

    @Test
    void whatTheExecutableIsJoinsTheExplanation() {
        var pe = new io.sluice.protocol.files.PeInfo(t(0), "Fpe", "Chttp1", "I386", 1_467_139_314_000_000_000L,
                "Windows XP", "WINDOWS_GUI", true, false, true, true, false, true, true, false, true, false,
                List.of(".text", ".rsrc"));
        var file = new io.sluice.protocol.files.FileInfo(t(0), "Fpe", "Chttp1", new ConnId("10.0.0.70", 49800,
                "198.51.100.42", 80), "HTTP", 1, List.of("PE", "SHA256"), "application/x-dosexec", null, 0, false, false,
                200_000, null, 0, 0, false, null, null, "%064d".formatted(7), null, null, null, pe);
        var alerts = DetectorHarness.run(new ExecutableDownloadDetector(ExecutableDownloadDetector.Config.DEFAULTS),
                List.of(file, withFuid(pe("198.51.100.42", 80, "198.51.100.42", "/c.exe", FIREFOX, 200), "Fpe")));
        assertThat(alerts).singleElement().satisfies(a -> assertThat(a.explanation()).contains("(200,000 bytes, a signed"
                + " I386 Windows GUI program compiled 2016-06-28, SHA-256 " + "%064d".formatted(7) + ")"));
    }

    private static HttpTransaction withFuid(HttpTransaction h, String fuid) {
        return new HttpTransaction(h.tsNanos(), h.uid(), h.id(), h.transDepth(), h.method(), h.host(), h.uri(),
                h.referrer(), h.version(), h.userAgent(), h.origin(), h.requestBodyLen(), h.responseBodyLen(),
                h.statusCode(), h.statusMsg(), h.infoCode(), h.infoMsg(), h.username(), h.proxied(), h.origMimeTypes(),
                h.respMimeTypes(), h.ja4h(), h.otherHeaders(), h.requestBodyHead(), List.of(), List.of(), List.of(fuid),
                List.of());
    }

    /** An executable a chat message carried, fetched from Discord's attachment store (decrypted by a proxy). */
    @Test
    void anExecutableSentAsADiscordAttachmentThroughThePipelineIsSpearphishingViaService() {
        var c = get(new CraftedCapture(), "10.0.0.73", 49804, "162.159.130.233", 80, "cdn.discordapp.com",
                "/attachments/1183364/1190221/Invoice_2026.exe", FIREFOX, "application/octet-stream", PE);
        assertThat(run(c.events(dir))).singleElement().satisfies(a -> {
            assertThat(a.techniques()).containsExactly(Technique.of("T1105"), Technique.of("T1204"),
                    Technique.of("T1566.003"));
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_TRAFFIC_CONTENT);
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.domain()).isEqualTo("cdn.discordapp.com");
            assertThat(a.explanation()).contains("http://cdn.discordapp.com/attachments/1183364/1190221/Invoice_2026.exe: "
                    + "a file sent through Discord (spearphishing via a service)");
        });
        // Discord's own assets and other paths are not users' attachments
        assertThat(ExecutableDownloadDetector.messagingAttachment("cdn.discordapp.com", "/avatars/1/a.png")).isNull();
        assertThat(ExecutableDownloadDetector.messagingAttachment("files.slack.com", "/files-pri/T1-F2/setup.exe"))
                .isEqualTo("Slack");
    }

    @Test
    void installerByNameFromAVendorIsQuiet() {
        var c = get(new CraftedCapture(), "10.0.0.72", 49802, "198.51.100.31", 80, "download.vendor.example",
                "/releases/setup-2.1.exe", FIREFOX, "application/octet-stream", PE);
        c = get(c, "10.0.0.72", 49803, "198.51.100.31", 80, "198.51.100.31", "/logo.png", FIREFOX, "image/png",
                "\u0089PNG\r\n\u001a\n");
        assertThat(run(c.events(dir))).isEmpty();
    }

    @Test
    void thresholdEdges() {
        var byAddress = pe("198.51.100.40", 80, "198.51.100.40", "/a.exe", FIREFOX, 200);
        assertThat(run(List.of(byAddress))).singleElement()
                .satisfies(a -> assertThat(a.severity()).isEqualTo(Severity.MEDIUM));
        assertThat(run(new ExecutableDownloadDetector.Config(2, false), List.of(byAddress))).isEmpty();
        assertThat(run(new ExecutableDownloadDetector.Config(0, false),
                List.of(pe("198.51.100.40", 80, "vendor.example", "/a.exe", FIREFOX, 200)))).singleElement()
                .satisfies(a -> assertThat(a.severity()).isEqualTo(Severity.LOW));
        // an error page is not a download; an internal server is not reported by default
        assertThat(run(List.of(pe("198.51.100.40", 80, "198.51.100.40", "/a.exe", FIREFOX, 404)))).isEmpty();
        var internal = pe("10.0.0.5", 80, "10.0.0.5", "/a.exe", FIREFOX, 200);
        assertThat(run(List.of(internal))).isEmpty();
        assertThat(run(new ExecutableDownloadDetector.Config(1, true), List.of(internal))).hasSize(1);
    }
}
