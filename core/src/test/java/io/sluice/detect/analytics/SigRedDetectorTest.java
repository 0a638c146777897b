package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.conn;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.detect.TestEvents;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.protocol.dns.DnsTransaction;
import io.sluice.testing.Corpus;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

class SigRedDetectorTest {

    private static final SigRedDetector DETECTOR = new SigRedDetector(SigRedDetector.Config.DEFAULTS);

    private static List<Alert> run(List<Event> events) {
        return DetectorHarness.run(DETECTOR, events);
    }

    @Test
    @Tag("corpus")
    @EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
    void theSigRedExploitCaptureIsApplicationExploitation() {
        // maxspl0it's CVE-2020-1350 DoS: SIG query, truncated over UDP, 65,528 bytes back over TCP.
        var events = CraftedCapture.eventsOf(
                Corpus.file("pcap-attacks/pcap-attack/Lateral_Movement/Exploit_DoS_cve-2020-1350_dns_sig_maxspl0it.pcapng"));
        assertThat(run(events)).singleElement().satisfies(a -> {
            assertThat(a.detectorId()).isEqualTo("dns.sigred");
            assertThat(a.techniques()).containsExactly(Technique.of("T1499.004"));
            assertThat(a.components()).containsExactlyInAnyOrder(Ds0029Component.NETWORK_TRAFFIC_CONTENT,
                    Ds0029Component.NETWORK_TRAFFIC_FLOW);
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.srcHost()).isEqualTo("8.8.8.8");
            assertThat(a.dstHosts()).containsExactly("192.168.1.183");
            assertThat(a.explanation()).startsWith(
                    "8.8.8.8 answered 192.168.1.183's SIG query for 9.ibrokethe.net over TCP with 65,528 bytes");
        });
    }

    /** A DNS transaction over TCP of the given query type number, on the connection {@code uid}. */
    private static DnsTransaction query(String uid, int qtype, String qtypeName) {
        var d = TestEvents.dns("10.0.0.53", "x.example").tcp().server("203.0.113.53").uid(uid).build();
        return new DnsTransaction(d.tsNanos(), d.uid(), d.id(), d.proto(), d.transId(), d.rttNanos(), d.query(), d.qclass(),
                d.qclassName(), qtype, qtypeName, d.rcode(), d.rcodeName(), d.aa(), d.tc(), d.rd(), d.ra(), d.z(), d.answers(),
                d.ttls(), d.rejected(), d.opcode(), d.opcodeName(), d.originalQuery(), d.nameService(), d.netbiosSuffix(),
                d.netbiosNameType(), d.netbiosAnswers());
    }

    private static Event connection(String uid, long respBytes) {
        return conn("10.0.0.53", "203.0.113.53", 53).uid(uid).bytes(46, respBytes).flow();
    }

    @Test
    void theAnswerSizeDecides() {
        assertThat(run(List.of(query("C1", 24, "SIG"), connection("C1", 59_999)))).isEmpty();
        assertThat(run(List.of(query("C1", 24, "SIG"), connection("C1", 60_000)))).hasSize(1);
        assertThat(run(List.of(query("C1", 46, "RRSIG"), connection("C1", 65_000)))).hasSize(1);
    }

    @Test
    void otherLargeTcpAnswersAndOtherConnectionsAreQuiet() {
        // a zone transfer's large answer, and a SIG query whose big neighbour is another connection
        assertThat(run(List.of(query("C1", 252, "AXFR"), connection("C1", 500_000)))).isEmpty();
        assertThat(run(List.of(query("C1", 24, "SIG"), connection("C1", 400), connection("C2", 65_000)))).isEmpty();
    }
}
