package io.sluice.protocol.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.asn1.PipelineLogs;
import io.sluice.testing.Corpus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * smtp.log from corpus captures through the real pipeline: Zeek's smtp.basic baseline field by
 * field (set fields compared as sets: Zeek's set order is its hash order; file ids by their number),
 * suricata-verify
 * smtp-rset-starttls.
 */
@Tag("corpus")
@EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
class SmtpCorpusTest {
    static final Set<String> SETS = Set.of("rcptto", "to", "cc");

    static final Map<String, String> EXPECTED = expected();

    private static Map<String, String> expected() {
        // none left: the message entities' files give smtp.log its fuids (compared by count)
        return new LinkedHashMap<String, String>();
    }

    @Test
    void basicMatchesZeekFieldByField() throws Exception {
        var dir = Corpus.file("pcap-protocols/zeek/smtp.basic");
        var run = PipelineLogs.run(dir.resolve("smtp.pcap"));
        // the trace authenticates with AUTH LOGIN: its base64 answers are not invalid commands
        assertThat(run.of(io.sluice.event.Weird.class)).extracting(io.sluice.event.Weird::name).doesNotContain("smtp_invalid_command");
        var ours = PipelineLogs.render(run.of(SmtpTransaction.class));
        var zeek = PipelineLogs.readZeek(dir.resolve("baseline/smtp.log"));
        var diffs = new ArrayList<String>();
        if (zeek.size() != ours.size()) diffs.add("rows: Zeek " + zeek.size() + ", Sluice " + ours.size());
        for (int i = 0; i < Math.min(zeek.size(), ours.size()); i++) {
            for (var e : zeek.get(i).entrySet()) {
                if (e.getKey().equals("ts") || e.getKey().equals("uid")) continue;
                String want = e.getValue(), have = ours.get(i).get(e.getKey());
                if (e.getKey().equals("fuids")) { // each tool's own random ids: how many, not which
                    want = Integer.toString(count(want));
                    have = Integer.toString(count(have));
                }
                if (SETS.contains(e.getKey()) && have != null) {
                    want = String.join(",", new TreeSet<>(List.of(want.split(","))));
                    have = String.join(",", new TreeSet<>(List.of(have.split(","))));
                }
                if (!want.equals(have)) diffs.add("row " + i + " " + e.getKey() + ": Zeek " + e.getValue() + ", Sluice " + ours.get(i).get(e.getKey()));
            }
        }
        assertThat(diffs).as("differences not listed in EXPECTED").isSubsetOf(EXPECTED.keySet());
        assertThat(EXPECTED.keySet()).as("EXPECTED differences that no longer occur").isSubsetOf(diffs);
    }

    private static int count(String zeekVector) {
        return zeekVector == null || zeekVector.equals("-") || zeekVector.equals("(empty)") ? 0 : zeekVector.split(",").length;
    }

    /**
     * suricata: one smtp event (event_type smtp, count 1) = one smtp.log row: the client never
     * waited for a greeting, sent EHLO, RSET and STARTTLS (in odd case), and the server accepted
     * STARTTLS with 220, which makes the transaction count as client activity with tls T, as in
     * Zeek's smtp_starttls.
     */
    @Test
    void rsetStarttls() throws Exception {
        var run = PipelineLogs.run(Corpus.file("pcap-protocols/suricata-verify/smtp-rset-starttls/input.pcap"), false);
        assertThat(run.of(SmtpTransaction.class)).singleElement().satisfies(r -> {
            assertThat(r.tls()).isTrue();
            assertThat(r.helo()).isEmpty();
            assertThat(r.lastReply()).isEqualTo("220 ");
        });
        assertThat(run.conns()).singleElement().satisfies(c -> assertThat(c.service()).isEqualTo("smtp"));
    }

    /** chrissanders mail_sender_client_1: one message, values checked against Wireshark's IMF dissection. */
    @Test
    void mailSenderClient() throws Exception {
        var run = PipelineLogs.run(Corpus.file("pcap-protocols/chrissanders-packets/mail_sender_client_1.pcapng"), false);
        assertThat(run.of(SmtpTransaction.class)).singleElement().satisfies(t -> {
            assertThat(t.helo()).isEqualTo("[172.16.16.225]");
            assertThat(t.mailfrom()).isEqualTo("sanders@skynet.local");
            assertThat(t.rcptto()).containsExactly("sanders@cyberdyne.local");
            assertThat(t.from()).isEqualTo("Chris Sanders <sanders@skynet.local>");
            assertThat(t.to()).containsExactly("Chris Sanders <sanders@cyberdyne.local>");
            assertThat(t.subject()).isEqualTo("Help!");
            assertThat(t.tls()).isFalse();
        });
    }
}
