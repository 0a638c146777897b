package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.conn;
import static io.sluice.detect.TestEvents.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.EngineOptions;
import io.sluice.detect.Severity;
import io.sluice.detect.baseline.BaselineConfig;
import io.sluice.detect.baseline.BaselineLearner;
import io.sluice.detect.baseline.BaselineStateFile;
import io.sluice.detect.baseline.HostBaselines;
import io.sluice.event.ConnId;
import io.sluice.event.Event;
import io.sluice.protocol.dcerpc.DceRpcCall;
import io.sluice.protocol.smb.PipelineEvents;
import io.sluice.protocol.smb.SmbMapping;
import io.sluice.testing.Corpus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

class NewRemoteServiceDetectorTest {

    private static final long HOUR = 3_600_000_000_000L;
    private static final String FILE_SERVER = "10.0.0.10";

    private static List<Alert> run(HostBaselines b, List<? extends Event> events) {
        return DetectorHarness.run(List.of(new BaselineLearner(b),
                new NewRemoteServiceDetector(NewRemoteServiceDetector.Config.DEFAULTS, b)), events,
                EngineOptions.defaults());
    }

    private static HostBaselines learning(long nanos) {
        return new HostBaselines(BaselineConfig.defaults().withLearningNanos(nanos));
    }

    /** An hour of an office: six workstations use the file server; an admin host RDPs to one of them. */
    private static List<Event> officeHour() {
        var events = new ArrayList<Event>();
        for (int i = 20; i < 26; i++) {
            events.addAll(conn("10.0.0." + i, FILE_SERVER, 445).service("smb").at(i).both());
            events.addAll(conn("10.0.0." + i, "93.184.216.34", 443).at(100 + i).both());
        }
        events.addAll(conn("10.0.0.20", "10.0.0.21", 3389).service("rdp").at(1800).both());
        return events;
    }

    @Test
    void newRdpBetweenWorkstationsAfterLearning() {
        var events = officeHour();
        events.addAll(conn("10.0.0.22", "10.0.0.23", 3389).service("rdp").at(4000).both());
        var alerts = run(learning(HOUR), events);
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.detectorId()).isEqualTo("remote.new_service");
            assertThat(a.techniques()).containsExactly(Technique.of("T1021.001"), Technique.of("T1021"));
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.srcHost()).isEqualTo("10.0.0.22");
            assertThat(a.dstHosts()).containsExactly("10.0.0.23");
            assertThat(a.count()).as("creation and flow, one incident").isEqualTo(2);
            assertThat(a.explanation()).as("the flow's explanation, the latest")
                    .startsWith("10.0.0.22 used RDP on 10.0.0.23 for the first time (service rdp on tcp/3389) since"
                            + " 10.0.0.23's baseline began 1 h ago")
                    .endsWith("from a workstation to a workstation");
        });
    }

    @Test
    void anOutsideClientReachingRdpInsideIsAnExternalRemoteServiceFromFlows() {
        var events = officeHour();
        events.add(conn("45.77.10.20", "10.0.0.21", 3389).service("rdp").local(false, true).at(4000)
                .source("netflow").flow());
        assertThat(run(learning(HOUR), events)).singleElement().satisfies(a -> {
            assertThat(a.techniques()).containsExactly(Technique.of("T1021.001"), Technique.of("T1021"),
                    Technique.of("T1133"));
            assertThat(a.components()).containsExactly(io.sluice.event.Ds0029Component.NETWORK_TRAFFIC_FLOW);
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.srcHost()).isEqualTo("45.77.10.20");
            assertThat(a.explanation()).endsWith("from an external host to a workstation");
        });
        // an inside client of the same service is not T1133
        var inside = officeHour();
        inside.add(conn("10.0.0.24", "10.0.0.21", 3389).service("rdp").at(4000).source("netflow").flow());
        assertThat(run(learning(HOUR), inside)).singleElement()
                .satisfies(a -> assertThat(a.techniques()).doesNotContain(Technique.of("T1133")));
    }

    @Test
    void newClientOfAServerIsLow() {
        var events = officeHour();
        events.addAll(conn("10.0.0.30", FILE_SERVER, 445).service("smb").at(4000).both());
        assertThat(run(learning(HOUR), events)).singleElement().satisfies(a -> {
            assertThat(a.techniques()).containsExactly(Technique.of("T1021.002"), Technique.of("T1021"));
            assertThat(a.severity()).isEqualTo(Severity.LOW);
            assertThat(a.explanation()).contains("to a server");
        });
    }

    @Test
    void quietOnUsesSeenWhileLearningAndOnFailures() {
        var events = officeHour();
        events.addAll(conn("10.0.0.20", "10.0.0.21", 3389).service("rdp").at(5000).both()); // seen while learning
        events.addAll(conn("10.0.0.24", FILE_SERVER, 445).service("smb").at(5001).both()); // seen while learning
        events.addAll(conn("10.0.0.22", "10.0.0.25", 22).state("REJ").at(5002).both()); // refused
        events.addAll(conn("10.0.0.22", "10.0.0.25", 8080).at(5003).both()); // not a remote service
        assertThat(run(learning(HOUR), events)).isEmpty();
    }

    @Test
    void wmiDcomAdminSharesAndServiceControlAreStrong() {
        var events = officeHour();
        var id = new ConnId("10.0.0.22", 50000, "10.0.0.23", 49670);
        events.add(new DceRpcCall(t(4000), "Cwmi", id, 1000L, "49670", "IWbemServices", "ExecMethod"));
        events.add(new SmbMapping(t(4001), "Csmb", new ConnId("10.0.0.22", 50001, "10.0.0.24", 445),
                "\\\\10.0.0.24\\ADMIN$", null, null, "DISK", "3.11"));
        events.add(new SmbMapping(t(4002), "Cipc", new ConnId("10.0.0.22", 50001, "10.0.0.24", 445),
                "\\\\10.0.0.24\\IPC$", null, null, "PIPE", "3.11"));
        events.add(new DceRpcCall(t(4003), "Csvc", new ConnId("10.0.0.22", 50002, "10.0.0.25", 49680), 1000L,
                "49680", "svcctl", "CreateServiceW"));
        var alerts = run(learning(HOUR), events);
        assertThat(alerts).hasSize(3);
        assertThat(alerts.get(0).techniques()).containsExactly(Technique.of("T1021.003"), Technique.of("T1021"),
                Technique.of("T1047"));
        assertThat(alerts.get(0).explanation()).contains("DCOM").contains("IWbemServices::ExecMethod");
        // Unusual SMB content between two workstations: T1187's Network Traffic Content guidance.
        assertThat(alerts.get(1).techniques()).contains(Technique.of("T1021.002"), Technique.of("T1187"));
        assertThat(alerts.get(1).components()).containsExactly(io.sluice.event.Ds0029Component.NETWORK_TRAFFIC_CONTENT);
        assertThat(alerts.get(1).explanation()).contains("administrative share \\\\10.0.0.24\\ADMIN$");
        assertThat(alerts.get(2).explanation()).contains("svcctl::CreateServiceW");
        assertThat(alerts).allSatisfy(a -> assertThat(a.severity()).isEqualTo(Severity.MEDIUM));
    }

    @Test
    void eachRemoteServiceByPort() {
        var events = officeHour();
        int[] ports = {22, 5900, 5985, 23};
        for (int i = 0; i < ports.length; i++) {
            events.add(conn("10.0.0.22", "10.0.0.2" + (3 + i % 3), ports[i]).at(4000 + i).creation());
        }
        assertThat(run(learning(HOUR), events)).extracting(a -> a.techniques().get(0)).containsExactly(
                Technique.of("T1021.004"), Technique.of("T1021.005"), Technique.of("T1021.006"), Technique.of("T1021"));
    }

    @Test
    void nothingWhileTheDestinationIsLearning() {
        var events = new ArrayList<Event>(conn("10.0.0.22", "10.0.0.23", 3389).at(0).both());
        events.addAll(conn("10.0.0.24", "10.0.0.23", 3389).at(3599).both());
        assertThat(run(learning(HOUR), events)).isEmpty();
    }

    // ---- corpus: pcap-attack lateral movement captures through the real pipeline ----

    private static final String LM = "pcap-attacks/pcap-attack/Lateral_Movement/";

    private static List<Event> capture(String rel) throws Exception {
        return DetectorHarness.inObservedOrder(PipelineEvents.run(Corpus.file(rel)).emitted());
    }

    /** No history: every first use counts as new (learning period 0, as on a first run with --state). */
    private static List<Alert> firstRun(String rel) throws Exception {
        return run(learning(0), capture(rel));
    }

    @Test
    @Tag("corpus")
    @EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
    void sharpRdpIsNewRdpForTheTarget() throws Exception {
        var alerts = firstRun(LM + "LM_rdp_sharprdp.pcapng");
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.srcHost()).isEqualTo("192.168.56.1");
            assertThat(a.dstHosts()).containsExactly("192.168.56.101");
            assertThat(a.techniques()).contains(Technique.of("T1021.001"));
        });
    }

    @Test
    @Tag("corpus")
    @EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
    void psexecIsNewSmbAdminShareAndServiceControl() throws Exception {
        var alerts = firstRun(LM + "LM_psexec_smb_dcerpc_epm_svcctl.pcapng");
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.srcHost()).isEqualTo("172.16.66.1");
            assertThat(a.dstHosts()).containsExactly("172.16.66.36");
            assertThat(a.techniques()).contains(Technique.of("T1021.002"));
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.count()).isGreaterThanOrEqualTo(3); // connection, ADMIN$, svcctl calls
        });
    }

    @Test
    @Tag("corpus")
    @EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
    void wmiCaptureIsNewDcomAndWmi() throws Exception {
        var wmi = firstRun(LM + "LM_WMI_ProcessCallCreate.pcapng");
        assertThat(wmi).anySatisfy(a -> {
            assertThat(a.techniques()).contains(Technique.of("T1021.003"), Technique.of("T1047"));
            assertThat(a.srcHost()).isEqualTo("172.16.66.1");
            assertThat(a.dstHosts()).containsExactly("172.16.66.36");
        });
        // Activation on the endpoint mapper's port, then WMI on the dynamic port it handed out: one incident.
        assertThat(wmi).anySatisfy(a -> assertThat(a.dstPorts()).containsExactly(135, 49670));
        // LM_dcom_mmc20.application_dcerpc.pcapng is not used: it starts after the DCE/RPC binds, so
        // no interface (and no DCOM activation) can be seen in it; only RPC on a dynamic port.
    }

    @Test
    @Tag("corpus")
    @EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
    void spoolSampleCoercedSmbBackToTheAttacker() throws Exception {
        var alerts = firstRun("pcap-attacks/pcap-attack/CredAccess/CA_LM_SpoolSample_SMB_BiAuth.pcapng");
        assertThat(alerts).anySatisfy(a -> {
            assertThat(a.srcHost()).isEqualTo("172.16.66.36");
            assertThat(a.dstHosts()).containsExactly("172.16.66.37");
            assertThat(a.techniques()).contains(Technique.of("T1021.002"), Technique.of("T1187"));
        });
    }

    /** Zeek's and suricata-verify's SSH, VNC and telnet traces on a first run: each session's first use. */
    @Test
    @Tag("corpus")
    @EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
    void sshVncAndTelnetSessionsOnAFirstRun() throws Exception {
        assertThat(firstRun("pcap-protocols/zeek/ssh.basic/ssh.pcap"))
                .anySatisfy(a -> assertThat(a.techniques()).contains(Technique.of("T1021.004")));
        assertThat(firstRun("pcap-protocols/suricata-verify/rfb-rules/00-vnc-openwall-3.7.pcap"))
                .anySatisfy(a -> assertThat(a.techniques()).contains(Technique.of("T1021.005")));
        assertThat(firstRun("pcap-protocols/suricata-verify/telnet/telnet-01/telnet.pcap"))
                .anySatisfy(a -> assertThat(a.explanation()).contains("used telnet on"));
    }

    /** The same capture again with the baseline the first run saved: all of it is history now. */
    @Test
    @Tag("corpus")
    @EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
    void secondRunWithTheSavedStateIsQuiet(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("baseline.state");
        var config = BaselineConfig.defaults().withLearningNanos(0);
        for (String rel : List.of(LM + "LM_rdp_sharprdp.pcapng", LM + "LM_psexec_smb_dcerpc_epm_svcctl.pcapng",
                LM + "LM_WMI_ProcessCallCreate.pcapng")) {
            var events = capture(rel);
            var first = BaselineStateFile.load(state, config);
            assertThat(run(first.baselines(), events)).as(rel).isNotEmpty();
            BaselineStateFile.save(first.baselines(), state);
            var second = BaselineStateFile.load(state, config);
            assertThat(second.problem()).isNull();
            assertThat(run(second.baselines(), events)).as(rel + " again").isEmpty();
        }
    }

    /** smb_mapping.log's path is a wire string (its bytes): the explanation reads it as text. */
    @Test
    void aNonAsciiAdministrativeShareIsNamedAsText() {
        var events = officeHour();
        events.add(new SmbMapping(t(4001), "Csmb", new ConnId("10.0.0.22", 50001, "10.0.0.24", 445),
                io.sluice.event.WireText.ofText("\\\\h\u00f4te\\D$"), null, null, "DISK", "3.11"));
        assertThat(run(learning(HOUR), events)).singleElement().satisfies(a -> assertThat(a.explanation())
                .contains("administrative share \\\\h\u00f4te\\D$"));
    }
}
