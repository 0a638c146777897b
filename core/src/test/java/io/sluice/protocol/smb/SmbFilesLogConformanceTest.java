package io.sluice.protocol.smb;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.DissectionConfig;
import io.sluice.protocol.files.FileInfo;
import io.sluice.testing.Corpus;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * files.log of an SMB2 write against Zeek's btest baseline scripts.base.protocols.smb.smb2 (corpus
 * pcap-protocols/zeek/smb.smb2), field by field. The baseline was made with Zeek's bare scripts,
 * which hash nothing, so it is compared with hashing switched off; with all three hashes the
 * digests equal those of the file Wireshark exports from the same capture (tshark 4.0
 * {@code --export-objects smb}, then md5sum, sha1sum and sha256sum of WP_SMBPlugin.pdf).
 * Not compared: {@code ts} (masked in the baseline), {@code uid} and {@code fuid} (Zeek's own
 * random ids).
 */
@Tag("corpus")
@EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
class SmbFilesLogConformanceTest {

    private static final Path DIR = Corpus.file("pcap-protocols/zeek/smb.smb2");

    @Test
    void sha256IsTheDefaultHash() throws Exception {
        var files = PipelineEvents.run(DIR.resolve("smb2.pcap")).of(FileInfo.class);
        assertThat(files).singleElement().satisfies(f -> {
            assertThat(f.analyzers()).containsExactly("SHA256");
            assertThat(f.md5()).isNull();
            assertThat(f.sha256()).isEqualTo("bfd6c1e37163061efa56555df55911dcab8a5bbb332c47e4ebac3ac11e6f6c5c");
        });
    }

    @Test
    void matchesZeeksFilesLogWithoutHashes() throws Exception {
        var got = PipelineEvents.run(DIR.resolve("smb2.pcap"), DissectionConfig.defaults().withFileHashes(Set.of()))
                .of(FileInfo.class);
        var expected = SmbZeekConformanceTest.read(DIR.resolve("baseline/files.log"));
        assertThat(expected).hasSize(1);
        assertThat(got).hasSize(1);
        assertThat(row(got.get(0))).isEqualTo(compared(expected.get(0)));
    }

    @Test
    void hashesTheWrittenFileAsWiresharkExportsIt() throws Exception {
        var files = PipelineEvents.run(DIR.resolve("smb2.pcap"),
                DissectionConfig.defaults().withFileHashes(Set.copyOf(DissectionConfig.FILE_HASHES))).of(FileInfo.class);
        assertThat(files).hasSize(1);
        FileInfo f = files.get(0);
        assertThat(f.analyzers()).containsExactly("MD5", "SHA1", "SHA256");
        assertThat(f.md5()).isEqualTo("6963bec0dabec7af2996fcab1cd36507");
        assertThat(f.sha1()).isEqualTo("71f726bea9970470d4f4bd8adc904bd2d009c9b4");
        assertThat(f.sha256()).isEqualTo("bfd6c1e37163061efa56555df55911dcab8a5bbb332c47e4ebac3ac11e6f6c5c");
        assertThat(f.fuid()).matches("F[0-9A-Za-z]{10,18}");
    }

    /**
     * suricata-verify smb2-05: a client copies mimikatz.exe (804,352 bytes) from a C$ share with
     * seven 64 KiB reads in flight, answered out of order (two answers come after three later
     * ones). The whole file is seen, and its SHA-256 is that of the file tshark 4.0 exports
     * ({@code --export-objects smb}, then sha256sum); a 4,096-byte read of its head through an
     * earlier open is a file of its own, as in tshark's export.
     */
    @Test
    void readsAnsweredOutOfOrderGiveTheWholeFile() throws Exception {
        var files = PipelineEvents.run(Corpus.file("pcap-protocols/suricata-verify/smb2-05/20171220_smb_mimikatz_copy_to_host.pcap"))
                .of(FileInfo.class);
        assertThat(files).extracting(FileInfo::filename, FileInfo::isOrig, FileInfo::seenBytes, FileInfo::missingBytes,
                FileInfo::sha256).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("temp\\mimikatz.exe", false, 4_096L, 0L,
                        "81ae6047547583c18a8e1e7104596e4ea8efebdf2ff37d44eebc1e4790941f19"),
                org.assertj.core.groups.Tuple.tuple("temp\\mimikatz.exe", false, 804_352L, 0L,
                        "fb55414848281f804858ce188c3dc659d129e283bd62d58d34f6e6f568feab37"));
    }

    /** Our row in the baseline's TSV notation, without the fields not compared. */
    private static Map<String, String> row(FileInfo f) {
        var m = new java.util.LinkedHashMap<String, String>();
        m.put("id.orig_h", f.id().origH());
        m.put("id.orig_p", Integer.toString(f.id().origP()));
        m.put("id.resp_h", f.id().respH());
        m.put("id.resp_p", Integer.toString(f.id().respP()));
        m.put("source", f.source());
        m.put("depth", Long.toString(f.depth()));
        m.put("analyzers", f.analyzers().isEmpty() ? "(empty)" : String.join(",", f.analyzers()));
        m.put("mime_type", dash(f.mimeType()));
        m.put("filename", dash(f.filename()));
        m.put("duration", String.format(Locale.ROOT, "%.6f", f.durationNanos() / 1e9));
        m.put("local_orig", f.localOrig() ? "T" : "F");
        m.put("is_orig", f.isOrig() ? "T" : "F");
        m.put("seen_bytes", Long.toString(f.seenBytes()));
        m.put("total_bytes", f.totalBytes() == null ? "-" : Long.toString(f.totalBytes()));
        m.put("missing_bytes", Long.toString(f.missingBytes()));
        m.put("overflow_bytes", Long.toString(f.overflowBytes()));
        m.put("timedout", f.timedout() ? "T" : "F");
        m.put("parent_fuid", "-");
        m.put("md5", dash(f.md5()));
        m.put("sha1", dash(f.sha1()));
        m.put("sha256", dash(f.sha256()));
        m.put("extracted", "-");
        m.put("extracted_cutoff", "-");
        m.put("extracted_size", "-");
        return m;
    }

    private static Map<String, String> compared(Map<String, String> zeek) {
        var m = new java.util.LinkedHashMap<>(zeek);
        for (String k : List.of("ts", "uid", "fuid")) m.remove(k);
        return m;
    }

    private static String dash(String s) {
        return s == null ? "-" : s;
    }
}
