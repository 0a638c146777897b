package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.t;
import static io.sluice.detect.analytics.HttpDownloads.FIREFOX;
import static io.sluice.detect.analytics.HttpDownloads.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.ConnId;
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

class WebShellDetectorTest {

    @TempDir
    Path dir;

    private static List<Alert> run(List<? extends Event> events) {
        return DetectorHarness.run(new WebShellDetector(WebShellDetector.Config.DEFAULTS), events);
    }

    private static HttpTransaction req(double at, String client, String uri) {
        return new HttpTransaction(t(at), "Cws" + (long) at, new ConnId(client, 50000 + (int) at, "10.0.0.80", 80), 1,
                "GET", "intranet.corp.example", uri, null, "1.1", FIREFOX, null, 0, 120, 200L, "OK", null, null, null,
                List.of(), List.of(), List.of("text/plain"), null);
    }

    @Test
    void operatorDrivingAShellThroughThePipelineFires() {
        var c = new CraftedCapture();
        String[] commands = {"whoami", "ipconfig%20%2Fall", "net%20user", "dir%20C%3A%5CUsers"};
        for (int i = 0; i < commands.length; i++) {
            get(c, "203.0.113.66", 51000 + i, "10.0.0.80", 80, "intranet.corp.example",
                    "/uploads/images/thumb.aspx?cmd=" + commands[i], FIREFOX, "text/plain",
                    "corp\\iis_apppool\r\n");
        }
        var alerts = run(c.events(dir));
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.detectorId()).isEqualTo("http.webshell");
            assertThat(a.techniques()).containsExactly(Technique.of("T1505.003"), Technique.of("T1505"));
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.srcHost()).isEqualTo("203.0.113.66");
            assertThat(a.count()).isEqualTo(4);
            assertThat(a.explanation()).isEqualTo("intranet.corp.example/uploads/images/thumb.aspx on 10.0.0.80 received "
                    + "4 command requests from 1 client in 15 s (\"whoami\", \"ipconfig /all\", \"net user\", "
                    + "\"dir C:\\Users\"); the script answered 72 bytes");
        });
    }

    @Test
    void base64CommandsCount() {
        assertThat(WebShellDetector.command("/s.php?x=d2hvYW1p")).isEqualTo("whoami (base64)");
        assertThat(WebShellDetector.command("/s.php?c=Y2F0IC9ldGMvcGFzc3dk")).isEqualTo("cat /etc/passwd (base64)");
        assertThat(run(List.of(req(0, "203.0.113.66", "/s.php?x=d2hvYW1p")))).singleElement()
                .satisfies(a -> assertThat(a.severity()).isEqualTo(Severity.MEDIUM));
    }

    @Test
    void commandInjectionAndOrdinaryParametersAreNotShells() {
        assertThat(WebShellDetector.command("/dvwa/vulnerabilities/exec/index.php?ip=127.0.0.1%3Bwhoami")).isNull();
        assertThat(WebShellDetector.command("/dvwa/vulnerabilities/fi/?page=../../../../etc/passwd")).isNull();
        assertThat(WebShellDetector.command("/search.php?q=echoes+of+the+past&page=2")).isNull();
        assertThat(WebShellDetector.command("/list.php?sort=id&order=dir")).as("bare words outside a command parameter")
                .isNull();
        assertThat(WebShellDetector.command("/x.php?cmd=id")).isEqualTo("id");
        assertThat(WebShellDetector.command("/search.php?q=net+user+powershell+-version")).as("a search box").isNull();
        assertThat(WebShellDetector.command("/index.php?cmd=cG9zdA")).as("base64 of a word, not a command").isNull();
    }

    @Test
    void thresholdEdges() {
        // two commands: still MEDIUM; the third makes it HIGH
        var two = run(List.of(req(0, "203.0.113.66", "/a.php?c=whoami"), req(10, "203.0.113.66", "/a.php?c=id")));
        assertThat(two).singleElement().satisfies(a -> assertThat(a.severity()).isEqualTo(Severity.MEDIUM));
        // three commands from three clients: a scanner, not an operator
        var spread = run(List.of(req(0, "203.0.113.66", "/a.php?c=whoami"), req(10, "203.0.113.67", "/a.php?c=whoami"),
                req(20, "203.0.113.68", "/a.php?c=whoami")));
        assertThat(spread).singleElement().satisfies(a -> assertThat(a.severity()).isEqualTo(Severity.MEDIUM));
        // static files and paths without a query are never keyed
        assertThat(run(List.of(req(0, "203.0.113.66", "/a.txt?c=whoami"), req(1, "203.0.113.66", "/a.php")))).isEmpty();
    }

    @Test
    @Tag("corpus")
    @EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
    void quietOnDvwaAttacksAndTheProtocolTraces() throws Exception {
        var events = new ArrayList<Event>();
        for (String d : List.of("pcap-protocols", "pcap-attacks/chrissanders-packets")) {
            try (Stream<Path> files = Files.walk(Corpus.file(d))) {
                for (Path p : files.filter(f -> f.toString().matches(".*\\.pcap(ng)?$")).sorted().toList()) {
                    CraftedCapture.eventsOf(p).stream().filter(HttpTransaction.class::isInstance).forEach(events::add);
                }
            }
        }
        assertThat(events).filteredOn(e -> String.valueOf(((HttpTransaction) e).uri()).contains("/dvwa/vulnerabilities/")).hasSize(5);
        assertThat(run(events)).isEmpty();
    }
}
