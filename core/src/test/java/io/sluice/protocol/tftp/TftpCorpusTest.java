package io.sluice.protocol.tftp;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.asn1.PipelineLogs;
import io.sluice.testing.Corpus;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * tftp.log from suricata-verify output-eve-tftp-01 through the real pipeline. Suricata: one tftp
 * event (the read request; {@code tftp.packet: read} on the alert) = our one row with wrq F and
 * fname rfc1350.txt, mode octet (checked with tshark), joined as spicy-tftp does with the data flow
 * the server opened (3445 to 50618: 49 DATA blocks, 49 ACKs) through {@code uid_data}.
 */
@Tag("corpus")
@EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
class TftpCorpusTest {

    @Test
    void readRequestAndItsDataFlow() throws Exception {
        var run = PipelineLogs.run(Corpus.file("pcap-protocols/suricata-verify/output-eve-tftp-01/input.pcap"), false);
        var rows = run.of(TftpTransfer.class);
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.wrq()).isFalse();
            assertThat(r.fname()).isEqualTo("rfc1350.txt");
            assertThat(r.mode()).isEqualTo("octet");
            assertThat(r.id().respP()).isEqualTo(69);
            assertThat(r.uidData()).isNotNull().isNotEqualTo(r.uid());
            assertThat(r.blockSent()).isEqualTo(49);
            assertThat(r.blockAcked()).isEqualTo(49);
            assertThat(r.size()).isGreaterThan(48 * 512);
        });
    }
}
