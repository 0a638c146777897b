package io.sluice.protocol.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.asn1.PipelineLogs;
import io.sluice.testing.Corpus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * ftp.log from corpus captures through the real pipeline: Zeek's ftp.ftp-ipv4 baseline field by
 * field (file ids by presence: each tool draws its own), suricata-verify ftp-quit and
 * ftp/ftp-download-passive.
 */
@Tag("corpus")
@EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
class FtpCorpusTest {

    /** "row field" -> why Sluice differs from Zeek. */
    static final Map<String, String> EXPECTED = expected();

    private static Map<String, String> expected() {
        // none left: the data connections' files give the RETR rows their mime_type and fuid
        return new LinkedHashMap<String, String>();
    }

    @Test
    void ftpIpv4MatchesZeekFieldByField() throws Exception {
        var dir = Corpus.file("pcap-protocols/zeek/ftp.ftp-ipv4");
        var run = PipelineLogs.run(dir.resolve("ipv4.pcap"));
        var ours = PipelineLogs.render(run.of(FtpCommand.class));
        var zeek = PipelineLogs.readZeek(dir.resolve("baseline/ftp.log"));
        var diffs = new ArrayList<String>();
        if (zeek.size() != ours.size()) diffs.add("rows: Zeek " + zeek.size() + ", Sluice " + ours.size());
        for (int i = 0; i < Math.min(zeek.size(), ours.size()); i++) {
            for (var e : zeek.get(i).entrySet()) {
                if (e.getKey().equals("ts") || e.getKey().equals("uid")) continue;
                String have = ours.get(i).get(e.getKey());
                if (e.getKey().equals("fuid")) {
                    if (e.getValue().equals("-") != (have == null || have.equals("-"))) {
                        diffs.add("row " + i + " fuid: Zeek " + e.getValue() + ", Sluice " + have);
                    }
                    continue;
                }
                if (!e.getValue().equals(have)) diffs.add("row " + i + " " + e.getKey() + ": Zeek " + e.getValue() + ", Sluice " + have);
            }
        }
        assertThat(diffs).as("differences not listed in EXPECTED").isSubsetOf(EXPECTED.keySet());
        assertThat(EXPECTED.keySet()).as("EXPECTED differences that no longer occur").isSubsetOf(diffs);
    }

    /** suricata: one flow with app_proto ftp = our conn record's service "ftp". */
    @Test
    void ftpQuit() throws Exception {
        var run = PipelineLogs.run(Corpus.file("pcap-protocols/suricata-verify/ftp-quit/input.pcap"), false);
        assertThat(run.conns()).filteredOn(c -> "ftp".equals(c.service())).hasSize(1);
        assertThat(run.of(FtpCommand.class)).isEmpty(); // QUIT is not among Zeek's logged commands
    }

    /**
     * suricata: an ftp event with command USER from 172.23.0.3 = our rows' user field on that
     * connection (Zeek logs the user on every row, not USER as a row); ftp_data RETR of index.html
     * = our RETR row whose arg names index.html. The ftp-data connection itself is not linked yet
     * (see FtpDissector).
     */
    @Test
    void ftpDownloadPassive() throws Exception {
        var run = PipelineLogs.run(Corpus.file("pcap-protocols/suricata-verify/ftp__ftp-download-passive/input.pcap"), false);
        var rows = run.of(FtpCommand.class);
        assertThat(rows).isNotEmpty().allSatisfy(r -> {
            assertThat(r.id().origH()).isEqualTo("172.23.0.3");
            assertThat(r.id().respH()).isEqualTo("172.23.0.2");
            assertThat(r.user()).isNotNull();
        });
        assertThat(rows).filteredOn(r -> r.command().equals("RETR")).singleElement()
                .satisfies(r -> assertThat(r.arg()).endsWith("/index.html"));
        assertThat(rows).filteredOn(r -> r.command().equals("PASV") || r.command().equals("EPSV"))
                .allSatisfy(r -> assertThat(r.dataPassive()).isTrue());
    }
}
