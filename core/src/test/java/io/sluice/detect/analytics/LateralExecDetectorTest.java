package io.sluice.detect.analytics;

import static io.sluice.detect.analytics.WindowsRpc.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.detect.TestEvents;
import io.sluice.event.ConnId;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.protocol.dcerpc.DceRpcCall;
import io.sluice.protocol.smb.PipelineEvents;
import io.sluice.testing.Corpus;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

class LateralExecDetectorTest {

    private static final String LM = "pcap-attacks/pcap-attack/Lateral_Movement/";
    private static final LateralExecDetector DETECTOR = new LateralExecDetector(LateralExecDetector.Config.defaults());

    private static List<Alert> capture(String rel) throws Exception {
        return DetectorHarness.run(DETECTOR,
                DetectorHarness.inObservedOrder(PipelineEvents.run(Corpus.file(rel)).emitted()));
    }

    @Test
    @Tag("corpus")
    @EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
    void psexecCreatesAndStartsAService() throws Exception {
        assertThat(capture(LM + "LM_psexec_smb_dcerpc_epm_svcctl.pcapng")).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.srcHost()).isEqualTo("172.16.66.1");
            assertThat(a.dstHosts()).containsExactly("172.16.66.36");
            assertThat(a.techniques()).contains(Technique.of("T1021.002"));
            assertThat(a.explanation()).contains("svcctl CreateServiceWOW64W").contains("svcctl StartServiceW");
        });
    }

    @Test
    @Tag("corpus")
    @EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
    void smbexecCreatesAndStartsServices() throws Exception {
        assertThat(capture(LM + "LM_smbexec_smb_dcerpc_svcctl_epm.pcapng")).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.explanation()).contains("svcctl CreateServiceA x2").contains("svcctl StartServiceA x2");
        });
    }

    @Test
    @Tag("corpus")
    @EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
    void mmc20ActivationIsDcomLateralMovement() throws Exception {
        assertThat(capture(LM + "LM_dcom_mmc20.application_dcerpc.pcapng")).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.techniques()).containsExactly(Technique.of("T1021.003"));
            assertThat(a.components()).containsExactlyInAnyOrder(Ds0029Component.NETWORK_TRAFFIC_CONTENT,
                    Ds0029Component.NETWORK_CONNECTION_CREATION);
            assertThat(a.srcHost()).isEqualTo("172.16.66.1");
            assertThat(a.explanation()).contains("activated MMC20.Application")
                    .contains("IRemoteSCMActivator RemoteGetClassObject MMC20.Application");
        });
    }

    @Test
    void activatingAClassThatRunsNothingIsQuiet() {
        var wmiLogin = new DceRpcCall(TestEvents.t(0), "Cdcom", new ConnId("10.0.0.66", 49700, "10.0.0.5", 135), 1000L,
                "135", "IRemoteSCMActivator", "RemoteCreateInstance", false, "8bc3f05e-d86b-11d0-a075-00c04fb68820",
                "WbemLevel1Login");
        var unknown = new DceRpcCall(TestEvents.t(1), "Cdcom2", new ConnId("10.0.0.66", 49701, "10.0.0.5", 135), 1000L,
                "135", "ISystemActivator", "RemoteCreateInstance", false, "00000000-1111-2222-3333-444444444444", null);
        assertThat(DetectorHarness.run(DETECTOR, List.of(wmiLogin, unknown))).isEmpty();
    }

    @Test
    @Tag("corpus")
    @EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
    void wmiProcessCallCreateIsWmiOverDcom() throws Exception {
        assertThat(capture(LM + "LM_WMI_ProcessCallCreate.pcapng")).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.techniques()).contains(Technique.of("T1047"), Technique.of("T1021.003"));
            assertThat(a.explanation()).contains("executed a WMI method").contains("IWbemServices ExecMethod");
        });
    }

    @Test
    @Tag("corpus")
    @EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
    void psexecBeforeATicketDumpFires() throws Exception {
        assertThat(capture("pcap-attacks/suricata-verify/dcerpc__dcerpc-dce-iface-01/"
                + "20171220_smb_psexec_mimikatz_ticket_dump-s2.pcap")).singleElement().satisfies(a -> {
                    assertThat(a.severity()).isEqualTo(Severity.HIGH);
                    assertThat(a.srcHost()).isEqualTo("192.168.10.31");
                    assertThat(a.explanation()).contains("svcctl CreateServiceWOW64W");
                });
    }

    @Test
    void scheduledTaskRegistrationIsHigh() {
        var alerts = DetectorHarness.run(DETECTOR, List.<Event>of(
                call(0, "10.0.0.5", "10.0.0.9", 49700, "ITaskSchedulerService", "SchRpcRegisterTask"),
                call(1, "10.0.0.5", "10.0.0.9", 49700, "ITaskSchedulerService", "SchRpcRun")));
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.count()).isEqualTo(2);
        });
    }

    @Test
    void aLoneServiceStartIsMediumAndQueriesAreQuiet() {
        var alerts = DetectorHarness.run(DETECTOR, List.<Event>of(
                call(0, "10.0.0.5", "10.0.0.9", 445, "svcctl", "OpenSCManagerW"),
                call(1, "10.0.0.5", "10.0.0.9", 445, "svcctl", "QueryServiceStatus"),
                call(2, "10.0.0.5", "10.0.0.9", 445, "svcctl", "StartServiceW"),
                call(3, "10.0.0.6", "10.0.0.9", 49670, "IWbemServices", "ExecQuery")));
        assertThat(alerts).singleElement().satisfies(a -> assertThat(a.severity()).isEqualTo(Severity.MEDIUM));
    }

    @Test
    void ignoredClientsAreQuiet() {
        var d = new LateralExecDetector(new LateralExecDetector.Config(List.of("10.0.0.5")));
        assertThat(DetectorHarness.run(d, List.<Event>of(
                call(0, "10.0.0.5", "10.0.0.9", 445, "svcctl", "CreateServiceW")))).isEmpty();
    }

    /** dce_rpc.log's named pipe is a wire string (its bytes): the explanation reads it as text. */
    @Test
    void aNonAsciiNamedPipeIsNamedAsText() {
        var id = new ConnId("10.0.0.66", 49700, "10.0.0.5", 445);
        String pipe = io.sluice.event.WireText.ofText("\\PIPE\\svcctl-\u00e9");
        var alerts = DetectorHarness.run(DETECTOR, List.<Event>of(
                new DceRpcCall(TestEvents.t(0), "Csvc", id, 1000L, pipe, "svcctl", "CreateServiceW"),
                new DceRpcCall(TestEvents.t(1), "Csvc", id, 1000L, pipe, "svcctl", "StartServiceW")));
        assertThat(alerts).isNotEmpty().allSatisfy(a -> assertThat(a.explanation())
                .contains("(named pipe \\PIPE\\svcctl-\u00e9)"));
    }
}
