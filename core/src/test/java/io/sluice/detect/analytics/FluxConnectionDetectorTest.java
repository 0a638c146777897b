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

    /**
     * A cloud load balancer's answers, as an antivirus agent's capture in the corpus (fingerprints/ja4/ssh2) holds
     * them: 8 AWS addresses in 8 /16s behind an elb.amazonaws.com CNAME, and 8 in 6 /16s of two /8s.
     */
    /**
     * A provider's pool answering with its own addresses and no CNAME, as app.slack.com does in the
     * corpus (fingerprints/ja4/latest.pcapng): 15 AWS addresses in 15 /16s, but only 4 /8s, TTL 60 s.
     * Flux agents scatter over the address space; one provider fills a few /8s many times over.
     */
    @Test
    void aProviderPoolWithoutACnameIsQuiet() {
        var slack = dns("10.0.0.8", "app.slack.com").at(0);
        for (String a : List.of("34.205.195.66", "34.225.62.185", "34.231.24.224", "52.73.140.59", "54.92.199.186",
                "54.147.59.169", "54.163.235.119", "54.225.153.205", "3.95.117.96", "3.210.88.6", "34.193.255.5",
                "34.196.46.202", "34.202.253.6", "34.203.97.10", "34.204.109.226")) slack.answer(a, 60);
        var c = conn("10.0.0.8", "34.205.195.66", 443).at(1).state("SF").creation();
        assertThat(run(List.of(slack.build(), c))).isEmpty();
        var scatterRequired = new FluxConnectionDetector(new FluxConnectionDetector.Config(600_000_000_000L, 5, 4, 300, 8, 3,
                0.0, List.of(), FluxConnectionDetector.Config.DEFAULTS.cdnNames()));
        assertThat(DetectorHarness.run(scatterRequired, List.of(slack.build(), c))).as("the scatter rule, not another, quiets it")
                .singleElement().satisfies(a -> assertThat(a.severity()).isEqualTo(Severity.HIGH));
    }

    @Test
    void cloudLoadBalancerAnswersAreQuiet() {
        var elb = dns("10.0.0.8", "mcs2-cloudstation-eu-west-1.prod.hydra.example.com").at(0)
                .answer("mcs-1216884911.eu-west-1.elb.amazonaws.com", 280);
        for (String a : List.of("34.248.242.11", "34.250.15.225", "34.253.103.224", "52.48.67.50", "52.49.221.74",
                "52.215.117.129", "54.155.60.219", "18.202.106.154")) elb.answer(a, 40);
        assertThat(run(List.of(elb.build(), conn("10.0.0.8", "34.248.242.11", 443).at(1).state("SF").creation()))).isEmpty();
        var twoBlocks = dns("10.0.0.8", "4.avcloud.example.net").at(0);
        for (String a : List.of("52.86.25.233", "52.86.221.19", "50.16.152.16", "52.23.30.202", "52.54.13.197", "52.54.37.7",
                "52.55.147.137", "52.71.64.237")) twoBlocks.answer(a, 60);
        assertThat(run(List.of(twoBlocks.build(), conn("10.0.0.8", "52.86.25.233", 443).at(1).state("SF").creation())))
                .isEmpty();
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
