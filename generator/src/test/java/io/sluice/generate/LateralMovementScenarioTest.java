package io.sluice.generate;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.detect.Alert;
import io.sluice.detect.Severity;
import io.sluice.protocol.dcerpc.DceRpcCall;
import io.sluice.protocol.ntlm.NtlmAuthentication;
import io.sluice.protocol.smb.SmbFileAction;
import io.sluice.protocol.smb.SmbMapping;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lateral-movement scenario through the real pipeline: the SMB and DCE/RPC rows PsExec leaves,
 * and the alerts of the Windows analytics, which match its label and nothing else, alone or hidden
 * in the domain's morning next to the office.
 */
class LateralMovementScenarioTest {

    @TempDir
    Path dir;

    @Test
    void sameSeedWritesTheSameBytesAndAnotherSeedDoesNot() throws Exception {
        assertThat(ScenarioRun.bytes(3, new LateralMovement())).isEqualTo(ScenarioRun.bytes(3, new LateralMovement()));
        assertThat(ScenarioRun.bytes(3, new LateralMovement())).isNotEqualTo(ScenarioRun.bytes(4, new LateralMovement()));
    }

    @Test
    void isInTheCatalogue() {
        assertThat(TrafficGenerator.scenarioNames()).contains("lateral-movement");
        assertThat(TrafficGenerator.scenario("lateral-movement")).isInstanceOf(LateralMovement.class);
    }

    @Test
    void labelsTheWorkstationThenTheFileServer() throws Exception {
        var lateral = new LateralMovement();
        var run = ScenarioRun.of(dir, 1, lateral);
        assertThat(lateral.attacker().name()).isEqualTo("ws03");
        assertThat(lateral.target().name()).isEqualTo("fs01");
        assertThat(run.labels()).singleElement().satisfies(l -> {
            assertThat(l.scenario()).isEqualTo("lateral-movement");
            assertThat(l.techniques()).containsExactly("T1021.002", "T1570");
            assertThat(l.hosts()).containsExactly(lateral.attacker().ip(), lateral.target().ip());
            assertThat(l.hosts()).containsExactly("10.10.1.12", "10.10.0.12");
            assertThat(l.fromNanos()).isGreaterThanOrEqualTo(TrafficGenerator.DEFAULT_START_NANOS + 8 * 60_000_000_000L);
            assertThat(l.toNanos()).isGreaterThan(l.fromNanos());
        });
    }

    @Test
    void smbShowsTheAdminSharesAndTheServiceBinary() throws Exception {
        var lateral = new LateralMovement();
        var run = ScenarioRun.of(dir, 1, lateral);
        assertThat(run.of(SmbMapping.class)).extracting(SmbMapping::path, SmbMapping::shareType).containsExactly(
                org.assertj.core.groups.Tuple.tuple("\\\\fs01\\ADMIN$", "DISK"),
                org.assertj.core.groups.Tuple.tuple("\\\\fs01\\IPC$", "PIPE"));
        var binary = run.of(SmbFileAction.class).stream().filter(f -> f.name().equals("PSEXESVC.exe")).toList();
        assertThat(binary).allSatisfy(f -> assertThat(f.path()).isEqualTo("\\\\fs01\\ADMIN$"));
        // created empty, then opened again with its size to delete it
        assertThat(binary).extracting(SmbFileAction::action, SmbFileAction::size).containsExactly(
                org.assertj.core.groups.Tuple.tuple("SMB::FILE_OPEN", 0L),
                org.assertj.core.groups.Tuple.tuple("SMB::FILE_OPEN", (long) lateral.binarySize()),
                org.assertj.core.groups.Tuple.tuple("SMB::FILE_DELETE", (long) lateral.binarySize()));
        assertThat(lateral.binarySize()).isBetween(200_000, 450_000);
        assertThat(run.of(NtlmAuthentication.class)).singleElement().satisfies(n -> {
            assertThat(n.username()).isEqualTo("it.admin");
            assertThat(n.domainname()).isEqualTo("CORP");
            assertThat(n.hostname()).isEqualTo("WS03");
            assertThat(n.success()).isTrue();
        });
    }

    @Test
    void dceRpcShowsTheServiceCreatedStartedStoppedAndDeleted() throws Exception {
        var calls = ScenarioRun.of(dir, 1, new LateralMovement()).of(DceRpcCall.class);
        assertThat(calls).extracting(c -> c.endpoint() + " " + c.operation()).containsExactly(
                "svcctl OpenSCManagerW", "svcctl CreateServiceW", "svcctl StartServiceW", "svcctl CloseServiceHandle",
                "svcctl CloseServiceHandle", "svcctl OpenSCManagerW", "svcctl OpenServiceW", "svcctl ControlService",
                "svcctl DeleteService", "svcctl CloseServiceHandle", "svcctl CloseServiceHandle");
        assertThat(calls).allSatisfy(c -> {
            assertThat(c.namedPipe()).isEqualTo("\\PIPE\\svcctl");
            assertThat(c.id().origH()).isEqualTo("10.10.1.12");
            assertThat(c.id().respH()).isEqualTo("10.10.0.12");
        });
    }

    /** The alerts that match the label: a technique of it, its first host as source, its second as destination, inside its time. */
    private static List<Alert> matching(List<Alert> alerts, Label label) {
        return alerts.stream()
                .filter(a -> a.techniques().stream().anyMatch(t -> label.techniques().contains(t.id())))
                .filter(a -> label.hosts().get(0).equals(a.srcHost()))
                .filter(a -> a.dstHosts().contains(label.hosts().get(1)))
                .filter(a -> a.firstNanos() >= label.fromNanos() && a.firstNanos() <= label.toNanos())
                .toList();
    }

    @Test
    void theWindowsAnalyticsFindItAlone() throws Exception {
        var run = ScenarioRun.of(dir, 1, new LateralMovement());
        var alerts = StandardAnalytics.alerts(run.events);
        var label = run.labels().get(0);
        assertThat(matching(alerts, label)).containsExactlyInAnyOrderElementsOf(alerts);
        assertThat(alerts).filteredOn(a -> a.detectorId().equals("windows.lateral_exec")).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.explanation()).contains("svcctl CreateServiceW", "svcctl StartServiceW", "\\PIPE\\svcctl");
        });
        assertThat(alerts).filteredOn(a -> a.detectorId().equals("smb.lateral_transfer")).singleElement()
                .satisfies(a -> assertThat(a.explanation()).contains("PSEXESVC.exe", "ADMIN$"));
    }

    @Test
    void hiddenInTheDomainsMorningOnlyItsOwnAlertsFire() throws Exception {
        for (long seed = 1; seed <= 2; seed++) {
            var run = ScenarioRun.of(dir, seed, new OfficeTraffic(), new WindowsDomain(12), new LateralMovement());
            var alerts = StandardAnalytics.alerts(run.events);
            var label = run.labels().stream().filter(l -> l.scenario().equals("lateral-movement")).findFirst().orElseThrow();
            assertThat(alerts).extracting(Alert::detectorId).contains("windows.lateral_exec", "smb.lateral_transfer");
            assertThat(matching(alerts, label)).containsExactlyInAnyOrderElementsOf(alerts);
            assertThat(alerts).filteredOn(a -> a.detectorId().equals("windows.lateral_exec"))
                    .allSatisfy(a -> assertThat(a.severity()).isEqualTo(Severity.HIGH));
        }
    }
}
