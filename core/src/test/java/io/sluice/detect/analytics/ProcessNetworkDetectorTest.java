package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.conn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.Event;
import io.sluice.ingest.IngestRun;
import io.sluice.ingest.sysmon.SysmonJsonFormat;
import io.sluice.testing.Corpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

class ProcessNetworkDetectorTest {

    private static List<Alert> run(List<? extends Event> events) {
        return DetectorHarness.run(new ProcessNetworkDetector(ProcessNetworkDetector.Config.DEFAULTS), events);
    }

    /** A Sysmon Event ID 3 as Winlogbeat ships it: {@code image} opened a connection from ws01 to {@code dst}. */
    private static String sysmon3(String utc, String image, String dst, int port) {
        return "{\"@timestamp\":\"" + utc.replace(' ', 'T') + "Z\",\"winlog\":{\"event_id\":3,"
                + "\"provider_name\":\"Microsoft-Windows-Sysmon\",\"computer_name\":\"ws01.corp\","
                + "\"channel\":\"Microsoft-Windows-Sysmon/Operational\",\"event_data\":{"
                + "\"UtcTime\":\"" + utc + "\",\"ProcessId\":\"4242\",\"Image\":\"" + image.replace("\\", "\\\\") + "\","
                + "\"User\":\"CORP\\\\bob\",\"Protocol\":\"tcp\",\"Initiated\":\"true\","
                + "\"SourceIp\":\"10.1.1.5\",\"SourceHostname\":\"ws01.corp\",\"SourcePort\":\"50123\","
                + "\"DestinationIp\":\"" + dst + "\",\"DestinationPort\":\"" + port + "\"}}}\n";
    }

    private static List<Event> ingest(String lines) {
        return new ArrayList<>(IngestRun.of(new SysmonJsonFormat(), lines).creations());
    }

    @Test
    void cmstpReachingTheInternetIsCmstpProxyExecution() {
        var events = ingest(sysmon3("2024-03-01 10:00:00.250", "C:\\Windows\\System32\\chrome.exe", "142.250.1.1", 443)
                + sysmon3("2024-03-01 10:00:05.000", "C:\\Windows\\System32\\cmstp.exe", "203.0.113.44", 80));
        assertThat(events).hasSize(2);
        assertThat(run(events)).singleElement().satisfies(a -> {
            assertThat(a.techniques()).containsExactly(Technique.of("T1218.003"), Technique.of("T1218"));
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.process()).isEqualTo("C:\\Windows\\System32\\cmstp.exe");
            assertThat(a.explanation()).isEqualTo("C:\\Windows\\System32\\cmstp.exe on ws01.corp (user CORP\\bob) "
                    + "connected to the external address 203.0.113.44:80 (tcp): CMSTP has no business on the internet;"
                    + " it fetches and runs an INF's payload");
        });
    }

    @Test
    void aScriptHostOrADownloadedProgramUsingTheNetworkForTheFirstTimeIsUserExecution() {
        var events = ingest(sysmon3("2024-03-01 10:00:00.000", "C:\\Program Files\\Google\\chrome.exe", "142.250.1.1", 443)
                + sysmon3("2024-03-02 10:30:00.000", "C:\\Windows\\System32\\wscript.exe", "198.51.100.9", 443)
                + sysmon3("2024-03-02 10:31:00.000", "C:\\Users\\bob\\Downloads\\Invoice_2291.pdf.exe", "198.51.100.9", 8443)
                + sysmon3("2024-03-02 10:32:00.000", "C:\\Windows\\System32\\wscript.exe", "198.51.100.10", 443));
        var alerts = run(events);
        assertThat(alerts).hasSize(2).allSatisfy(a -> assertThat(a.techniques()).containsExactly(Technique.of("T1204")));
        assertThat(alerts.get(0).severity()).isEqualTo(Severity.MEDIUM);
        assertThat(alerts.get(0).explanation()).isEqualTo("C:\\Windows\\System32\\wscript.exe on ws01.corp (user CORP\\bob) "
                + "opened its first network connection in 24.5 h, to the external address 198.51.100.9:443 (tcp); "
                + "wscript.exe runs files a user opens and did not use the network here before");
        assertThat(alerts.get(1).severity()).isEqualTo(Severity.HIGH);
        assertThat(alerts.get(1).explanation()).endsWith("it runs from a user's download or temporary folder");
    }

    /**
     * SigmaHQ's regression events for its network_connection rules: the proxy binaries among them fire at once,
     * with no learning; notepad to loopback, PowerShell to its own host, node.js to the instance metadata
     * service and wscript (a user-execution image, judged only after learning) do not.
     */
    @Test
    @Tag("corpus")
    @EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
    void sigmaRegressionEventsOfProxyBinariesFireWithoutLearning() throws Exception {
        var events = new ArrayList<Event>();
        try (var files = Files.list(Corpus.file("sysmon/sigma-regression"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                events.addAll(IngestRun.of(new SysmonJsonFormat(), f).creations());
            }
        }
        var alerts = run(DetectorHarness.inObservedOrder(events));
        assertThat(alerts).extracting(a -> ProcessNetworkDetector.fileName(a.process()), Alert::severity)
                .containsExactlyInAnyOrder(tuple("certutil.exe", Severity.HIGH), tuple("regsvr32.exe", Severity.HIGH),
                        tuple("rundll32.exe", Severity.MEDIUM));
        assertThat(alerts).filteredOn(a -> a.process().endsWith("certutil.exe")).singleElement().satisfies(a -> {
            assertThat(a.techniques()).containsExactly(Technique.of("T1105"));
            assertThat(a.explanation()).contains("connected to the external address 151.101.0.133:443 (tcp)")
                    .contains("certutil -urlcache -f");
        });
        assertThat(alerts).filteredOn(a -> a.process().endsWith("regsvr32.exe")).singleElement()
                .satisfies(a -> assertThat(a.techniques()).containsExactly(Technique.of("T1218.010"), Technique.of("T1218")));
    }

    @Test
    void mshtaAndMsiexecToTheInternetFireAtOnceAndInsideDoesNot() {
        var alerts = run(ingest(sysmon3("2024-03-01 10:00:00.000", "C:\\Windows\\System32\\mshta.exe", "198.51.100.9", 443)
                + sysmon3("2024-03-01 10:00:01.000", "C:\\Windows\\System32\\msiexec.exe", "198.51.100.9", 80)
                + sysmon3("2024-03-01 10:00:02.000", "C:\\Windows\\System32\\regsvr32.exe", "10.0.0.12", 80)));
        assertThat(alerts).extracting(Alert::severity, a -> a.techniques().get(0))
                .containsExactly(tuple(Severity.HIGH, Technique.of("T1218.005")), tuple(Severity.MEDIUM, Technique.of("T1218.007")));
    }

    /** Learning hosts, known processes, internal destinations, ordinary programs and packet sources are quiet. */
    @Test
    void learnedOrdinaryAndInternalUseIsQuiet() {
        assertThat(run(ingest(sysmon3("2024-03-01 10:00:00.000", "C:\\Program Files\\Google\\chrome.exe", "142.250.1.1", 443)
                + sysmon3("2024-03-01 11:00:00.000", "C:\\Windows\\System32\\wscript.exe", "198.51.100.9", 443)
                + sysmon3("2024-03-03 11:00:00.000", "C:\\Windows\\System32\\wscript.exe", "198.51.100.9", 443)
                + sysmon3("2024-03-03 11:00:00.000", "C:\\Windows\\System32\\msiexec.exe", "10.0.0.12", 80)
                + sysmon3("2024-03-03 11:00:00.000", "C:\\Program Files\\Slack\\slack.exe", "52.1.1.1", 443)))).isEmpty();
        assertThat(run(List.of(conn("10.1.1.5", "203.0.113.44", 80).at(0).state("SF").creation()))).isEmpty();
    }
}
