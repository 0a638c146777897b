package io.sluice.protocol.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.CaptureConversations.Conversation;
import io.sluice.protocol.RecordingContext;
import io.sluice.testing.Corpus;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * http.log and JA4H against the references in the corpus:
 * <ul>
 *   <li>Zeek baselines core.vlan-mpls and core.tunnels.teredo (inner Teredo packets decoded by
 *       {@link TunnelledConversations}), and the JA4+ Zeek plugin's http.log for
 *       http1-with-cookies: every row, every field;
 *   <li>FoxIO's JA4H values from the Rust, Python and Wireshark implementations for every capture
 *       in fingerprints/ja4 that has them.
 * </ul>
 * Known differences, not compared: {@code ts} and {@code uid} (masked in the baselines);
 * {@code orig_fuids} and {@code resp_fuids} are each tool's random file ids, so only their number
 * is compared; JA4H of HTTP/2 and HTTP/3 requests (version 20/30: not HTTP/1.x, out of this
 * dissector's scope); the Wireshark plugin's JA4H of SSDP requests (HTTP over UDP, M-SEARCH and
 * NOTIFY in ssh2.pcapng), which the Rust and Python tools do not compute either. suricata-verify bug-4810: HTTP over PPPoE with a one-byte (compressed) PPP protocol field, its
 * check (one http event, GET /, status 200) as our one http.log row.
 */
@Tag("corpus")
@EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
class HttpConformanceTest {
    private static final Set<String> NOT_COMPARED = Set.of("ts", "uid");
    /** File ids are each tool's own random ids: compared by how many there are, not by value. */
    private static final Set<String> IDS = Set.of("orig_fuids", "resp_fuids");

    @Test
    void matchesZeekOnVlanAndMplsFrames() throws Exception {
        compareWithZeek("pcap-protocols/zeek/core.vlan-mpls/mixed-vlan-mpls.pcap",
                "pcap-protocols/zeek/core.vlan-mpls/baseline/http.log", 2);
    }

    @Test
    void suricataVerifyBug4810HttpOverPppoeWithACompressedProtocolField() throws Exception {
        var run = io.sluice.protocol.asn1.PipelineLogs.run(
                Corpus.file("pcap-protocols/suricata-verify/bug-4810/pppoe-session-http.pcap"));
        assertThat(run.of(HttpTransaction.class)).singleElement().satisfies(t -> {
            assertThat(t.method()).isEqualTo("GET");
            assertThat(t.uri()).isEqualTo("/");
            assertThat(t.statusCode()).isEqualTo(200L);
        });
    }

    @Test
    void matchesZeekInsideTeredo() throws Exception {
        compareWithZeek("pcap-protocols/zeek/core.tunnels.teredo/Teredo.pcap",
                "pcap-protocols/zeek/core.tunnels.teredo/baseline/http.log", 4);
    }

    @Test
    void matchesTheJa4ZeekPluginsHttpLog() throws Exception {
        compareWithZeek("fingerprints/ja4/http1-with-cookies.pcapng",
                "fingerprints/ja4/zeek-baselines/Scripts.ja4-http1-with-cookies/http.log", 1);
    }

    @Test
    void ja4hEqualsFoxIoReferences() throws Exception {
        String[] captures = {"http1.pcapng", "http1-with-cookies.pcapng", "http-empty-useragent.pcap",
            "https-connect.pcap", "ssh2.pcapng", "CVE-2018-6794.pcap", "latest.pcapng", "single-packets.pcap",
            "tls3.pcapng", "http2-with-cookies.pcapng", "chrome-cloudflare-quic-with-secrets.pcapng",
            "gre-erspan-vxlan.pcap"};
        int compared = 0;
        for (String name : captures) {
            String base = "fingerprints/ja4/" + name;
            Map<String, List<String>> ours = ja4hByPorts(base);
            List<String> oursAll = new ArrayList<>();
            ours.values().forEach(oursAll::addAll);

            for (var s : Ja4References.rust(Corpus.file(base + ".rust.snap"))) {
                List<String> expected = http1Only(s.list("http.ja4h"));
                if (expected.isEmpty()) continue;
                String key = s.get("src_port") + ">" + s.get("dst_port");
                assertThat(ours.getOrDefault(key, List.of())).as("%s stream %s (Rust)", name, s.get("stream"))
                        .containsExactlyElementsOf(expected);
                compared += expected.size();
            }
            for (var e : Ja4References.python(Corpus.file(base + ".python.json"))) {
                Object v = e.get("JA4H");
                if (!(v instanceof String ja4h) || http1Only(List.of(ja4h)).isEmpty()) continue;
                // the Python tool names the sender of the first packet "src", which is the server
                // when a capture starts mid-connection
                String key = e.get("srcport") + ">" + e.get("dstport");
                List<String> got = ours.getOrDefault(key, ours.getOrDefault(e.get("dstport") + ">" + e.get("srcport"), List.of()));
                assertThat(got).as("%s %s (Python)", name, key).contains(ja4h);
                compared++;
            }
            // the Wireshark plugin also fingerprints SSDP (HTTP over UDP: M-SEARCH, NOTIFY); the Rust
            // and Python tools and this TCP dissector do not
            List<String> ws = http1Only(Ja4References.wireshark(Corpus.file(base + ".wireshark.json"), "ja4.ja4h"))
                    .stream().filter(v -> !v.startsWith("ms") && !v.startsWith("no")).toList();
            assertThat(oursAll).as("%s (Wireshark)", name).containsExactlyInAnyOrderElementsOf(ws);
            compared += ws.size();
        }
        assertThat(compared).isGreaterThan(100);
    }

    /** Our JA4H values per connection, keyed "origPort>respPort", in request order. */
    private static Map<String, List<String>> ja4hByPorts(String capture) throws Exception {
        var out = new LinkedHashMap<String, List<String>>();
        for (var flow : TunnelledConversations.read(Corpus.file(capture))) {
            var ctx = replayIfHttp(flow.conversation());
            if (ctx == null) continue;
            for (var t : ctx.eventsOf(HttpTransaction.class)) {
                if (t.ja4h() != null) {
                    out.computeIfAbsent(t.id().origP() + ">" + t.id().respP(), k -> new ArrayList<>()).add(t.ja4h());
                }
            }
        }
        return out;
    }

    private static List<String> http1Only(List<String> ja4h) {
        return ja4h.stream().filter(v -> v.length() > 4 && v.charAt(2) == '1').toList();
    }

    private static void compareWithZeek(String capture, String baseline, int rows) throws Exception {
        List<Map<String, String>> expected = ZeekLog.read(Corpus.file(baseline));
        assertThat(expected).hasSize(rows);
        var ours = new HashMap<String, Map<String, String>>();
        for (var flow : TunnelledConversations.read(Corpus.file(capture))) {
            var ctx = replayIfHttp(flow.conversation());
            if (ctx == null) continue;
            for (var e : ctx.eventsOf(HttpTransaction.class)) {
                var row = ZeekLog.render(e);
                ours.put(key(row), row);
            }
        }
        assertThat(ours).hasSize(rows);
        for (var exp : expected) {
            var got = ours.get(key(exp));
            assertThat(got).as("row %s", key(exp)).isNotNull();
            for (var f : exp.entrySet()) {
                if (NOT_COMPARED.contains(f.getKey())) continue;
                if (IDS.contains(f.getKey())) {
                    assertThat(idCount(got.get(f.getKey()))).as("%s %s", key(exp), f.getKey()).isEqualTo(idCount(f.getValue()));
                    continue;
                }
                assertThat(got.get(f.getKey())).as("%s %s", key(exp), f.getKey()).isEqualTo(f.getValue());
            }
        }
    }

    private static int idCount(String zeekVector) {
        return zeekVector == null || zeekVector.equals("-") || zeekVector.equals("(empty)") ? 0 : zeekVector.split(",").length;
    }

    private static String key(Map<String, String> row) {
        return row.get("id.orig_h") + ":" + row.get("id.orig_p") + "#" + row.get("trans_depth");
    }

    /** Replays a TCP conversation whose first payload HTTP's signature recognises; else null. */
    static RecordingContext replayIfHttp(Conversation c) {
        if (!c.proto().equals("tcp") || c.chunks().isEmpty()) return null;
        var first = c.chunks().get(0);
        boolean http = HttpProtocol.SIGNATURE.matches(first.fromOrig(), ByteBuffer.wrap(first.bytes()), 0,
                first.bytes().length, c.id().origP(), c.id().respP());
        return http ? c.replay(HttpProtocol.SIGNATURE.create()) : null;
    }
}
