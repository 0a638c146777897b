package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.ConnId;
import io.sluice.event.Event;
import io.sluice.protocol.smb.PipelineEvents;
import io.sluice.protocol.smb.SmbFileAction;
import io.sluice.testing.Corpus;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

class LateralToolTransferDetectorTest {

    private static final LateralToolTransferDetector DETECTOR =
            new LateralToolTransferDetector(LateralToolTransferDetector.Config.defaults());

    private static SmbFileAction file(double s, String action, String path, String name) {
        return new SmbFileAction(t(s), "Cf1", new ConnId("10.0.0.5", 50000, "10.0.0.9", 445), null, action, path,
                name, 1000, null, null, null, null, null);
    }

    private static List<Alert> capture(String rel) throws Exception {
        return DetectorHarness.run(DETECTOR,
                DetectorHarness.inObservedOrder(PipelineEvents.run(Corpus.file(rel)).emitted()));
    }

    @Test
    @Tag("corpus")
    @EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
    void psexecDropsItsServiceOnAdminShare() throws Exception {
        var alerts = capture("pcap-attacks/pcap-attack/Lateral_Movement/LM_psexec_smb_dcerpc_epm_svcctl.pcapng");
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.techniques()).contains(Technique.of("T1570"));
            assertThat(a.srcHost()).isEqualTo("172.16.66.1");
            assertThat(a.dstHosts()).containsExactly("172.16.66.36");
            assertThat(a.explanation()).contains("PSEXESVC.exe").contains("ADMIN$");
            assertThat(a.explanation()).as("written: to the share").contains("copied PSEXESVC.exe to 172.16.66.36's")
                    .containsPattern("SHA-256 [0-9a-f]{64}");
        });
    }

    @Test
    @Tag("corpus")
    @EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
    void mimikatzCopiedFromACShare() throws Exception {
        var alerts = capture("pcap-protocols/suricata-verify/smb2-05/20171220_smb_mimikatz_copy_to_host.pcap");
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.srcHost()).isEqualTo("192.168.10.31");
            assertThat(a.explanation()).contains("mimikatz.exe").contains("C$").contains("804,352 bytes");
            // the capture reads the tool from the share: the open is named as such, not as a write
            // files.log says which way the bytes went: from the share, the whole file, and its hash
            assertThat(a.explanation()).isEqualTo("192.168.10.31 copied temp\\mimikatz.exe from 192.168.10.30's"
                    + " administrative share C$ (804,352 bytes, an unsigned AMD64 Windows console program compiled"
                    + " 2017-08-13, SHA-256 fb55414848281f804858ce188c3dc659d129e283bd62d58d34f6e6f568feab37)");
        });
    }

    @Test
    @Tag("corpus")
    @EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
    void smbexecOutputFileIsNotATool() throws Exception {
        assertThat(capture("pcap-attacks/pcap-attack/Lateral_Movement/LM_smbexec_smb_dcerpc_svcctl_epm.pcapng"))
                .isEmpty();
    }

    /** The file's bytes name the direction; a file of that name with no admin-share open before it is nothing. */
    @Test
    void theFilesBytesSayWhichWayTheToolWent() {
        var written = new io.sluice.protocol.files.FileInfo(t(2), "Fx1", "Cf1", new ConnId("10.0.0.5", 50000, "10.0.0.9", 445),
                "SMB", 0, List.of("SHA256"), "application/x-dosexec", "Windows\\Temp\\tool.exe", 1_000_000L, true, true,
                1000, null, 0, 0, false, null, null, "ab".repeat(32));
        var alerts = DetectorHarness.run(DETECTOR, List.<Event>of(
                file(0, "SMB::FILE_OPEN", "\\\\10.0.0.9\\c$", "Windows\\Temp\\tool.exe"), written));
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.explanation()).isEqualTo("10.0.0.5 copied Windows\\Temp\\tool.exe to 10.0.0.9's administrative"
                    + " share C$ (1,000 bytes, SHA-256 " + "ab".repeat(32) + ")");
            assertThat(a.count()).isEqualTo(2);
        });
        assertThat(DetectorHarness.run(DETECTOR, List.<Event>of(written))).as("no admin-share open seen").isEmpty();
    }

    @Test
    void driveSharesCountOrdinarySharesAndDocumentsDoNot() {
        var alerts = DetectorHarness.run(DETECTOR, List.<Event>of(
                file(0, "SMB::FILE_OPEN", "\\\\10.0.0.9\\c$", "Windows\\Temp\\tool.ps1"),
                file(1, "SMB::FILE_OPEN", "\\\\10.0.0.9\\public", "setup.exe"),
                file(2, "SMB::FILE_OPEN", "\\\\10.0.0.9\\ADMIN$", "report.docx"),
                file(3, "SMB::FILE_DELETE", "\\\\10.0.0.9\\ADMIN$", "old.exe"),
                file(4, "SMB::FILE_OPEN", "\\\\10.0.0.9\\IPC$", "svcctl")));
        assertThat(alerts).singleElement().satisfies(a -> assertThat(a.explanation()).contains("tool.ps1")
                .contains("C$"));
    }

    /** The service manager opening the tool again after the copy must not replace the incident's account of it. */
    @Test
    void aLaterOpenOfTheCopiedToolKeepsTheCopyInTheExplanation() {
        var copied = new io.sluice.protocol.files.FileInfo(t(2), "Fsvc", "Cf1", new ConnId("10.0.0.5", 50000, "10.0.0.9", 445),
                "SMB", 0, List.of("SHA256"), "application/x-dosexec", "svc.exe", 0, true, true, 1000, null, 0, 0, false,
                null, null, "%064d".formatted(1));
        var alerts = DetectorHarness.run(DETECTOR, List.of(file(1, "SMB::FILE_OPEN", "\\\\fs\\ADMIN$", "svc.exe"), copied,
                file(20, "SMB::FILE_OPEN", "\\\\fs\\ADMIN$", "svc.exe")));
        assertThat(alerts).singleElement().satisfies(a -> assertThat(a.explanation())
                .startsWith("10.0.0.5 copied svc.exe to 10.0.0.9's administrative share ADMIN$ (1,000 bytes"));
    }

    /**
     * smb_files.log's names and files.log's filename are wire strings (UTF-8 bytes, one char each):
     * the open and the file's bytes of a tool with a non-ASCII name are one incident, its
     * explanation names the tool as text, and an SMB1 OEM byte that is not UTF-8 still finds it.
     */
    @Test
    void nonAsciiToolNamesAreReadAsTextForTheExplanation() {
        String name = io.sluice.event.WireText.ofText("Outils\\caf\u00e9.exe");
        var copied = new io.sluice.protocol.files.FileInfo(t(2), "Fc1", "Cf1", new ConnId("10.0.0.5", 50000, "10.0.0.9", 445),
                "SMB", 0, List.of("SHA256"), "application/x-dosexec", name, 1000, true, true, 1000, null, 0, 0, false,
                null, null, "%064d".formatted(2));
        var alerts = DetectorHarness.run(DETECTOR, List.<Event>of(file(0, "SMB::FILE_OPEN", "\\\\10.0.0.9\\ADMIN$", name),
                copied));
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.count()).isEqualTo(2);
            assertThat(a.explanation()).startsWith("10.0.0.5 copied Outils\\caf\u00e9.exe to 10.0.0.9's");
        });
        String oem = "r\u00e9sum\u00e9.EXE"; // two OEM bytes E9, not UTF-8
        assertThat(DetectorHarness.run(DETECTOR, List.<Event>of(file(0, "SMB::FILE_OPEN", "\\\\10.0.0.9\\C$", oem))))
                .singleElement().satisfies(a -> assertThat(a.explanation())
                        .contains("opened r\ufffdsum\ufffd.EXE on 10.0.0.9's administrative share C$"));
        // a configured extension with a non-ASCII letter is compared with the name as text
        var custom = new LateralToolTransferDetector(new LateralToolTransferDetector.Config(List.of("b\u00e4t"), List.of()));
        assertThat(DetectorHarness.run(custom, List.<Event>of(file(0, "SMB::FILE_OPEN", "\\\\10.0.0.9\\C$",
                io.sluice.event.WireText.ofText("run.B\u00c4T"))))).hasSize(1);
    }
}
