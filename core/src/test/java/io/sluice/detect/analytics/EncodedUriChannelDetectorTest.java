package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.t;
import static io.sluice.detect.analytics.HttpDownloads.FIREFOX;
import static io.sluice.detect.analytics.HttpDownloads.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.ConnId;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.protocol.http.HttpTransaction;
import io.sluice.testing.Corpus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

class EncodedUriChannelDetectorTest {

    @TempDir
    Path dir;

    private static final EncodedUriChannelDetector DETECTOR = new EncodedUriChannelDetector(
            EncodedUriChannelDetector.Config.DEFAULTS);

    private static List<Alert> run(List<? extends Event> events) {
        return DetectorHarness.run(DETECTOR, events);
    }

    private static String b64(Random r, int bytes) {
        var b = new byte[bytes];
        r.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static HttpTransaction req(double at, String uri) {
        return new HttpTransaction(t(at), "Cenc" + (long) at, new ConnId("10.0.0.90", 52000 + (int) at, "198.51.100.50", 80),
                1, "GET", "cdn-assets.example", uri, null, "1.1", FIREFOX, null, 0, 20, 200L, "OK", null, null, null,
                List.of(), List.of(), List.of("text/plain"), null);
    }

    @Test
    void c2ChannelInUrisThroughThePipelineFires() {
        var r = new Random(7);
        var c = new CraftedCapture();
        for (int i = 0; i < 10; i++) {
            get(c, "10.0.0.90", 52000 + i, "198.51.100.50", 80, "cdn-assets.example", "/api/v2/" + b64(r, 30)
                    + "?sid=" + b64(new Random(1), 18), FIREFOX, "text/plain", "ok");
        }
        var alerts = run(c.events(dir));
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.detectorId()).isEqualTo("http.encoded_channel");
            assertThat(a.techniques()).containsExactly(Technique.of("T1132.001"), Technique.of("T1132"));
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.srcHost()).isEqualTo("10.0.0.90");
            assertThat(a.count()).as("raised at the 7th request (8 blobs with the session id), merged").isEqualTo(4);
            assertThat(a.explanation()).startsWith("10.0.0.90 sent 10 requests to cdn-assets.example in 45 s carrying "
                    + "11 distinct base64 blobs in their URIs (424 characters, 8 or more make a channel), e.g. ");
        });
    }

    /** Each byte as two letters 'a' + nibble (Cobalt Strike's netbios transform), or 'A' + nibble (netbiosu). */
    private static String netbios(Random r, int bytes, char base) {
        var b = new byte[bytes];
        r.nextBytes(b);
        var sb = new StringBuilder();
        for (byte x : b) sb.append((char) (base + ((x >> 4) & 0xF))).append((char) (base + (x & 0xF)));
        return sb.toString();
    }

    /** A beacon's metadata NetBIOS-encoded into a jQuery-looking URI, as a malleable C2 profile does. */
    @Test
    void netbiosEncodedBlobsThroughThePipelineAreNonStandardEncoding() {
        var r = new Random(11);
        var c = new CraftedCapture();
        for (int i = 0; i < 10; i++) {
            get(c, "10.0.0.91", 52100 + i, "198.51.100.51", 80, "code.jquery-cdn.example",
                    "/jquery-3.3.1.min.js?__cfduid=" + netbios(r, 24, 'a'), FIREFOX, "application/javascript", "ok");
        }
        assertThat(run(c.events(dir))).singleElement().satisfies(a -> {
            assertThat(a.techniques()).containsExactly(Technique.of("T1132.002"), Technique.of("T1132"));
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_TRAFFIC_CONTENT);
            assertThat(a.srcHost()).isEqualTo("10.0.0.91");
            assertThat(a.explanation()).contains("carrying 10 distinct netbios blobs",
                    "the NetBIOS nibble encoding (two letters a-p per byte)");
        });
        var upper = new ArrayList<Event>();
        for (int i = 0; i < 8; i++) upper.add(req(i, "/visit.js?id=" + netbios(r, 20, 'A')));
        assertThat(run(upper)).singleElement()
                .satisfies(a -> assertThat(a.techniques()).contains(Technique.of("T1132.002")));
    }

    @Test
    void lettersThatOnlyLookNetbiosAreNot() {
        assertThat(EncodedUriChannelDetector.isNetbios("abcdefabcdef")).as("hex letters only: hex").isFalse();
        assertThat(EncodedUriChannelDetector.isNetbios("abcdefghijklmnopq")).as("odd length, past p").isFalse();
        assertThat(EncodedUriChannelDetector.isNetbios("aBcDgH")).as("mixed case").isFalse();
        var words = new ArrayList<Event>();
        for (int i = 0; i < 20; i++) { // long, a-p only, but low entropy: a repeated pattern, not data
            words.add(req(i, "/p/" + "ghhgghhgghhgghhgghhgghhgghhgghhg".repeat(1 + i % 2) + "ab".repeat(i)));
        }
        assertThat(run(words)).isEmpty();
    }

    @Test
    void hexBlobsCountToo() {
        var r = new Random(3);
        var events = new ArrayList<Event>();
        for (int i = 0; i < 8; i++) {
            var b = new byte[20];
            r.nextBytes(b);
            events.add(req(i, "/submit.php?d=" + HexFormat.of().formatHex(b)));
        }
        assertThat(run(events)).singleElement().satisfies(a -> assertThat(a.explanation()).contains("8 distinct hex blobs"));
    }

    @Test
    void thresholdEdgesAndOrdinaryTokens() {
        var r = new Random(5);
        var seven = new ArrayList<Event>();
        for (int i = 0; i < 7; i++) seven.add(req(i, "/c/" + b64(r, 24)));
        assertThat(run(seven)).as("7 distinct blobs").isEmpty();
        var same = new ArrayList<Event>();
        String token = b64(r, 24);
        for (int i = 0; i < 30; i++) same.add(req(i, "/page?session=" + token));
        assertThat(run(same)).as("one session token repeated").isEmpty();
        var words = new ArrayList<Event>();
        for (int i = 0; i < 20; i++) words.add(req(i, "/articles/how-to-configure-the-network-interface-part-" + i));
        assertThat(run(words)).as("slugs are not base64").isEmpty();
        // a window later the count starts again
        var spread = new ArrayList<Event>();
        for (int i = 0; i < 8; i++) spread.add(req(i * 120, "/c/" + b64(r, 24)));
        assertThat(run(spread)).isEmpty();
        assertThat(EncodedUriChannelDetector.isBase64("abcdefghijklmnopqrstuvwx")).as("no digit").isFalse();
        assertThat(EncodedUriChannelDetector.entropy("aaaaaaaa")).isZero();
    }

    /** Search suggestions: a new token per keystroke, built from fixed fields (Google's gs_rfai). */
    @Test
    void serverIssuedTokensWithFixedFieldsAreVariantsNotData() {
        var r = new Random(19);
        var events = new ArrayList<Event>();
        for (int i = 0; i < 12; i++) {
            events.add(req(i * 0.2, "/complete/search?q=uk+bask&cp=" + i + "&gs_rfai=C" + b64(r, 6) + "_T" + b64(r, 3)
                    + "AAAAqgQFT9" + b64(r, 8))); // 36 characters, a length base64 can have
        }
        assertThat(run(events)).isEmpty();
        var tokens = new ArrayList<String>();
        for (int i = 0; i < 200; i++) tokens.add(b64(r, 30));
        for (int i = 1; i < tokens.size(); i++) {
            assertThat(EncodedUriChannelDetector.isVariant(tokens.get(i), tokens.subList(Math.max(0, i - 16), i)))
                    .as("random blobs are not variants of each other").isFalse();
        }
    }

    /** chrissanders' arppoison with checksums off: the victim's Google searches, one token per keystroke. */
    @Test
    @Tag("corpus")
    @EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
    void googleSuggestionsInTheArpPoisonCaptureAreQuiet() {
        var events = CraftedCapture.eventsOf(Corpus.file("pcap-attacks/chrissanders-packets/arppoison.pcapng"),
                io.sluice.flow.FlowConfig.defaults().withVerifyChecksums(false));
        assertThat(events.stream().filter(HttpTransaction.class::isInstance)
                .filter(e -> "www.google.com".equals(((HttpTransaction) e).host()))).hasSizeGreaterThan(8);
        assertThat(run(events)).isEmpty();
    }

    /** A POST with this body from the client to the server, answered 200. */
    private static void post(CraftedCapture c, String client, int port, String server, String host, String contentType,
            String body) {
        String request = "POST /76N1Lm.php?n=x4tk7t4jo6 HTTP/1.1\r\nAccept: */*\r\nContent-Type: " + contentType
                + "\r\nUser-Agent: Mozilla/4.0 (compatible; MSIE 7.0; Windows NT 6.1)\r\nHost: " + host
                + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
        c.request(client, port, server, 80, request, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok");
    }

    private static String hex(Random r, int bytes) {
        var b = new byte[bytes];
        r.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** CryptoWall 4's shape: each POST body one form field whose value is hex-encoded ciphertext. */
    @Test
    void bodiesOfSealedDataThroughThePipelineFire() {
        var r = new Random(13);
        var c = new CraftedCapture();
        for (int i = 0; i < 3; i++) {
            post(c, "10.0.0.92", 52200 + i, "198.51.100.52", "homealldaylong.example", "application/x-www-form-urlencoded",
                    (char) ('j' + i) + "=" + hex(r, 64));
        }
        assertThat(run(c.events(dir))).singleElement().satisfies(a -> {
            assertThat(a.techniques()).containsExactly(Technique.of("T1132.001"), Technique.of("T1132"));
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.domain()).isEqualTo("homealldaylong.example");
            assertThat(a.explanation()).startsWith("10.0.0.92 sent 3 requests to homealldaylong.example in ")
                    .contains("carrying 3 distinct hex blobs as their whole bodies (384 characters, 3 bodies of sealed data "
                            + "or more make a channel)");
        });
        var two = new CraftedCapture();
        for (int i = 0; i < 2; i++) {
            post(two, "10.0.0.92", 52300 + i, "198.51.100.52", "homealldaylong.example", "text/plain", b64(r, 60));
        }
        assertThat(run(two.events(dir))).as("two sealed bodies: below min_body_blobs").isEmpty();
        var text = new CraftedCapture();
        for (int i = 0; i < 5; i++) {
            post(text, "10.0.0.92", 52400 + i, "198.51.100.52", "homealldaylong.example", "text/plain",
                    Base64.getEncoder().encodeToString(hex(r, 60).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
        }
        assertThat(run(text.events(dir))).as("base64 of text decodes to text: not sealed").isEmpty();
    }

    /** Sealed bodies that share an encoded header still count one each: the variant rule is for URIs. */
    @Test
    void sealedBodiesWithACommonHeaderStillCount() {
        var r = new Random(23);
        var events = new ArrayList<Event>();
        for (int i = 0; i < 3; i++) {
            String body = "d=" + "c0ffee00deadbeef0102030405060708" + hex(r, 48);
            events.add(new HttpTransaction(t(i), "Cbody" + i, new ConnId("10.0.0.94", 52700 + i, "198.51.100.56", 80), 1,
                    "POST", "gate.example", "/gate.php", null, "1.1", FIREFOX, null, body.length(), 2, 200L, "OK", null, null,
                    null, List.of(), List.of(), List.of("text/plain"), null, List.of(), body));
        }
        assertThat(run(events)).singleElement()
                .satisfies(a -> assertThat(a.explanation()).contains("3 distinct hex blobs as their whole bodies"));
    }

    @Test
    void formsTokensAndEncodedTextInBodiesAreQuiet() {
        var r = new Random(17);
        var c = new CraftedCapture();
        for (int i = 0; i < 10; i++) {
            // a login form: a fresh CSRF token each time, among other fields
            post(c, "10.0.0.93", 52400 + i, "198.51.100.53", "shop.example", "application/x-www-form-urlencoded",
                    "authenticity_token=" + b64(r, 64) + "&user=alice&password=correct+horse");
            // an analytics SDK: one field, base64 of readable JSON
            post(c, "10.0.0.93", 52500 + i, "198.51.100.54", "api.tracker.example", "application/x-www-form-urlencoded",
                    "data=" + Base64.getEncoder().encodeToString(("{\"event\":\"page view\",\"properties\":{\"token\":\""
                            + hex(r, 16) + "\",\"time\":" + (1700000000 + i) + ",\"url\":\"https://shop.example/item/" + i
                            + "\"}}").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            // a short token: an id, not data
            post(c, "10.0.0.93", 52600 + i, "198.51.100.55", "auth.example", "application/x-www-form-urlencoded",
                    "t=" + hex(r, 16));
        }
        assertThat(run(c.events(dir))).isEmpty();
    }

    /** chrissanders' cryptowall4_c2: three POSTs of hex ciphertext to a compromised site's PHP page. */
    @Test
    @Tag("corpus")
    @EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
    void cryptowall4CheckInsAreAChannel() {
        var events = CraftedCapture.eventsOf(Corpus.file("pcap-attacks/chrissanders-packets/cryptowall4_c2.pcapng"));
        assertThat(run(events)).singleElement().satisfies(a -> {
            assertThat(a.srcHost()).isEqualTo("192.168.122.145");
            assertThat(a.dstHosts()).containsExactly("184.170.149.44");
            assertThat(a.domain()).isEqualTo("homealldaylong.com");
            assertThat(a.explanation()).contains("3 distinct hex blobs as their whole bodies");
        });
    }

    @Test
    @Tag("corpus")
    @EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
    void quietOnTheProtocolAndAttackTracesHttp() throws Exception {
        var events = new ArrayList<Event>();
        for (Path p : Corpus.captures("pcap-protocols", "pcap-attacks")) {
            if (p.endsWith("cryptowall4_c2.pcapng")) continue; // a channel: the test above
            CraftedCapture.eventsOf(p).stream().filter(HttpTransaction.class::isInstance).forEach(events::add);
        }
        assertThat(events).hasSizeGreaterThan(90);
        assertThat(run(events)).isEmpty();
    }
}
