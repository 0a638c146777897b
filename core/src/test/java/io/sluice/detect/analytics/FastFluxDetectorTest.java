package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.dns;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.detect.DetectConfig;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.detect.TestEvents;
import io.sluice.event.Event;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FastFluxDetectorTest {
    private final FastFluxDetector detector = new FastFluxDetector(FastFluxDetector.config(DetectConfig.empty()));

    /** Lookups every 10 minutes, each answered by {@code perAnswer} fresh addresses spread over networks. */
    static List<Event> lookups(String name, int answers, int perAnswer, long ttl, int spreadOctet) {
        var events = new ArrayList<Event>();
        int host = 0;
        for (int i = 0; i < answers; i++) {
            var d = dns("10.0.0." + (20 + i % 3), name).at(i * 600.0);
            for (int k = 0; k < perAnswer; k++, host++) {
                d.answer((spreadOctet > 0 ? (11 + host * spreadOctet % 200) + "." + (host * 37 % 250) : "198.51")
                        + ".100." + (host % 250 + 1), ttl);
            }
            events.add(d.build());
        }
        return events;
    }

    @Test
    void rotatingAddressesAcrossManyNetworksWithShortTtlsAreAHighAlert() {
        var alerts = DetectorHarness.run(detector, lookups("login.flux-example.com", 4, 5, 120, 7));
        assertThat(alerts).isNotEmpty();
        var last = alerts.get(alerts.size() - 1);
        assertThat(last.severity()).isEqualTo(Severity.HIGH);
        assertThat(last.domain()).isEqualTo("login.flux-example.com");
        assertThat(last.explanation()).contains("20 addresses", "20 /16 networks", "4 answers", "TTLs at most 120 s");
        assertThat(last.techniques()).extracting(t -> t.id()).contains("T1568.001");
    }

    @Test
    void longTtlsOrOneNetworkOrNoChurnStayQuiet() {
        assertThat(DetectorHarness.run(detector, lookups("www.example.com", 4, 5, 3600, 7))).isEmpty();
        assertThat(DetectorHarness.run(detector, lookups("cdn.example.com", 4, 5, 60, 0))).isEmpty();
        assertThat(DetectorHarness.run(detector, lookups("big.example.com", 1, 20, 60, 7))).isEmpty();
    }

    @Test
    void networksAreTheLeadingOctetsOrGroups() {
        assertThat(FastFluxDetector.network("100.64.7.9", 3, 3)).isEqualTo("100.64.7");
        assertThat(FastFluxDetector.network("100.64.7.9", 2, 2)).isEqualTo("100.64");
        assertThat(FastFluxDetector.network("2001:db8:10:0::1", 3, 3)).isEqualTo("2001:db8:10");
    }

    @Test
    void theNtpPoolIsIgnoredByDefault() {
        assertThat(DetectorHarness.run(detector, lookups("2.pool.ntp.org", 6, 4, 130, 7))).isEmpty();
        assertThat(TestEvents.T0).isPositive();
    }
}
