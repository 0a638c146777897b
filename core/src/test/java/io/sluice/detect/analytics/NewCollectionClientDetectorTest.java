package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.conn;
import static io.sluice.detect.analytics.FixedSizeTransferDetectorTest.ids;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.detect.Alert;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.EngineOptions;
import io.sluice.detect.Severity;
import io.sluice.detect.baseline.BaselineConfig;
import io.sluice.detect.baseline.BaselineLearner;
import io.sluice.detect.baseline.HostBaselines;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NewCollectionClientDetectorTest {
    private static final long HOUR = 3_600_000_000_000L;
    private static final String STATION = "10.0.0.5", SWITCH = "10.0.1.1", ROUTER = "10.0.1.2", MAIL = "10.0.0.25";
    private static final String ATTACKER = "10.0.0.66";

    @TempDir
    Path dir;

    private static List<Alert> run(NewCollectionClientDetector.Config config, List<? extends Event> events) {
        var b = new HostBaselines(BaselineConfig.defaults().withLearningNanos(HOUR));
        return DetectorHarness.run(List.of(new BaselineLearner(b), new NewCollectionClientDetector(config, b)), events,
                EngineOptions.defaults());
    }

    private static List<Alert> run(List<? extends Event> events) {
        return run(NewCollectionClientDetector.Config.DEFAULTS, events);
    }

    /**
     * Two hours of a site: the management station polls two devices over SNMP every five minutes and
     * fetches the router's config over TFTP once; six workstations read mail from the mail server
     * over IMAPS and browse; the attacker's host browses too, so it has a baseline.
     */
    private static List<Event> site() {
        var events = new ArrayList<Event>();
        for (int m = 0; m < 120; m += 5) {
            events.addAll(conn(STATION, SWITCH, 161).udp().at(m * 60).both());
            events.addAll(conn(STATION, ROUTER, 161).udp().at(m * 60 + 1).both());
        }
        events.addAll(conn(STATION, ROUTER, 69).udp().at(600).both());
        for (int i = 20; i < 26; i++) {
            for (int m = 0; m < 120; m += 30) events.addAll(conn("10.0.0." + i, MAIL, 993).at(m * 60 + i).both());
            events.addAll(conn("10.0.0." + i, "93.184.216.34", 443).at(100 + i).both());
        }
        events.addAll(conn(ATTACKER, "93.184.216.34", 443).at(30).both());
        events.addAll(conn("10.0.0.67", "93.184.216.34", 443).at(31).both());
        return events;
    }

    @Test
    void theSitesOwnPollingAndMailAreQuiet() {
        assertThat(run(site())).isEmpty();
    }

    @Test
    void aNewSnmpPollerOfADeviceIsAMibDumpAtConnectionCreation() {
        var events = site();
        events.add(conn(ATTACKER, SWITCH, 161).udp().at(2 * 3600).creation());
        assertThat(run(events)).singleElement().satisfies(a -> {
            assertThat(a.detectorId()).isEqualTo("collect.new_client");
            assertThat(ids(a)).containsExactly("T1602", "T1602.001");
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_CONNECTION_CREATION);
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.explanation()).startsWith("10.0.0.66 pulled from network device 10.0.1.1 (udp/161) for the first "
                    + "time since 10.0.1.1's baseline began ")
                    .endsWith("; SNMP from a host that is not one of the device's managers");
        });
    }

    @Test
    void configurationPullsOverTftpAndSmartInstallAreConfigurationDumps() {
        var events = site();
        events.add(conn(ATTACKER, ROUTER, 69).udp().at(2 * 3600).creation());
        events.add(conn(ATTACKER, SWITCH, 4786).at(2 * 3600 + 5).creation());
        var alerts = run(events);
        assertThat(alerts).hasSize(2).allSatisfy(a -> assertThat(ids(a)).containsExactly("T1602", "T1602.002"));
        assertThat(alerts).extracting(Alert::explanation).anySatisfy(e -> assertThat(e).contains("(udp/69)", "TFTP"))
                .anySatisfy(e -> assertThat(e).contains("(tcp/4786)", "Cisco Smart Install"));
    }

    @Test
    void configuredManagementStationsAreNeverReported() {
        var events = site();
        events.add(conn(ATTACKER, SWITCH, 161).udp().at(2 * 3600).creation());
        assertThat(run(new NewCollectionClientDetector.Config(List.of("10.0.0.64/28")), events)).isEmpty();
        assertThat(run(new NewCollectionClientDetector.Config(List.of("10.0.0.0/30")), events)).hasSize(1);
    }

    @Test
    void aNewClientOfTheMailServerIsRemoteEmailCollection() {
        var events = site();
        events.addAll(conn(ATTACKER, MAIL, 143).at(2 * 3600).both());
        assertThat(run(events)).singleElement().satisfies(a -> {
            assertThat(ids(a)).containsExactly("T1114", "T1114.002");
            assertThat(a.severity()).isEqualTo(Severity.LOW);
            assertThat(a.count()).as("creation and flow, one incident").isEqualTo(2);
            assertThat(a.components()).contains(Ds0029Component.NETWORK_CONNECTION_CREATION);
            assertThat(a.explanation()).contains("pulled from mail server 10.0.0.25 (tcp/143)",
                    "IMAP mail retrieval from a client the server never had");
        });
    }

    @Test
    void aHostThatNeverReadMailPullingFromAnOutsideServerIsMedium() {
        var events = site();
        events.add(conn("10.0.0.67", "52.97.10.10", 995).at(2 * 3600).creation());
        events.add(conn("10.0.0.20", "52.97.10.11", 993).at(2 * 3600 + 1).creation());
        var alerts = run(events);
        assertThat(alerts).hasSize(2);
        assertThat(alerts).filteredOn(a -> a.srcHost().equals("10.0.0.67")).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.explanation()).contains("(tcp/995)", "the host had never retrieved mail over POP3 or IMAP before");
        });
        assertThat(alerts).filteredOn(a -> a.srcHost().equals("10.0.0.20")).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.LOW);
            assertThat(a.explanation()).endsWith("a mail server new to the host");
        });
    }

    @Test
    void newAddressesOfAnOutsideMailServiceAreOneIncidentPerClient() {
        var events = site();
        events.add(conn("10.0.0.67", "52.97.10.10", 993).at(2 * 3600).creation());
        events.add(conn("10.0.0.67", "52.97.10.12", 993).at(2 * 3600 + 60).creation());
        events.add(conn("10.0.0.67", "52.97.10.13", 993).at(2 * 3600 + 120).creation());
        assertThat(run(events)).singleElement().satisfies(a -> {
            assertThat(a.count()).isEqualTo(3);
            assertThat(a.dstHosts()).containsExactly("52.97.10.10", "52.97.10.12", "52.97.10.13");
        });
    }

    @Test
    void nothingIsJudgedDuringLearningOrForRefusedAttempts() {
        var events = site();
        events.add(conn(ATTACKER, SWITCH, 161).udp().at(600).creation()); // inside the learning hour
        events.add(conn(ATTACKER, MAIL, 110).at(2 * 3600).state("REJ").creation());
        assertThat(run(events)).isEmpty();
    }

    @Test
    void snmpAndImapThroughThePipelineAtConnectionCreation() {
        byte[] get = "0\u0026\u0002\u0001\u0001\u0004\u0006public\u00a0\u0019".getBytes(StandardCharsets.ISO_8859_1);
        var capture = new UploadCapture();
        for (int m = 0; m < 90; m += 5) {
            capture.udp(STATION, 40000 + m, SWITCH, 161, get).udp(SWITCH, 161, STATION, 40000 + m, get).after(300);
        }
        capture.tcpUpload("10.0.0.20", 50000, MAIL, 993, new byte[300], new byte[3000], 0, (byte) 0);
        capture.after(3 * 3600);
        capture.udp(STATION, 41000, SWITCH, 161, get).udp(SWITCH, 161, STATION, 41000, get);
        capture.udp(ATTACKER, 42000, SWITCH, 161, get).udp(SWITCH, 161, ATTACKER, 42000, get);
        capture.tcpUpload(ATTACKER, 50001, MAIL, 993, new byte[300], new byte[3000], 0, (byte) 0);
        var events = capture.events(dir);
        assertThat(events).filteredOn(e -> e instanceof ConnectionCreation c && c.id().origH().equals(ATTACKER)).hasSize(2);
        var alerts = run(events);
        assertThat(alerts).hasSize(2).allSatisfy(a -> {
            assertThat(a.srcHost()).isEqualTo(ATTACKER);
            assertThat(a.components()).contains(Ds0029Component.NETWORK_CONNECTION_CREATION);
        });
        assertThat(alerts).anySatisfy(a -> assertThat(ids(a)).containsExactly("T1602", "T1602.001"))
                .anySatisfy(a -> assertThat(ids(a)).containsExactly("T1114", "T1114.002"));
    }
}
