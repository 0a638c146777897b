package io.sluice.protocol.smb;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.event.FlowRecord;
import io.sluice.testing.Corpus;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The suricata-verify SMB tests (corpus pcap-protocols/suricata-verify, commit 10a45e4), for the
 * fields Sluice logs. Mapping from EVE to our logs:
 * <ul>
 *   <li>{@code smb.share} (TREE_CONNECT) and {@code smb.named_pipe} → smb_mapping {@code path}
 *       (share_type PIPE for the named pipe);
 *   <li>{@code smb.filename}, {@code smb.size}, {@code smb.created/accessed/modified/changed}
 *       (CREATE) → smb_files {@code name}, {@code size}, {@code times.*} (EVE has whole seconds);
 *   <li>{@code fileinfo.filename}, {@code fileinfo.size} → the smb_files FILE_OPEN row's name and size;
 *   <li>{@code flow.app_proto: smb} → conn.log {@code service} contains smb.
 * </ul>
 * {@code smb.dialect} → smb_mapping's appended {@code dialect} where the negotiate was captured (smb3-01;
 * smb2-05 starts after it, Suricata's "2.10" there comes from later messages' structure, Sluice leaves it unset).
 * Not compared, because Sluice (like Zeek by default) writes no per-command SMB log: the counts of
 * {@code event_type: smb} per command and status (smb2-01, smb1-01, smb2-05's FIND),
 * {@code smb.tree_id}, {@code smb.session_id}, {@code smb.fuid}, {@code smb.disposition},
 * {@code smb.access} and Suricata's file-extraction states ({@code fileinfo.state}, {@code gaps}).
 * Zeek's rule of logging an open once per name, path, size and times means the three identical
 * CREATEs of mimikatz.exe in smb2-05 are one smb_files row (EVE: three CREATE events).
 */
@Tag("corpus")
@EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
class SmbSuricataConformanceTest {

    private static final long S = 1_000_000_000L;

    @Test
    void smb2_05() throws Exception {
        var got = PipelineEvents.run(Corpus.file(
                "pcap-protocols/suricata-verify/smb2-05/20171220_smb_mimikatz_copy_to_host.pcap"));
        assertThat(got.of(SmbMapping.class)).extracting(SmbMapping::path).containsExactly("\\\\admin-pc\\c$");
        var opens = got.of(SmbFileAction.class).stream().filter(f -> f.name().equals("temp\\mimikatz.exe")).toList();
        assertThat(opens).singleElement().satisfies(f -> {
            assertThat(f.action()).isEqualTo("SMB::FILE_OPEN");
            assertThat(f.path()).isEqualTo("\\\\admin-pc\\c$");
            assertThat(f.size()).isEqualTo(804352);
            assertThat(f.createdNanos() / S).isEqualTo(1512585399);
            assertThat(f.accessedNanos() / S).isEqualTo(1512585399);
            assertThat(f.modifiedNanos() / S).isEqualTo(1512171135);
            assertThat(f.changedNanos() / S).isEqualTo(1512585399);
        });
        assertService(got);
    }

    @Test
    void smb3_01() throws Exception {
        var got = PipelineEvents.run(Corpus.file("pcap-protocols/suricata-verify/smb3-01/input.pcap"));
        assertThat(got.of(SmbMapping.class)).extracting(SmbMapping::path, SmbMapping::shareType, SmbMapping::dialect)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("\\\\WS2016\\encrypted", "DISK", "3.00"),
                        org.assertj.core.groups.Tuple.tuple("\\\\10.160.65.202\\IPC$", "PIPE", "3.00"));
        assertService(got);
    }

    @Test
    void smb1_01() throws Exception {
        var got = PipelineEvents.run(Corpus.file("pcap-protocols/suricata-verify/smb1-01/smb1.pcap"));
        assertThat(got.of(SmbFileAction.class)).filteredOn(f -> f.name().equals("Test\\2009-12 Payroll.xlsx"))
                .singleElement().satisfies(f -> {
                    assertThat(f.action()).isEqualTo("SMB::FILE_OPEN");
                    assertThat(f.size()).isEqualTo(25940);
                });
        assertService(got);
    }

    @Test
    void smb2_01() throws Exception {
        var got = PipelineEvents.run(Corpus.file("pcap-protocols/suricata-verify/smb2-01/smb2-peter.pcap"));
        assertService(got);
        assertThat(got.of(SmbMapping.class)).extracting(SmbMapping::path).containsExactly("\\\\10.3.1.1\\public");
    }

    private static void assertService(PipelineEvents.Result got) {
        assertThat(got.conns()).filteredOn(c -> c.service() != null && c.service().contains("smb")).hasSize(1);
    }
}
