package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.conn;
import static io.sluice.detect.TestEvents.dns;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.detect.TestEvents;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.protocol.dns.DnsTransaction;
import java.util.List;
import org.junit.jupiter.api.Test;

class FluxConnectionDetectorTest {

    private static List<Alert> run(List<? extends Event> events) {
        return DetectorHarness.run(new FluxConnectionDetector(FluxConnectionDetector.Config.DEFAULTS), events);
    }

    /** An answer with {@code n} addresses, each in its own /16, TTL {@code ttl}. */
    private static DnsTransaction flux(String name, int n, long ttl) {
        TestEvents.Dns d = dns("10.0.0.8", name).at(0);
        for (int i = 0; i < n; i++) d.answer((60 + i * 7) + "." + (10 + i * 13) + ".4." + (20 + i), ttl);
        return d.build();
    }

    @Test
    void aConnectionToAnAddressOfAFastFluxAnswerFiresAtConnectionCreation() {
        var answer = flux("login-secure-update.example", 9, 180);
        var c = conn("10.0.0.8", "67.23.4.21", 443).at(3).state("SF").creation();
        assertThat(run(List.of(answer, c))).singleElement().satisfies(a -> {
            assertThat(a.techniques()).containsExactly(Technique.of("T1568.001"), Technique.of("T1568"));
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_CONNECTION_CREATION);
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.explanation()).isEqualTo("10.0.0.8 connected to 67.23.4.21:443 (tcp) 3.0 s after "
                    + "login-secure-update.example resolved to 9 addresses in 9 networks, TTL at most 180 s: a fast-flux answer");
        });
        var fewer = flux("login-secure-update.example", 5, 180);
        assertThat(run(List.of(fewer, c))).singleElement().satisfies(a -> assertThat(a.severity()).isEqualTo(Severity.MEDIUM));
    }

    /** A CDN answer (few networks), long TTLs, unrelated addresses, stale answers and ignored pools stay quiet. */
    @Test
    void cdnAnswersLongTtlsAndOtherAddressesAreQuiet() {
        var cdn = dns("10.0.0.8", "www.example.com").at(0);
        for (int i = 0; i < 8; i++) cdn.answer("151.101.1." + (10 + i), 60);
        var c = conn("10.0.0.8", "151.101.1.12", 443).at(1).state("SF").creation();
        assertThat(run(List.of(cdn.build(), c))).isEmpty();
        assertThat(run(List.of(flux("a.example", 9, 3_600), conn("10.0.0.8", "67.23.4.21", 443).at(1).state("SF").creation())))
                .isEmpty();
        assertThat(run(List.of(flux("a.example", 9, 60), conn("10.0.0.8", "8.8.8.8", 443).at(1).state("SF").creation())))
                .isEmpty();
        assertThat(run(List.of(flux("a.example", 9, 60), conn("10.0.0.8", "67.23.4.21", 443).at(601).state("SF").creation())))
                .isEmpty();
        assertThat(run(List.of(flux("2.pool.ntp.org", 9, 60), conn("10.0.0.8", "67.23.4.21", 123).udp().pkts(1, 1).at(1)
                .creation()))).isEmpty();
        assertThat(run(List.of(flux("a.example", 9, 60), conn("10.0.0.8", "67.23.4.21", 443).at(1).state("S0").creation())))
                .isEmpty();
    }
}
