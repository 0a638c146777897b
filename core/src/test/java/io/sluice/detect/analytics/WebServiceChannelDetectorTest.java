package io.sluice.detect.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.detect.TestEvents;
import io.sluice.event.ConnId;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.protocol.http.HttpTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WebServiceChannelDetectorTest {
    private static final WebServiceChannelDetector DETECTOR =
            new WebServiceChannelDetector(WebServiceChannelDetector.Config.DEFAULTS);
    private static final String HOST = "10.0.0.5";
    private static final String TELEGRAM = "149.154.167.220";
    private static final String PASTEBIN = "104.20.67.143";

    private static List<String> ids(Alert a) {
        return a.techniques().stream().map(Technique::id).toList();
    }

    static HttpTransaction http(String uid, double at, String dst, String method, String host, String uri, long requestBody,
            long responseBody) {
        return new HttpTransaction(TestEvents.t(at), uid, new ConnId(HOST, 50_000, dst, 80), 1, method, host, uri, null, "1.1",
                "python-requests/2.31", null, requestBody, responseBody, 200L, "OK", null, null, null, null, null, null, null);
    }

    private static Event resolve(String name, String address, double at) {
        return TestEvents.dns(HOST, name).at(at).answer(address, 300).build();
    }

    /** Connection events only (a host sensor, or the first packets of each connection) to Telegram's bot API. */
    @Test
    void connectionsEveryMinuteToAnAddressOfTelegramsBotApiAreAWebServiceChannel() {
        var events = new ArrayList<Event>();
        events.add(resolve("api.telegram.org", TELEGRAM, 0));
        var random = new SplittableRandom(1);
        for (int i = 0; i < 40; i++) {
            double at = 1 + i * 60 + random.nextDouble() * 6;
            events.add(TestEvents.conn(HOST, TELEGRAM, 443).at(at).origPort(50_000 + i).creation());
        }
        assertThat(events.get(1)).isInstanceOf(ConnectionCreation.class);
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement().satisfies(a -> {
            assertThat(a.detectorId()).isEqualTo("c2.web_service");
            assertThat(ids(a)).containsExactly("T1102");
            assertThat(a.components()).contains(Ds0029Component.NETWORK_CONNECTION_CREATION);
            assertThat(a.domain()).isEqualTo("api.telegram.org");
            assertThat(a.dstHosts()).containsExactly(TELEGRAM);
            assertThat(a.evidenceCount()).isEqualTo(40);
            assertThat(a.explanation()).startsWith("10.0.0.5 contacted api.telegram.org 40 times in ")
                    .contains("every 6").contains("direction is unknown");
        });
    }

    /** A bot polling getUpdates and posting stolen files back: HTTP transactions only. */
    @Test
    void pollingABotApiAndPostingFilesToItIsTwoWay() {
        var events = new ArrayList<Event>();
        for (int i = 0; i < 60; i++) {
            boolean post = i % 10 == 4;
            events.add(http("H" + i, i * 30.0 + (i % 4), TELEGRAM, post ? "POST" : "GET", "api.telegram.org",
                    post ? "/bot123:AAH/sendDocument" : "/bot123:AAH/getUpdates?offset=" + i, post ? 250_000 : 0, 120));
        }
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement().satisfies(a -> {
            assertThat(ids(a)).containsExactly("T1102", "T1102.002");
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_TRAFFIC_CONTENT);
            assertThat(a.explanation()).contains("60 times").containsPattern("every 3\\d s")
                    .contains("6 of them sent at least 4.0 KiB (largest 244.1 KiB): a two-way channel");
        });
    }

    /** An implant reading commands from a raw GitHub file every two minutes and sending nothing back there. */
    @Test
    void pollingARawGithubFileWithoutUploadsIsOneWay() {
        var events = new ArrayList<Event>();
        for (int i = 0; i < 25; i++) {
            events.add(http("H" + i, i * 120.0 + (i % 5), "185.199.108.133", "GET", "raw.githubusercontent.com",
                    "/actor/cfg/main/tasks.txt", 0, 1_800));
        }
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement().satisfies(a -> {
            assertThat(ids(a)).containsExactly("T1102", "T1102.003");
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_TRAFFIC_CONTENT);
            assertThat(a.explanation()).contains("none of the 25 measured contacts sent 4.0 KiB or more")
                    .contains("a one-way channel");
        });
    }

    /** conn.log and dns.log: a sync-like rhythm to Dropbox's content API with uploads in some beats. */
    @Test
    void flowsToDropboxWithRegularUploadsAreTwoWay() {
        var events = new ArrayList<Event>();
        events.add(resolve("content.dropboxapi.com", "162.125.6.14", 0));
        for (int i = 0; i < 12; i++) {
            long sent = i % 3 == 0 ? 2_000_000 : 1_400;
            events.add(TestEvents.conn(HOST, "162.125.6.14", 443).at(5 + i * 300.0 + (i % 3) * 4).origPort(51_000 + i)
                    .service("ssl").bytes(sent, 6_000).duration(3).flow());
        }
        assertThat(DetectorHarness.run(DETECTOR, DetectorHarness.inObservedOrder(events))).singleElement().satisfies(a -> {
            assertThat(ids(a)).containsExactly("T1102", "T1102.002");
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_TRAFFIC_FLOW);
            assertThat(a.explanation()).contains("4 of them sent at least 4.0 KiB (largest 1.9 MiB)");
        });
    }

    /** conn.log and dns.log: small requests, larger answers, every five minutes, from a paste site. */
    @Test
    void flowsThatOnlyReadFromAPasteSiteAreOneWay() {
        var events = new ArrayList<Event>();
        events.add(resolve("pastebin.com", PASTEBIN, 0));
        for (int i = 0; i < 12; i++) {
            events.add(TestEvents.conn(HOST, PASTEBIN, 443).at(5 + i * 300.0 + (i % 2) * 7).origPort(52_000 + i)
                    .service("ssl").bytes(900, 5_200).flow());
        }
        assertThat(DetectorHarness.run(DETECTOR, DetectorHarness.inObservedOrder(events))).singleElement().satisfies(a -> {
            assertThat(ids(a)).containsExactly("T1102", "T1102.003");
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_TRAFFIC_FLOW);
            assertThat(a.domain()).isEqualTo("pastebin.com");
        });
    }

    /** A paste fetched over HTTP, then a connection to an address the page gave, never looked up. */
    @Test
    void aPasteFetchFollowedByAConnectionToAnUnresolvedAddressIsADeadDropResolver() {
        var fetch = TestEvents.conn(HOST, PASTEBIN, 80).at(10).origPort(53_000).service("http").bytes(120, 300);
        var next = TestEvents.conn(HOST, "81.2.69.160", 8443).at(14).origPort(53_001);
        var events = List.<Event>of(resolve("pastebin.com", PASTEBIN, 9.9), fetch.creation(),
                http(fetch.uidValue(), 10.1, PASTEBIN, "GET", "pastebin.com", "/raw/x7Qp2LmZ", 0, 300),
                fetch.flow(), next.creation(), next.flow());
        assertThat(DetectorHarness.run(DETECTOR, DetectorHarness.inObservedOrder(events))).singleElement().satisfies(a -> {
            assertThat(ids(a)).containsExactly("T1102", "T1102.001");
            assertThat(a.components()).contains(Ds0029Component.NETWORK_TRAFFIC_CONTENT);
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.domain()).isEqualTo("pastebin.com");
            assertThat(a.dstHosts()).containsExactly("81.2.69.160");
            assertThat(a.explanation()).isEqualTo("10.0.0.5 fetched pastebin.com, then 4 s later connected to 81.2.69.160:8443,"
                    + " an address none of its DNS answers named and it had not contacted: a dead-drop resolver");
            assertThat(a.evidence()).extracting(io.sluice.detect.Evidence::uid).containsExactly(fetch.uidValue(), next.uidValue());
        });
    }

    /** The same pattern in conn.log and dns.log alone: the fetch is a flow to pastebin's resolved address. */
    @Test
    void aPasteFlowFollowedByAFlowToAnUnresolvedAddressIsADeadDropResolver() {
        var events = List.<Event>of(resolve("gist.githubusercontent.com", "185.199.110.133", 100),
                TestEvents.conn(HOST, "185.199.110.133", 443).at(100.2).service("ssl").bytes(700, 2_300).flow(),
                TestEvents.conn(HOST, "81.2.69.160", 443).at(130).service("ssl").flow());
        assertThat(DetectorHarness.run(DETECTOR, DetectorHarness.inObservedOrder(events))).singleElement().satisfies(a -> {
            assertThat(ids(a)).containsExactly("T1102", "T1102.001");
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_TRAFFIC_FLOW);
            assertThat(a.domain()).isEqualTo("gist.githubusercontent.com");
        });
    }

    @Test
    void theDeadDropWindowIsAThreshold() {
        for (double gap : new double[] {60, 61}) {
            var events = List.<Event>of(resolve("pastebin.com", PASTEBIN, 0),
                    TestEvents.conn(HOST, PASTEBIN, 443).at(1).flow(),
                    TestEvents.conn(HOST, "81.2.69.160", 443).at(1 + gap).flow());
            assertThat(DetectorHarness.run(DETECTOR, events)).as("%s s after the fetch", gap).hasSize(gap <= 60 ? 1 : 0);
        }
    }

    @Test
    void aConnectionAfterAPasteFetchToAResolvedOrKnownAddressOrWithoutVisibleDnsStaysQuiet() {
        var resolvedNext = List.<Event>of(resolve("pastebin.com", PASTEBIN, 0), TestEvents.conn(HOST, PASTEBIN, 443).at(1).flow(),
                resolve("www.example.org", "81.2.69.160", 2), TestEvents.conn(HOST, "81.2.69.160", 443).at(3).flow());
        assertThat(DetectorHarness.run(DETECTOR, resolvedNext)).isEmpty();
        var knownNext = List.<Event>of(TestEvents.conn(HOST, "81.2.69.160", 443).at(0).flow(),
                resolve("pastebin.com", PASTEBIN, 10), TestEvents.conn(HOST, PASTEBIN, 443).at(11).flow(),
                TestEvents.conn(HOST, "81.2.69.160", 443).at(12).flow());
        assertThat(DetectorHarness.run(DETECTOR, knownNext)).isEmpty();
        // Named by SNI only: the host's DNS is not visible, so "never looked up" cannot be judged.
        var fetch = TestEvents.conn(HOST, PASTEBIN, 443).at(1).service("ssl").flow();
        var noDns = List.<Event>of(DomainBeaconDetectorTest.tls(fetch, "pastebin.com"), fetch,
                TestEvents.conn(HOST, "81.2.69.160", 443).at(3).flow());
        assertThat(DetectorHarness.run(DETECTOR, noDns)).isEmpty();
        var refused = List.<Event>of(resolve("pastebin.com", PASTEBIN, 0), TestEvents.conn(HOST, PASTEBIN, 443).at(1).flow(),
                TestEvents.conn(HOST, "81.2.69.160", 443).at(3).state("REJ").flow());
        assertThat(DetectorHarness.run(DETECTOR, refused)).isEmpty();
    }

    /** A person using GitHub, Drive and a paste site through the day: visits in bursts, at no rhythm. */
    @Test
    void aPersonBrowsingWebServicesStaysQuiet() {
        var random = new SplittableRandom(7);
        var events = new ArrayList<Event>();
        String[][] services = {{"gist.github.com", "140.82.112.4"}, {"drive.google.com", "142.250.74.46"},
            {"pastebin.com", PASTEBIN}};
        for (String[] s : services) events.add(resolve(s[0], s[1], 0));
        int port = 40_000;
        for (int burst = 0; burst < 30; burst++) {
            double start = 60 + random.nextDouble() * 8 * 3600;
            String[] s = services[random.nextInt(services.length)];
            for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
                events.add(TestEvents.conn(HOST, s[1], 443).at(start + random.nextDouble() * 20).origPort(port++)
                        .service("ssl").bytes(800 + random.nextInt(3_000), 3_000 + random.nextInt(400_000)).flow());
            }
        }
        assertThat(DetectorHarness.run(DETECTOR, DetectorHarness.inObservedOrder(events))).isEmpty();
    }

    @Test
    void regularTrafficToAServiceNotOnTheListStaysQuiet() {
        var events = new ArrayList<Event>();
        events.add(resolve("updates.example.net", "81.2.69.142", 0));
        for (int i = 0; i < 40; i++) {
            events.add(TestEvents.conn(HOST, "81.2.69.142", 443).at(1 + i * 60.0).origPort(50_000 + i).flow());
        }
        assertThat(DetectorHarness.run(DETECTOR, events)).isEmpty();
    }

    @Test
    void theContactCountAndTheRhythmAreThresholds() {
        for (int n : new int[] {5, 6}) {
            var events = new ArrayList<Event>();
            for (int i = 0; i < n; i++) events.add(http("H" + i, i * 60.0, TELEGRAM, "GET", "api.telegram.org", "/bot1/getUpdates", 0, 90));
            assertThat(DetectorHarness.run(DETECTOR, events)).as("%d contacts", n).hasSize(n >= 6 ? 1 : 0);
        }
        // Gaps cycling 30, 60, 90 s: median 60, MAD 30 = half the median, beyond 0.25.
        var uneven = new ArrayList<Event>();
        double at = 0;
        for (int i = 0; i < 20; i++) {
            uneven.add(http("U" + i, at, TELEGRAM, "GET", "api.telegram.org", "/bot1/getUpdates", 0, 90));
            at += 30 * (1 + i % 3);
        }
        assertThat(DetectorHarness.run(DETECTOR, uneven)).isEmpty();
        var loose = new WebServiceChannelDetector(WebServiceChannelDetector.config(
                DetectConfig.empty().with("detectors.c2.web_service.max_dispersion", "0.6")));
        assertThat(DetectorHarness.run(loose, uneven)).hasSize(1);
    }

    @Test
    void aServiceIsMatchedByItsDomainOrAnyNameUnderIt() {
        assertThat(WebServices.service("API.Telegram.org.")).isEqualTo("api.telegram.org");
        assertThat(WebServices.service("dl.dropbox.com:443")).isEqualTo("dropbox.com");
        assertThat(WebServices.service("telegram.org")).isNull();
        assertThat(WebServices.service("notpastebin.com")).isNull();
        assertThat(WebServices.kind("pastebin.com")).isEqualTo(WebServices.Kind.DEAD_DROP);
        assertThat(WebServices.kind("discord.com")).isEqualTo(WebServices.Kind.API);
    }
}
