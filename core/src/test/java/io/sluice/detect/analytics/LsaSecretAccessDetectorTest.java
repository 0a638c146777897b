package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.t;
import static io.sluice.detect.analytics.WindowsRpc.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.ConnId;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.protocol.dcerpc.DceRpcCall;
import io.sluice.testing.Corpus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

class LsaSecretAccessDetectorTest {

    private static final LsaSecretAccessDetector DETECTOR = new LsaSecretAccessDetector(LsaSecretAccessDetector.Config.DEFAULTS);

    private static List<Alert> run(List<? extends Event> events) {
        return DetectorHarness.run(DETECTOR, events);
    }

    /** A call whose interface was named from its stub (the bind not captured). */
    private static DceRpcCall inferred(double s, String operation) {
        return new DceRpcCall(t(s), "Cbk" + (long) (s * 1000), new ConnId("172.16.66.1", 49700, "172.16.66.36", 445), 1_000_000L,
                null, "lsarpc", operation, true);
    }

    @Test
    void theDomainBackupKeyReadOverLsarpcIsHigh() {
        var alerts = run(List.of(inferred(0, "LsarRetrievePrivateData"), inferred(0.005, "LsarRetrievePrivateData"),
                inferred(0.061, "LsarRetrievePrivateData"), inferred(0.066, "LsarRetrievePrivateData")));
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.detectorId()).isEqualTo("windows.lsa_secret_access");
            assertThat(a.techniques()).containsExactly(Technique.of("T1003"));
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_TRAFFIC_CONTENT);
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.confidence()).isEqualTo(0.7);
            assertThat(a.srcHost()).isEqualTo("172.16.66.1");
            assertThat(a.dstHosts()).containsExactly("172.16.66.36");
            assertThat(a.explanation()).isEqualTo("172.16.66.1 read LSA secrets of 172.16.66.36 over lsarpc: 4 calls in 0 s "
                    + "(LsarRetrievePrivateData 4); the interface was named from the request, the bind was not captured");
            assertThat(a.evidence()).hasSize(4);
            assertThat(a.count()).isEqualTo(4);
        });
    }

    @Test
    void aSecretOpenedOnlyIsMediumAndQueriedIsHigh() {
        var alerts = run(List.of(call(0, "10.0.0.23", "10.0.0.10", 445, "lsarpc", "LsarOpenPolicy2"),
                call(1, "10.0.0.23", "10.0.0.10", 445, "lsarpc", "LsarOpenSecret")));
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.confidence()).isEqualTo(0.8);
            assertThat(a.explanation()).isEqualTo("10.0.0.23 opened LSA secrets of 10.0.0.10 over lsarpc: 1 call in 0 s "
                    + "(LsarOpenSecret 1)");
        });
        var queried = run(List.of(call(0, "10.0.0.23", "10.0.0.10", 445, "lsarpc", "LsarOpenSecret"),
                call(2, "10.0.0.23", "10.0.0.10", 445, "lsarpc", "LsarQuerySecret")));
        assertThat(queried).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.explanation()).isEqualTo("10.0.0.23 read LSA secrets of 10.0.0.10 over lsarpc: 2 calls in 2 s "
                    + "(LsarOpenSecret 1, LsarQuerySecret 1)");
        });
    }

    @Test
    void ordinaryLsarpcAndListedClientsAreQuiet() {
        var ordinary = List.<Event>of(call(0, "10.0.0.23", "10.0.0.10", 445, "lsarpc", "LsarOpenPolicy2"),
                call(1, "10.0.0.23", "10.0.0.10", 445, "lsarpc", "LsarLookupNames3"),
                call(2, "10.0.0.23", "10.0.0.10", 445, "lsarpc", "LsarLookupSids2"),
                call(3, "10.0.0.23", "10.0.0.10", 445, "lsarpc", "LsarQueryInformationPolicy2"),
                call(4, "10.0.0.23", "10.0.0.10", 445, "lsarpc", "LsarClose"),
                call(5, "10.0.0.23", "10.0.0.10", 445, "samr", "SamrConnect5"));
        assertThat(run(ordinary)).isEmpty();
        var listed = new LsaSecretAccessDetector(new LsaSecretAccessDetector.Config(3_600_000_000_000L, List.of("10.0.0.5")));
        assertThat(DetectorHarness.run(listed, List.of(call(0, "10.0.0.5", "10.0.0.10", 445, "lsarpc",
                "LsarRetrievePrivateData")))).isEmpty();
    }

    /**
     * The mimikatz lsadump::backupkeys capture and the post-Zerologon machine password reset (mimikatz
     * lsadump::postzerologon: LsarOpenSecret and LsarSetSecret of $MACHINE.ACC) alert; no other corpus
     * capture's DCE/RPC does.
     */
    @Test
    @Tag("corpus")
    @EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
    void onTheCorpusOnlyTheBackupKeyCaptureAlerts() throws Exception {
        var events = new ArrayList<Event>();
        var backup = new ArrayList<Event>();
        var reset = new ArrayList<Event>();
        for (Path p : Corpus.captures("pcap-protocols", "pcap-attacks")) {
            var calls = CraftedCapture.eventsOf(p).stream().filter(DceRpcCall.class::isInstance).toList();
            String name = p.getFileName().toString();
            (name.contains("BackupMasterKey_LSARPC") ? backup : name.contains("PostZeroLogon") ? reset : events).addAll(calls);
        }
        assertThat(events).hasSizeGreaterThan(100);
        assertThat(run(events)).isEmpty();
        assertThat(run(backup)).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.explanation()).startsWith("172.16.66.1 read LSA secrets of 172.16.66.36 over lsarpc: ");
        });
        assertThat(run(reset)).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.explanation()).isEqualTo("172.16.66.37 changed LSA secrets of 172.16.66.36 over lsarpc: 2 calls in 0 s "
                    + "(LsarOpenSecret 1, LsarSetSecret 1)");
        });
    }
}
