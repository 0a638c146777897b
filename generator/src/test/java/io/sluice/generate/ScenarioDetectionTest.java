package io.sluice.generate;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.detect.Alert;
import io.sluice.detect.Severity;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standard analytics on the labelled attack scenarios, through the real pipeline: each label
 * of a technique is found by an alert naming its hosts within its time range, and the ordinary
 * office traffic played alongside raises nothing of its own.
 */
class ScenarioDetectionTest {

    @TempDir
    Path dir;

    /** The alerts that match a label: a technique of the label, its first host as source, inside its time. */
    private static List<Alert> matching(List<Alert> alerts, Label label) {
        return alerts.stream()
                .filter(a -> a.techniques().stream().anyMatch(t -> label.techniques().contains(t.id())))
                .filter(a -> label.hosts().get(0).equals(a.srcHost()))
                .filter(a -> a.firstNanos() >= label.fromNanos() && a.firstNanos() <= label.toNanos())
                .toList();
    }

    @Test
    void findsThePortKnockItsLabelDescribes() throws Exception {
        var knock = new PortKnocking();
        var run = ScenarioRun.of(dir, 7, new OfficeTraffic(), knock);
        var alerts = StandardAnalytics.alerts(run.events);
        var label = run.labels().stream().filter(l -> l.scenario().equals("port-knock")).findFirst().orElseThrow();
        assertThat(matching(alerts, label)).singleElement().satisfies(a -> {
            assertThat(a.detectorId()).isEqualTo("signal.port_knock");
            assertThat(a.dstHosts()).containsExactly(label.hosts().get(1));
            assertThat(a.dstPorts()).startsWith(knock.openedPort()).containsAll(knock.sequence());
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
        });
        assertThat(alerts).allSatisfy(a -> assertThat(a.srcHost()).isEqualTo(knock.knocker().ip()));
    }

    @Test
    void findsThePingSweepAndThePortSweepItsLabelsDescribe() throws Exception {
        var sweep = new NetworkSweep();
        var run = ScenarioRun.of(dir, 7, new OfficeTraffic(), sweep);
        var alerts = StandardAnalytics.alerts(run.events);
        var labels = run.labels().stream().filter(l -> l.scenario().equals("network-sweep")).toList();
        assertThat(labels).hasSize(2);
        var ping = matching(alerts, labels.get(0));
        assertThat(ping).extracting(Alert::detectorId).containsExactly("scan.icmp_sweep");
        assertThat(ping.get(0).explanation()).contains("to " + sweep.targets() + " addresses");
        var ports = matching(alerts, labels.get(1));
        assertThat(ports).extracting(Alert::detectorId).containsExactlyInAnyOrder("scan.horizontal", "scan.trw");
        assertThat(ports).filteredOn(a -> a.detectorId().equals("scan.horizontal")).singleElement()
                .satisfies(a -> assertThat(a.explanation()).contains("probed port 445 on " + sweep.targets() + " hosts"));
        assertThat(alerts).allSatisfy(a -> assertThat(a.srcHost()).isEqualTo(sweep.scanner().ip()));
    }

    @Test
    void findsTheWebScanItsLabelDescribes() throws Exception {
        var scan = new WebScan();
        var run = ScenarioRun.of(dir, 7, new OfficeTraffic(), scan);
        var alerts = StandardAnalytics.alerts(run.events);
        var label = run.labels().stream().filter(l -> l.scenario().equals("web-scan")).findFirst().orElseThrow();
        assertThat(matching(alerts, label)).singleElement().satisfies(a -> {
            assertThat(a.detectorId()).isEqualTo("scan.web");
            assertThat(a.techniques()).extracting(t -> t.id()).contains("T1595.003", "T1595.002", "T1595");
            assertThat(a.dstHosts()).containsExactly(scan.server().ip());
            assertThat(a.explanation()).contains((scan.words() + scan.probes()) + " requests", "gobuster", "nikto");
        });
        assertThat(alerts).allSatisfy(a -> assertThat(a.srcHost()).isEqualTo(scan.scanner().ip()));
    }

    /** Two of the scan's probes carry exploit payloads (a traversal to /etc/passwd, a quote and OR 1=1). */
    @Test
    void theWebScansExploitProbesAreExploitArtifacts() throws Exception {
        var scan = new WebScan();
        var alerts = StandardAnalytics.alerts(ScenarioRun.of(dir, 7, new OfficeTraffic(), scan).events);
        assertThat(alerts).filteredOn(a -> a.detectorId().equals("http.exploit")).singleElement().satisfies(a -> {
            assertThat(a.techniques()).extracting(t -> t.id()).contains("T1190");
            assertThat(a.srcHost()).isEqualTo(scan.scanner().ip());
            assertThat(a.dstHosts()).containsExactly(scan.server().ip());
            assertThat(a.count()).isEqualTo(2);
            assertThat(a.explanation()).contains("SQL injection 1", "path traversal 1");
        });
    }

    @Test
    void ordinaryOfficeTrafficRaisesNothing() throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            assertThat(StandardAnalytics.alerts(ScenarioRun.of(dir, seed, new OfficeTraffic()).events)).isEmpty();
        }
    }

    @Test
    void busyOrdinaryTrafficRaisesNothing() throws Exception {
        for (long seed = 1; seed <= 2; seed++) {
            assertThat(StandardAnalytics.alerts(ScenarioRun.of(dir, seed, new TrafficMix(3_000)).events)).isEmpty();
        }
    }
}
