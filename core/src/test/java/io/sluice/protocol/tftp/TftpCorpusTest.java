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
 * the server opened (3445 to 50618: 49 DATA blocks, 49 ACKs) through {@code uid_data}. The file
 * it carried is in files.log with the size and SHA-256 of the file Wireshark exports from the same
 * capture (tshark 4.0 {@code --export-objects tftp}: rfc1350.txt, 24,599 bytes, then sha256sum).
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
        var file = run.of(io.sluice.protocol.files.FileInfo.class);
        assertThat(file).singleElement().satisfies(f -> {
            assertThat(f.source()).isEqualTo("TFTP");
            assertThat(f.filename()).isEqualTo("rfc1350.txt");
            assertThat(f.uid()).isEqualTo(rows.get(0).uidData());
            assertThat(f.seenBytes()).isEqualTo(24_599);
            assertThat(f.sha256()).isEqualTo("39c9534e5fa6fecd3ac083ffd6256c2cc9a58f9f1058cb2e472d1782040231f9");
        });
        // the data flow (3445 -> 50618) was announced by the request: TFTP there is on its port
        assertThat(run.conns()).filteredOn(c -> c.uid().equals(rows.get(0).uidData())).singleElement().satisfies(c -> {
            assertThat(c.service()).isEqualTo("tftp");
            assertThat(c.serviceNonStandardPort()).isNull();
        });
    }

    /**
     * HSRP (tcpdump's HSRP_coup.pcap): advertisements 1985 -> 1985 begin 00 03 00 01, as TFTP's
     * DATA block 1 does, and a coup that follows on the same flow begins 00 01, as a read request.
     * Neither makes the flow TFTP: no tftp.log row, no file, no "tftp" service (which would have
     * put a non-standard-port record on every HSRP router).
     */
    @Test
    void hsrpIsNotTakenForTftp() throws Exception {
        var run = PipelineLogs.run(Corpus.file("pcap-protocols/tcpdump/HSRP_coup.pcap"), false);
        assertThat(run.conns()).isNotEmpty().allSatisfy(c -> assertThat(c.service()).isNull());
        assertThat(run.of(TftpTransfer.class)).isEmpty();
        assertThat(run.of(io.sluice.protocol.files.FileInfo.class)).isEmpty();
    }
}
