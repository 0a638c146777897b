package io.sluice.protocol.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.dhcp.ContentCapture;
import io.sluice.testing.Corpus;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The Windows executables the corpus's SMB captures carry, against what GNU objdump 2.40 reads from
 * the same files extracted with {@code --extract-files} ({@code objdump -p} for the time stamp,
 * machine, OS version, subsystem, DllCharacteristics and data directories; {@code objdump -h} for
 * the sections). No Zeek pe.log baseline exists for them.
 */
@Tag("corpus")
@EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
class PeCorpusTest {

    @Test
    void psexecsServiceBinaryCopiedToAdminShare() throws Exception {
        var cap = ContentCapture.run(Corpus.file("pcap-attacks/pcap-attack/Lateral_Movement/LM_psexec_smb_dcerpc_epm_svcctl.pcapng"),
                false);
        var files = cap.content.stream().filter(FileInfo.class::isInstance).map(FileInfo.class::cast)
                .filter(f -> "application/x-dosexec".equals(f.mimeType())).toList();
        assertThat(files).singleElement().satisfies(f -> assertThat(f.filename()).isEqualTo("PSEXESVC.exe"));
        assertThat(cap.content).filteredOn(PeInfo.class::isInstance).map(PeInfo.class::cast).singleElement().satisfies(pe -> {
            assertThat(pe.fuid()).isEqualTo(files.get(0).fuid());
            assertThat(pe.machine()).isEqualTo("I386");
            assertThat(pe.compileTsNanos()).isEqualTo(1_467_139_314_000_000_000L); // Tue Jun 28 18:41:54 2016
            assertThat(pe.os()).isEqualTo("Windows XP"); // 5.1
            assertThat(pe.subsystem()).isEqualTo("WINDOWS_CUI");
            assertThat(pe.is64bit()).isFalse(); // Characteristics 0x102
            assertThat(pe.usesAslr()).isTrue(); // DllCharacteristics 0x8140
            assertThat(pe.usesDep()).isTrue();
            assertThat(pe.usesSeh()).isTrue();
            assertThat(pe.usesCodeIntegrity()).isFalse();
            assertThat(pe.hasImportTable()).isTrue();
            assertThat(pe.hasExportTable()).isFalse();
            assertThat(pe.hasCertTable()).isTrue(); // a signed binary: security directory 0x3ea0 bytes
            assertThat(pe.hasDebugData()).isFalse();
            assertThat(pe.sectionNames()).containsExactly(".text", ".rdata", ".data", ".rsrc", ".reloc");
        });
    }

    @Test
    void mimikatzCopiedOverSmb2() throws Exception {
        var cap = ContentCapture.run(Corpus.file("pcap-protocols/suricata-verify/smb2-05/20171220_smb_mimikatz_copy_to_host.pcap"));
        // one file per open and direction: the first 4 KiB read, then the whole copy
        assertThat(cap.content).filteredOn(PeInfo.class::isInstance).map(PeInfo.class::cast).hasSize(2).allSatisfy(pe -> {
            assertThat(pe.machine()).isEqualTo("AMD64");
            assertThat(pe.compileTsNanos()).isEqualTo(1_502_638_084_000_000_000L); // Sun Aug 13 15:28:04 2017
            assertThat(pe.os()).isEqualTo("Windows XP x64 or Server 2003"); // 5.2
            assertThat(pe.is64bit()).isTrue(); // Characteristics 0x22
            assertThat(pe.hasImportTable()).isTrue();
            assertThat(pe.hasCertTable()).isFalse();
            assertThat(pe.sectionNames()).containsExactly(".text", ".rdata", ".data", ".pdata", ".rsrc", ".reloc");
        });
    }
}
