package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.conn;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.EngineOptions;
import io.sluice.detect.Severity;
import io.sluice.detect.baseline.BaselineConfig;
import io.sluice.detect.baseline.BaselineLearner;
import io.sluice.detect.baseline.HostBaselines;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A workstation (10.0.0.5) browses a few sites for its one-hour learning period; what it does
 * afterwards is judged against that. The scenario is built in code: no public capture shows a
 * host's ordinary week followed by its first contact with an attacker's host.
 */
class NewExternalDestinationDetectorTest {

    private static final long HOUR = 3_600_000_000_000L;
    private static final String HOST = "10.0.0.5";

    private static List<Event> learningHour() {
        var events = new ArrayList<Event>();
        for (int i = 0; i < 60; i++) {
            events.addAll(conn(HOST, "93.184.216.34", 443).service("ssl").at(i * 60).both());
            events.addAll(conn(HOST, "151.101.1.69", 443).service("ssl").at(i * 60 + 5).both());
        }
        return events;
    }

    private static List<Alert> run(List<Event> events, NewExternalDestinationDetector.Config config) {
        var b = new HostBaselines(BaselineConfig.defaults().withLearningNanos(HOUR));
        return DetectorHarness.run(List.of(new BaselineLearner(b), new NewExternalDestinationDetector(config, b)),
                events, EngineOptions.defaults());
    }

    private static List<Alert> run(List<Event> events) {
        return run(events, NewExternalDestinationDetector.Config.DEFAULTS);
    }

    private static List<Event> after(List<Event> more) {
        var events = learningHour();
        events.addAll(more);
        return events;
    }

    @Test
    void firstWebContactAfterLearningIsADriveByLead() {
        var alerts = run(after(conn(HOST, "203.0.113.66", 443).service("ssl").at(4000).both()));
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.detectorId()).isEqualTo("dest.new_external");
            assertThat(a.techniques()).containsExactly(Technique.of("T1189"));
            assertThat(a.severity()).isEqualTo(Severity.LOW);
            assertThat(a.srcHost()).isEqualTo(HOST);
            assertThat(a.dstHosts()).containsExactly("203.0.113.66");
            assertThat(a.count()).as("creation and flow are one incident").isEqualTo(2);
            assertThat(a.explanation()).contains("10.0.0.5 contacted external host 203.0.113.66 (tcp/443) for the first time")
                    .contains("1 h ago");
        });
    }

    @Test
    void remoteAccessToolAndDownloadAndBrowserProcess() {
        var more = new ArrayList<Event>(conn(HOST, "203.0.113.10", 5938).at(4000).both());
        more.addAll(List.of(
                conn(HOST, "203.0.113.11", 443).service("ssl").bytes(900, 5_000_000).at(4100).flow(),
                conn(HOST, "203.0.113.12", 443).process("C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe")
                        .at(4200).creation()));
        var alerts = run(after(more));
        assertThat(alerts).hasSize(3);
        assertThat(alerts.get(0).components()).containsExactly(Ds0029Component.NETWORK_CONNECTION_CREATION,
                Ds0029Component.NETWORK_TRAFFIC_FLOW);
        assertThat(alerts.get(0).techniques()).containsExactly(Technique.of("T1219"));
        assertThat(alerts.get(0).severity()).isEqualTo(Severity.MEDIUM);
        assertThat(alerts.get(1).techniques()).containsExactly(Technique.of("T1105"), Technique.of("T1189"));
        assertThat(alerts.get(1).explanation()).contains("downloaded 5,000,000 bytes");
        assertThat(alerts.get(2).techniques()).containsExactly(Technique.of("T1189"), Technique.of("T1176"));
        assertThat(alerts.get(2).process()).endsWith("chrome.exe");
    }

    @Test
    void firstContactOverAFileCopyProtocolIsAlternativeProtocolExfiltrationAtCreation() {
        var alerts = run(after(List.of(
                conn(HOST, "203.0.113.21", 21).at(4000).creation(),
                conn(HOST, "203.0.113.22", 69).udp().at(4100).creation(),
                conn(HOST, "203.0.113.23", 22).at(4200).creation(),
                conn(HOST, "203.0.113.24", 990).at(4300).creation())));
        assertThat(alerts).hasSize(4).allSatisfy(a -> {
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_CONNECTION_CREATION);
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.explanation()).contains("direction not known at connection creation");
        });
        assertThat(alerts.get(0).techniques()).containsExactly(Technique.of("T1048"), Technique.of("T1048.003"));
        assertThat(alerts.get(0).explanation()).contains("cleartext file-copy protocol tcp/21");
        assertThat(alerts.get(1).techniques()).containsExactly(Technique.of("T1048"), Technique.of("T1048.003"));
        assertThat(alerts.get(1).explanation()).contains("udp/69");
        // SSH is a remote session and SFTP/SCP in one: both are named
        assertThat(alerts.get(2).techniques()).containsExactly(Technique.of("T1219"), Technique.of("T1048"),
                Technique.of("T1048.002"));
        assertThat(alerts.get(3).techniques()).containsExactly(Technique.of("T1048"), Technique.of("T1048.002"));
        assertThat(alerts.get(3).explanation()).contains("encrypted file-copy protocol tcp/990");
    }

    @Test
    void theFlowRecordNamesWhichWayTheFilesWent() {
        var alerts = run(after(List.of(
                conn(HOST, "203.0.113.31", 20).origPort(40001).service("ftp-data").bytes(48_000_000, 9_000).at(4000).flow(),
                conn(HOST, "203.0.113.32", 20).origPort(40002).service("ftp-data").bytes(2_000, 30_000).at(4100).flow(),
                conn(HOST, "203.0.113.33", 2222).service("ssh").bytes(12_000_000, 40_000).at(4200).flow(),
                conn(HOST, "203.0.113.34", 21).service("ftp").bytes(67, 747).at(4300).flow())));
        assertThat(alerts).hasSize(4);
        assertThat(alerts.get(0).techniques()).containsExactly(Technique.of("T1048"), Technique.of("T1048.003"));
        assertThat(alerts.get(0).explanation())
                .contains("cleartext file-copy protocol ftp-data sending 48,000,000 bytes against 9,000 received");
        assertThat(alerts.get(1).techniques()).as("a download is ingress, not exfiltration").containsExactly(Technique.of("T1105"));
        assertThat(alerts.get(1).explanation()).contains("file transfer over ftp-data receiving 30,000 bytes against 2,000 sent");
        assertThat(alerts.get(2).techniques()).containsExactly(Technique.of("T1219"), Technique.of("T1048"), Technique.of("T1048.002"));
        // FTP's control connection carries commands; which way the files went is on its data connections
        assertThat(alerts.get(3).techniques()).containsExactly(Technique.of("T1105"), Technique.of("T1048"), Technique.of("T1048.003"));
        assertThat(alerts.get(3).explanation()).contains("(the control connection: files go over ftp-data)")
                .doesNotContain("receiving 747");
    }

    @Test
    void quietOnKnownDestinationsAndOrdinaryTraffic() {
        var alerts = run(after(List.of(
                conn(HOST, "93.184.216.34", 443).service("ssl").at(5000).creation(), // known
                conn(HOST, "10.0.0.53", 53).udp().at(5001).flow(), // internal
                conn(HOST, "224.0.0.251", 5353).udp().local(true, false).at(5002).flow(), // multicast
                conn(HOST, "203.0.113.9", 443).state("REJ").at(5003).creation(), // refused: no contact
                conn(HOST, "203.0.113.9", 6667).at(5004).creation(), // new, but of no kind it reports
                conn(HOST, "203.0.113.9", 25).at(5006).creation(), // mail: relays meet new servers all day
                conn(HOST, "10.0.0.20", 22).at(5007).creation(), // SFTP inside
                conn(HOST, "93.184.216.34", 21).at(5008).creation(), // FTP to a host it already knew
                conn("198.51.100.3", HOST, 443).local(false, true).at(5005).creation()))); // inbound
        assertThat(alerts).isEmpty();
    }

    @Test
    void nothingDuringTheLearningPeriod() {
        var events = new ArrayList<Event>(conn(HOST, "93.184.216.34", 443).at(0).both());
        events.addAll(conn(HOST, "203.0.113.66", 443).at(3599).both());
        assertThat(run(events)).isEmpty();
        events.addAll(conn(HOST, "203.0.113.67", 443).at(3600).both());
        assertThat(run(events)).singleElement().extracting(a -> a.dstHosts().get(0)).isEqualTo("203.0.113.67");
    }

    @Test
    void aLateFlowRecordOfAnEarlierContactIsNotNew() {
        // A connection opened during learning and reported (ended) after it still taught the baseline.
        var events = learningHour();
        events.addAll(conn(HOST, "203.0.113.80", 443).at(3000).duration(2000).both());
        events.add(conn(HOST, "203.0.113.80", 443).origPort(50001).at(4000).creation());
        assertThat(run(DetectorHarness.inObservedOrder(events))).isEmpty();
    }

    @Test
    void alertsPerHostPerDayAreCapped() {
        var more = new ArrayList<Event>();
        for (int i = 0; i < 5; i++) more.add(conn(HOST, "203.0.113." + (100 + i), 443).at(4000 + i).creation());
        more.add(conn(HOST, "203.0.113.200", 443).at(86_400 + 4000).creation()); // next day
        var alerts = run(after(more), new NewExternalDestinationDetector.Config(1 << 20, 2));
        assertThat(alerts).extracting(a -> a.dstHosts().get(0))
                .containsExactly("203.0.113.100", "203.0.113.101", "203.0.113.200");
    }

    @Test
    void configFromSettings() {
        var c = NewExternalDestinationDetector.config(DetectConfig.empty()
                .with("detectors.dest.new_external.download_bytes", "1000")
                .with("detectors.dest.new_external.max_alerts_per_day", "3"));
        assertThat(c).isEqualTo(new NewExternalDestinationDetector.Config(1000, 3));
    }
}
