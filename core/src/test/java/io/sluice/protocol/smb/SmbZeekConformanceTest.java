package io.sluice.protocol.smb;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.DissectionConfig;
import io.sluice.testing.Corpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * smb_mapping.log and smb_files.log against Zeek's btest baseline scripts.base.protocols.smb.smb2
 * (corpus pcap-protocols/zeek/smb.smb2, Zeek commit a13de64), row by row in log order and field by
 * field. Not compared: {@code ts} and {@code uid} (masked in the baseline). Times are compared to
 * ±3 µs: Zeek converts FILETIMEs through a double ({@code ticks / 1e7 - 11644473600}), which at
 * 1.3e9 s keeps about 2 µs; Sluice converts exactly (the baseline's 1323202695.427034 is
 * 1323202695.4270355 exactly). Every other field matches.
 */
@Tag("corpus")
@EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
class SmbZeekConformanceTest {

    private static final Path DIR = Corpus.file("pcap-protocols/zeek/smb.smb2");

    /** SMB connections are followed whole by default (DissectionConfig.DEFAULT_PROTOCOL_DEPTHS), as in Zeek. */
    @Test
    void matchesZeekWithDefaultDepth() throws Exception {
        var got = PipelineEvents.run(DIR.resolve("smb2.pcap"));
        assertThat(compare(got)).isEmpty();
    }

    /**
     * Capped at Suricata's general 1 MiB stream depth, the third FILE_OPEN is lost: it comes after
     * the 1.2 MB write of WP_SMBPlugin.pdf. This is why SMB has no depth by default.
     */
    @Test
    void aOneMebibyteDepthLosesTheOpenAfterTheBigWrite() throws Exception {
        var got = PipelineEvents.run(DIR.resolve("smb2.pcap"),
                DissectionConfig.defaults().withProtocolDepth("smb", 1L << 20));
        assertThat(compare(got)).containsExactly("smb_files#2: missing in Sluice");
    }

    private static List<String> compare(PipelineEvents.Result got) throws Exception {
        List<String> diffs = new ArrayList<>();
        var mappings = got.of(SmbMapping.class);
        var expectedMappings = read(DIR.resolve("baseline/smb_mapping.log"));
        assertThat(expectedMappings).hasSize(2);
        for (int i = 0; i < expectedMappings.size(); i++) {
            if (i >= mappings.size()) {
                diffs.add("smb_mapping#" + i + ": missing in Sluice");
                continue;
            }
            var e = expectedMappings.get(i);
            var m = mappings.get(i);
            field(diffs, "smb_mapping#" + i, "id.orig_h", e, m.id().origH());
            field(diffs, "smb_mapping#" + i, "id.orig_p", e, Integer.toString(m.id().origP()));
            field(diffs, "smb_mapping#" + i, "id.resp_h", e, m.id().respH());
            field(diffs, "smb_mapping#" + i, "id.resp_p", e, Integer.toString(m.id().respP()));
            field(diffs, "smb_mapping#" + i, "path", e, m.path());
            field(diffs, "smb_mapping#" + i, "service", e, m.service());
            field(diffs, "smb_mapping#" + i, "native_file_system", e, m.nativeFileSystem());
            field(diffs, "smb_mapping#" + i, "share_type", e, m.shareType());
        }
        if (mappings.size() > expectedMappings.size()) diffs.add("smb_mapping: extra rows in Sluice");

        var files = got.of(SmbFileAction.class);
        var expectedFiles = read(DIR.resolve("baseline/smb_files.log"));
        assertThat(expectedFiles).hasSize(3);
        for (int i = 0; i < expectedFiles.size(); i++) {
            if (i >= files.size()) {
                diffs.add("smb_files#" + i + ": missing in Sluice");
                continue;
            }
            var e = expectedFiles.get(i);
            var f = files.get(i);
            String k = "smb_files#" + i;
            field(diffs, k, "id.orig_h", e, f.id().origH());
            field(diffs, k, "id.resp_p", e, Integer.toString(f.id().respP()));
            field(diffs, k, "fuid", e, f.fuid());
            field(diffs, k, "action", e, f.action());
            field(diffs, k, "path", e, f.path());
            field(diffs, k, "name", e, f.name());
            field(diffs, k, "size", e, Long.toString(f.size()));
            field(diffs, k, "prev_name", e, f.prevName());
            time(diffs, k, "times.modified", e, f.modifiedNanos());
            time(diffs, k, "times.accessed", e, f.accessedNanos());
            time(diffs, k, "times.created", e, f.createdNanos());
            time(diffs, k, "times.changed", e, f.changedNanos());
        }
        if (files.size() > expectedFiles.size()) diffs.add("smb_files: extra rows in Sluice");
        return diffs;
    }

    private static void field(List<String> diffs, String row, String name, Map<String, String> e, String ours) {
        String want = e.get(name);
        String have = ours == null ? "-" : ours;
        if (!want.equals(have)) diffs.add(row + " " + name + ": Zeek " + want + ", Sluice " + have);
    }

    private static void time(List<String> diffs, String row, String name, Map<String, String> e, Long nanos) {
        String want = e.get(name);
        if (want.equals("-") && nanos == null) return;
        if (want.equals("-") || nanos == null
                || Math.abs(Math.round(Double.parseDouble(want) * 1e6) - nanos / 1000) > 3) {
            diffs.add(row + " " + name + ": Zeek " + want + ", Sluice "
                    + (nanos == null ? "-" : String.format(Locale.ROOT, "%.6f", nanos / 1e9)));
        }
    }

    /** A Zeek TSV log: rows of field to value, with Zeek's backslash escaping undone. */
    static List<Map<String, String>> read(Path log) throws Exception {
        List<String> fields = null;
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            if (line.startsWith("#fields\t")) fields = List.of(line.substring(8).split("\t"));
            if (line.startsWith("#") || line.isBlank()) continue;
            String[] v = line.split("\t", -1);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < fields.size(); i++) row.put(fields.get(i), v[i].replace("\\\\", "\\"));
            rows.add(row);
        }
        return rows;
    }
}
