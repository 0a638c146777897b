package io.sluice.detect.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.detect.TestEvents;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import io.sluice.protocol.http.HttpTransaction;
import io.sluice.protocol.quic.QuicConnection;
import io.sluice.protocol.tls.TlsHandshake;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DomainBeaconDetectorTest {
    private static final DomainBeaconDetector DETECTOR = new DomainBeaconDetector(DomainBeaconDetector.Config.defaults());

    enum Naming { HTTP, TLS, QUIC, DNS }

    /**
     * A day of beats every {@code period} s ± 10% from 10.0.0.5 to {@code name}, whose address
     * rotates over {@code addresses}; each beat named by its Host header, its SNI, or only by DNS.
     * Content events come before their flow record (packet order) unless {@code flowsFirst}.
     */
    static List<Event> beacon(String name, String[] addresses, double period, Naming naming, boolean flowsFirst, long seed) {
        var random = new SplittableRandom(seed);
        var out = new ArrayList<Event>();
        int beat = 0;
        for (double at = 0; at < 24 * 3600; at += period * (1 + 0.1 * (2 * random.nextDouble() - 1))) {
            String ip = addresses[beat++ % addresses.length];
            if (naming == Naming.DNS && beat % 30 == 1) {
                out.add(TestEvents.dns("10.0.0.5", name).answer(ip, 300).at(at - 0.05).build());
            }
            var conn = TestEvents.conn("10.0.0.5", ip, naming == Naming.HTTP ? 80 : 443).at(at).duration(0.3)
                    .bytes(420, 60);
            if (naming == Naming.HTTP) conn.service("http");
            if (naming == Naming.TLS) conn.service("ssl");
            if (naming == Naming.QUIC) conn.udp().service("quic,ssl");
            FlowRecord flow = conn.flow();
            Event content = switch (naming) {
                case HTTP -> http(flow, name);
                case TLS -> tls(flow, name);
                case QUIC -> new QuicConnection(flow.tsNanos() + 1_000_000, flow.uid(), flow.id(), "1", "a1b2", "c3d4",
                        "e5f6", name, "h3", "ISishIH", null, null);
                case DNS -> null;
            };
            if (content != null && !flowsFirst) out.add(content);
            out.add(flow);
            if (content != null && flowsFirst) out.add(content);
        }
        return out;
    }

    static HttpTransaction http(FlowRecord f, String host) {
        return new HttpTransaction(f.tsNanos() + 1_000_000, f.uid(), f.id(), 1, "GET", host, "/api/v2/status", null, "1.1",
                "Mozilla/5.0", null, 0, 48, 200L, "OK", null, null, null, null, null, null, null);
    }

    static TlsHandshake tls(FlowRecord f, String sni) {
        return new TlsHandshake(f.tsNanos() + 1_000_000, f.uid(), f.id(), "TLSv13", "TLS_AES_128_GCM_SHA256", "x25519", sni,
                false, null, "h2", true, "CsiI", List.of(), List.of(), null, null, null, null, null, null, null, null, null);
    }

    private static List<String> ids(Alert a) {
        return a.techniques().stream().map(Technique::id).toList();
    }

    @Test
    void anHttpBeaconIsNamedByItsHostHeader() {
        var alerts = DetectorHarness.run(DETECTOR, beacon("telemetry.example.net", new String[] {"203.0.113.7"}, 60,
                Naming.HTTP, false, 1));
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.detectorId()).isEqualTo("beacon.domain");
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.domain()).isEqualTo("telemetry.example.net");
            assertThat(ids(a)).containsExactly("T1071", "T1071.001", "T1102");
            assertThat(a.explanation()).startsWith("10.0.0.5 → telemetry.example.net: ").contains("every 60 s");
        });
    }

    @Test
    void aTlsBeaconBehindRotatingAddressesIsOneSeriesBySni() {
        String[] cdn = {"203.0.113.10", "203.0.113.11", "198.51.100.12", "192.0.2.13"};
        var events = beacon("updates.example.org", cdn, 90, Naming.TLS, false, 2);
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement().satisfies(a -> {
            assertThat(a.domain()).isEqualTo("updates.example.org");
            assertThat(ids(a)).contains("T1071", "T1071.001", "T1573");
        });
        // Per address, every fourth beat only: the address detector skips TLS anyway.
        assertThat(DetectorHarness.run(new BeaconDetector(BeaconDetector.Config.defaults()), events)).isEmpty();
    }

    @Test
    void aQuicBeaconIsNamedByItsSniToo() {
        var events = beacon("push.example.net", new String[] {"203.0.113.20"}, 45, Naming.QUIC, false, 8);
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement().satisfies(a -> {
            assertThat(a.domain()).isEqualTo("push.example.net");
            assertThat(ids(a)).contains("T1071.001", "T1573");
        });
    }

    @Test
    void flowsWithoutHostOrSniTakeTheirNameFromTheHostsDnsAnswers() {
        var events = beacon("c2.example.com", new String[] {"198.51.100.99"}, 120, Naming.DNS, false, 3);
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement().satisfies(a -> {
            assertThat(a.domain()).isEqualTo("c2.example.com");
            assertThat(a.dstHosts()).containsExactly("198.51.100.99");
        });
    }

    @Test
    void logsThatDeliverTheFlowBeforeItsNameAreJoinedToo() {
        var events = beacon("telemetry.example.net", new String[] {"203.0.113.7"}, 60, Naming.HTTP, true, 4);
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement()
                .satisfies(a -> assertThat(a.domain()).isEqualTo("telemetry.example.net"));
    }

    @Test
    void browsingManySitesStaysQuiet() {
        var random = new SplittableRandom(5);
        var out = new ArrayList<Event>();
        for (int i = 0; i < 600; i++) {
            double at = 8 * 3600 + random.nextDouble() * 9 * 3600;
            String site = "site" + random.nextInt(40) + ".example.com";
            var f = TestEvents.conn("10.0.0.8", "203.0.113." + (1 + random.nextInt(200)), 443).at(at).service("ssl")
                    .bytes(500 + random.nextInt(4000), 1000 + random.nextInt(500_000)).flow();
            out.add(tls(f, site));
            out.add(f);
        }
        assertThat(DetectorHarness.run(DETECTOR, out)).isEmpty();
    }

    @Test
    void aHostScoresAtMostMaxDomainsAtOnce() {
        var config = new DomainBeaconDetector.Config(BeaconDetector.Config.defaults(), 4096, 1024, 1);
        var events = new ArrayList<Event>(beacon("first.example.net", new String[] {"203.0.113.7"}, 60, Naming.HTTP, false, 6));
        events.addAll(beacon("second.example.net", new String[] {"203.0.113.8"}, 60, Naming.HTTP, false, 7));
        var alerts = DetectorHarness.run(new DomainBeaconDetector(config), DetectorHarness.inObservedOrder(events));
        assertThat(alerts).singleElement().satisfies(a -> assertThat(a.domain()).isEqualTo("first.example.net"));
    }

    @Test
    void aHostWhoseNamesLeadNowhereIsForgottenAfterAWindow() {
        var engine = new io.sluice.detect.DetectionEngine(List.of(DETECTOR), a -> {});
        engine.accept(TestEvents.dns("10.0.0.9", "intranet.example.com").answer("203.0.113.99", 60).at(0).build());
        assertThat(engine.stateCount()).isEqualTo(1);
        // Another host's traffic a day later moves event time past the first host's window.
        engine.accept(TestEvents.conn("10.0.0.10", "198.51.100.1", 443).at(25 * 3600).flow());
        assertThat(engine.stateCount()).isEqualTo(1);
    }

    @Test
    void namesAreNormalised() {
        assertThat(DomainBeaconDetector.normalise("Telemetry.Example.NET:8080")).isEqualTo("telemetry.example.net");
        assertThat(DomainBeaconDetector.normalise("example.org.")).isEqualTo("example.org");
        assertThat(DomainBeaconDetector.isAddress("203.0.113.7")).isTrue();
        assertThat(DomainBeaconDetector.isAddress("2001:db8::1")).isTrue();
        assertThat(DomainBeaconDetector.isAddress("cdn.example.net")).isFalse();
    }
}
