package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.dns;
import static io.sluice.detect.TestEvents.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.ConnId;
import io.sluice.event.Event;
import io.sluice.event.Weird;
import io.sluice.protocol.dns.DnsTransaction;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataManipulationDetectorTest {

    private static List<Alert> run(List<? extends Event> events) {
        return DetectorHarness.run(new DataManipulationDetector(DataManipulationDetector.Config.DEFAULTS), events);
    }

    /** A response row of one UDP DNS connection (same uid and client port), as DnsTransactions emits duplicates. */
    private static DnsTransaction response(double at, String address) {
        return dns("10.0.0.8", "portal.bank.example").at(at).clientPort(53001).uid("Cdns1").answer(address, 300).build();
    }

    private static Weird rexmit(double at) {
        return new Weird(t(at), "Ctcp1", new ConnId("10.0.0.8", 50000, "93.184.216.34", 80), "rexmit_inconsistency",
                "resp seq 1401 len 1460", false, "sluice", "TCP");
    }

    @Test
    void twoAnswersToOneQueryWithDifferentAddressesAreTransmittedDataManipulation() {
        var alerts = run(List.of(response(0, "198.51.100.66"), response(0.004, "93.184.216.34")));
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.techniques()).containsExactly(Technique.of("T1565.002"), Technique.of("T1565"));
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.domain()).isEqualTo("portal.bank.example");
            assertThat(a.explanation()).isEqualTo("10.0.0.8 got two answers to DNS query "
                    + response(0, "x").transId() + " for portal.bank.example from " + response(0, "x").id().respH()
                    + ", 0.00 s apart, with different addresses: 198.51.100.66, then 93.184.216.34; one of them was"
                    + " injected on the path");
        });
    }

    @Test
    void tcpBytesRetransmittedDifferentlyAreManipulationAndHighWhenRepeated() {
        assertThat(run(List.of(rexmit(0)))).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.explanation()).isEqualTo("TCP data of connection Ctcp1 (10.0.0.8 → 93.184.216.34:80) was "
                    + "retransmitted with different bytes 1 time (resp seq 1401 len 1460): the content was rewritten or"
                    + " injected between the endpoints");
        });
        assertThat(run(List.of(rexmit(0), rexmit(1), rexmit(2)))).singleElement()
                .satisfies(a -> assertThat(a.severity()).isEqualTo(Severity.HIGH));
    }

    /** Repeated identical answers, other ids or names, answers a window apart, other weirds: quiet. */
    @Test
    void identicalRepeatsOtherQueriesAndOtherWeirdsAreQuiet() {
        assertThat(run(List.of(response(0, "93.184.216.34"), response(1, "93.184.216.34")))).isEmpty();
        assertThat(run(List.of(response(0, "198.51.100.66"), response(61, "93.184.216.34")))).isEmpty();
        var other = dns("10.0.0.8", "www.bank.example").at(0.1).clientPort(53001).uid("Cdns1").answer("93.184.216.35", 300)
                .build();
        assertThat(run(List.of(response(0, "93.184.216.34"), other))).isEmpty();
        assertThat(run(List.of(new Weird(t(0), "Ctcp1", new ConnId("10.0.0.8", 50000, "93.184.216.34", 80),
                "HTTP_bad_chunk_size", null, false, "sluice", "HTTP")))).isEmpty();
    }
}
