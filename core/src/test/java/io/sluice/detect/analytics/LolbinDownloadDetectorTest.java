package io.sluice.detect.analytics;

import static io.sluice.detect.analytics.HttpDownloads.FIREFOX;
import static io.sluice.detect.analytics.HttpDownloads.HTA;
import static io.sluice.detect.analytics.HttpDownloads.PE;
import static io.sluice.detect.analytics.HttpDownloads.WININET;
import static io.sluice.detect.analytics.HttpDownloads.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.Event;
import io.sluice.protocol.http.HttpTransaction;
import io.sluice.testing.Corpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

class LolbinDownloadDetectorTest {

    @TempDir
    Path dir;

    private static List<Alert> run(List<? extends Event> events) {
        return DetectorHarness.run(new LolbinDownloadDetector(LolbinDownloadDetector.Config.DEFAULTS), events);
    }

    @Test
    void certutilFetchingAnExecutableFires() {
        var c = get(new CraftedCapture(), "10.0.0.50", 49700, "203.0.113.80", 80, "203.0.113.80", "/a/update.txt",
                "Microsoft-CryptoAPI/10.0", "text/plain", PE);
        var events = c.events(dir);
        assertThat(events).filteredOn(HttpTransaction.class::isInstance).singleElement()
                .satisfies(h -> assertThat(((HttpTransaction) h).respMimeTypes()).containsExactly("application/x-dosexec"));
        assertThat(run(events)).singleElement().satisfies(a -> {
            assertThat(a.detectorId()).isEqualTo("http.lolbin_download");
            assertThat(a.techniques()).containsExactly(Technique.of("T1105"));
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.explanation()).isEqualTo("10.0.0.50 fetched http://203.0.113.80/a/update.txt with certutil "
                    + "(Microsoft-CryptoAPI) (User-Agent \"Microsoft-CryptoAPI/10.0\"): the response is "
                    + "application/x-dosexec, 375 bytes, status 200");
        });
    }

    @Test
    void certutilFetchingABase64PayloadFiresButCertificateBusinessDoesNot() {
        var c = new CraftedCapture();
        get(c, "10.0.0.56", 49707, "198.51.100.12", 80, "paste.example", "/raw/payload.txt", "Microsoft-CryptoAPI/10.0",
                "text/plain", "TVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAgAAAAA4fug4A");
        get(c, "10.0.0.56", 49708, "198.51.100.13", 80, "ocsp.ca.example",
                "/MFEwTzBNMEswSTAJBgUrDgMCGgUABBQ%2FmdjTXSGbYqrN", "Microsoft-CryptoAPI/10.0",
                "application/ocsp-response", "0\u0082\u0001\u0010ocsp");
        get(c, "10.0.0.56", 49709, "198.51.100.14", 80, "cacerts.ca.example", "/CA-G2.crt", "Microsoft-CryptoAPI/10.0",
                "application/pkix-cert", "0\u0082\u0003\u0010cert");
        assertThat(run(c.events(dir))).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.explanation()).contains("http://paste.example/raw/payload.txt with certutil")
                    .contains("the path ends in .txt, not a certificate, CRL or OCSP answer");
        });
    }

    @Test
    void mshtaFetchingAnHtaFires() {
        var c = get(new CraftedCapture(), "10.0.0.51", 49701, "198.51.100.7", 80, "cdn-docs.example", "/invoice.hta",
                WININET, "application/hta", HTA);
        assertThat(run(c.events(dir))).singleElement().satisfies(a -> {
            assertThat(a.techniques()).containsExactly(Technique.of("T1105"), Technique.of("T1218.005"),
                    Technique.of("T1218"));
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.explanation()).contains("mshta (WinInet compatibility agent, .hta)")
                    .contains("the path ends in .hta");
        });
    }

    @Test
    void regsvr32ScriptletMsiexecAndBitsFire() {
        var c = new CraftedCapture();
        get(c, "10.0.0.52", 49702, "198.51.100.8", 80, "198.51.100.8", "/x/payload.sct", WININET, "text/plain",
                "<?XML version=\"1.0\"?><scriptlet><registration progid=\"x\"><script language=\"JScript\">"
                        + "<![CDATA[ new ActiveXObject(\"WScript.Shell\").Run(\"calc.exe\"); ]]></script></registration></scriptlet>");
        get(c, "10.0.0.53", 49703, "198.51.100.9", 8080, "pkg.example:8080", "/setup.msi", "Windows Installer",
                "application/octet-stream", PE);
        get(c, "10.0.0.54", 49704, "198.51.100.10", 80, "files.example", "/tool.exe", "Microsoft BITS/7.8",
                "application/octet-stream", PE);
        var alerts = run(c.events(dir));
        assertThat(alerts).hasSize(3);
        assertThat(alerts).anySatisfy(a -> assertThat(a.techniques()).contains(Technique.of("T1218.010")));
        assertThat(alerts).anySatisfy(a -> {
            assertThat(a.techniques()).contains(Technique.of("T1218.007"));
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
        });
        assertThat(alerts).anySatisfy(a -> assertThat(a.techniques()).containsExactly(Technique.of("T1105"),
                Technique.of("T1197")));
    }

    @Test
    void officeFetchingARemoteTemplateFires() {
        var c = new CraftedCapture();
        get(c, "10.0.0.55", 49705, "198.51.100.11", 80, "198.51.100.11", "/tpl/Normal.dotm",
                "Microsoft Office Word 2014", "application/vnd.ms-word.template.macroEnabled.12", "PK\u0003\u0004docx");
        // the same template on the company's own server is the ordinary case
        get(c, "10.0.0.55", 49706, "10.0.0.12", 80, "templates.corp.example", "/Letterhead.dotx",
                "Microsoft Office Word 2014", "application/vnd.openxmlformats-officedocument.wordprocessingml.template",
                "PK\u0003\u0004docx");
        assertThat(run(c.events(dir))).singleElement().satisfies(a -> {
            assertThat(a.techniques()).containsExactly(Technique.of("T1105"), Technique.of("T1221"));
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.explanation()).isEqualTo("10.0.0.55 fetched http://198.51.100.11/tpl/Normal.dotm with Microsoft "
                    + "Office (remote template .dotm) (User-Agent \"Microsoft Office Word 2014\"): a remote template "
                    + "(.dotm), 8 bytes, status 200");
        });
    }

    @Test
    void toolsFetchingOrdinaryContentOrFromTrustedDomainsAreQuiet() {
        var c = new CraftedCapture();
        // certutil fetching a CRL, as Windows does every day
        get(c, "10.0.0.60", 49710, "198.51.100.20", 80, "crl.ca.example", "/ca.crl", "Microsoft-CryptoAPI/10.0",
                "application/pkix-crl", "0\u0082\u0001\u0010crl");
        // Windows Update through BITS
        get(c, "10.0.0.60", 49711, "198.51.100.21", 80, "download.windowsupdate.com", "/d/msdownload/kb.exe",
                "Microsoft BITS/7.8", "application/octet-stream", PE);
        // a browser downloading an installer is not a system binary
        get(c, "10.0.0.60", 49712, "198.51.100.22", 80, "vendor.example", "/setup.exe", FIREFOX,
                "application/octet-stream", PE);
        // WinInet's compatibility agent fetching a page (CryptoWall's C2 client looks like this)
        get(c, "10.0.0.60", 49713, "198.51.100.23", 80, "c2.example", "/76N1Lm.php?n=x4tk", WININET, "text/plain",
                "ok");
        assertThat(run(c.events(dir))).isEmpty();
    }

    @Test
    void extensionsAndAgents() {
        assertThat(LolbinDownloadDetector.extension("/a/b.HTA?x=1.exe")).isEqualTo("hta");
        assertThat(LolbinDownloadDetector.extension("/a.b/c")).isNull();
        assertThat(LolbinDownloadDetector.extension("/download.php#x.exe")).isEqualTo("php");
        assertThat(LolbinDownloadDetector.wininetCompat(WININET)).isTrue();
        assertThat(LolbinDownloadDetector.wininetCompat(
                "Mozilla/4.0 (compatible; MSIE 7.0; Windows NT 5.1; SV1)")).as("real IE 7 on XP").isFalse();
    }

    @Test
    @Tag("corpus")
    @EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
    void quietOnTheProtocolAndAttackTracesHttp() throws Exception {
        var events = new ArrayList<Event>();
        for (String d : List.of("pcap-protocols", "pcap-attacks/chrissanders-packets")) {
            try (Stream<Path> files = Files.walk(Corpus.file(d))) {
                for (Path p : files.filter(f -> f.toString().matches(".*\\.pcap(ng)?$")).sorted().toList()) {
                    CraftedCapture.eventsOf(p).stream().filter(HttpTransaction.class::isInstance).forEach(events::add);
                }
            }
        }
        assertThat(events).hasSizeGreaterThan(90);
        assertThat(run(events)).isEmpty();
        assertThat(DetectorHarness.run(new ExecutableDownloadDetector(ExecutableDownloadDetector.Config.DEFAULTS), events))
                .isEmpty();
    }
}
