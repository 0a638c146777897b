package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.dns;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.detect.DetectConfig;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.Event;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DnsTunnelDetectorTest {
    private final DnsTunnelDetector detector = new DnsTunnelDetector(DnsTunnelDetector.config(DetectConfig.empty()));

    /** iodine/dnscat2-style upstream: hex-encoded chunks in 48-character labels under one domain. */
    static List<Event> encodedQueries(String client, String domain, int n, String qtype) {
        var r = new SplittableRandom(7);
        var events = new ArrayList<Event>();
        for (int i = 0; i < n; i++) {
            byte[] chunk = new byte[24];
            r.nextBytes(chunk);
            events.add(dns(client, HexFormat.of().formatHex(chunk) + "." + domain).qtype(qtype).at(i * 0.5)
                    .answer("10.1.2.3", 0).build());
        }
        return events;
    }

    @Test
    void encodedNamesUnderOneDomainAreAHighAlert() {
        var alerts = DetectorHarness.run(detector, encodedQueries("10.0.0.5", "t.tunnel.example.net", 40, "A"));
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.srcHost()).isEqualTo("10.0.0.5");
            assertThat(a.domain()).isEqualTo("example.net");
            assertThat(a.explanation()).contains("40 distinct names", "names look encoded");
            assertThat(a.techniques()).extracting(t -> t.id()).contains("T1071.004", "T1572", "T1048.003");
        });
    }

    @Test
    void oneNameFewerThanTheThresholdStaysQuiet() {
        assertThat(DetectorHarness.run(detector, encodedQueries("10.0.0.5", "t.tunnel.example.net", 29, "A"))).isEmpty();
    }

    @Test
    void txtRecordsCarryingDataAreAHighAlert() {
        var events = new ArrayList<Event>();
        for (int i = 1; i <= 10; i++) {
            events.add(dns("10.0.0.6", "l." + i + ".ns.example.org").qtype("TXT").at(i)
                    .answer("TXT 120 " + "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=".repeat(3), 0).build());
        }
        var alerts = DetectorHarness.run(detector, events);
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.explanation()).contains("100% of queries TXT/NULL/CNAME", "answers carry data");
        });
        // nine names are not enough
        assertThat(DetectorHarness.run(detector, events.subList(0, 9))).isEmpty();
    }

    @Test
    void ordinaryLookupsStayQuiet() {
        var events = new ArrayList<Event>();
        String[] subs = {"www", "mail", "drive", "docs", "apis", "fonts", "maps", "play", "news", "accounts", "calendar",
            "photos", "translate", "meet", "chat", "scholar", "books", "ssl", "clients1", "clients2", "lh3", "id",
            "android", "update", "safebrowsing", "storage", "play-lh", "encrypted-tbn0", "ogs", "apis-eu", "adservice",
            "pagead2", "tpc", "www-eu"};
        int i = 0;
        for (String s : subs) events.add(dns("10.0.0.7", s + ".google.com").at(i++).answer("142.250.1.1", 300).build());
        // SPF/DKIM/DMARC lookups of a mail server: TXT, but few names per domain
        for (String s : List.of("_dmarc", "_spf", "selector1._domainkey", "selector2._domainkey")) {
            events.add(dns("10.0.0.25", s + ".example.com").qtype("TXT").at(i++).answer("TXT 40 v=spf1 ~all", 300).build());
        }
        assertThat(DetectorHarness.run(detector, events)).isEmpty();
    }

    @Test
    void ignoredDomainsAndReverseLookupsAreNotCounted() {
        var config = DnsTunnelDetector.config(DetectConfig.empty().with("detectors.dns.tunnel.ignore_domains", "example.net"));
        assertThat(DetectorHarness.run(new DnsTunnelDetector(config),
                encodedQueries("10.0.0.5", "t.tunnel.example.net", 40, "A"))).isEmpty();
        var reverse = new ArrayList<Event>();
        for (int i = 0; i < 300; i++) reverse.add(dns("10.0.0.5", i + ".2.0.192.in-addr.arpa").qtype("PTR").at(i).build());
        assertThat(DetectorHarness.run(detector, reverse)).isEmpty();
    }
}
