package io.sluice.protocol.tls;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.sluice.capture.CaptureInputs;
import io.sluice.capture.PacketSource;
import io.sluice.packet.IpAddress;
import io.sluice.packet.Packet;
import io.sluice.packet.PacketDecoder;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads FoxIO's JA4+ reference values for one capture from the three implementations' test data
 * (python JSON, rust insta snapshot, wireshark-plugin tshark JSON) into one shape: per connection
 * (an unordered pair of endpoints), the JA4 of each ClientHello in order, the JA4S and the JA4X of
 * each certificate in order.
 */
final class Ja4References {

    record Fingerprints(List<String> ja4, List<String> ja4s, List<String> ja4x) {
        Fingerprints() {
            this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }
    }

    private Ja4References() {}

    static String key(String a, long ap, String b, long bp) {
        String x = norm(a) + "|" + ap, y = norm(b) + "|" + bp;
        return x.compareTo(y) < 0 ? x + " " + y : y + " " + x;
    }

    private static String norm(String ip) {
        try {
            return InetAddress.getByName(ip).getHostAddress();
        } catch (IOException e) {
            return ip;
        }
    }

    /** python/test/testdata: a JSON array of per-stream objects, their scalar fields by name. */
    static List<Map<String, String>> pythonStreams(Path file) throws IOException {
        var out = new ArrayList<Map<String, String>>();
        try (JsonParser p = new JsonFactory().createParser(file.toFile())) {
            if (p.nextToken() != JsonToken.START_ARRAY) return out;
            while (p.nextToken() == JsonToken.START_OBJECT) {
                var m = new LinkedHashMap<String, String>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String k = p.currentName();
                    p.nextToken();
                    if (p.currentToken().isStructStart()) p.skipChildren();
                    else m.put(k, p.getText());
                }
                out.add(m);
            }
        }
        return out;
    }

    /** python/test/testdata: per stream "JA4.1", "JA4S", "JA4X.1", ... */
    static Map<String, Fingerprints> python(Path file) throws IOException {
        var out = new LinkedHashMap<String, Fingerprints>();
        for (Map<String, String> m : pythonStreams(file)) {
            if (!m.containsKey("src")) continue;
            var f = new Fingerprints();
            for (int i = 1; m.containsKey("JA4." + i); i++) f.ja4().add(m.get("JA4." + i));
            if (m.containsKey("JA4S")) f.ja4s().add(m.get("JA4S"));
            for (int i = 1; m.containsKey("JA4X." + i); i++) f.ja4x().add(m.get("JA4X." + i));
            // one connection may appear in several caches (tcp, http): merge them
            var k = key(m.get("src"), Long.parseLong(m.get("srcport")), m.get("dst"), Long.parseLong(m.get("dstport")));
            var prev = out.putIfAbsent(k, f);
            if (prev != null) {
                prev.ja4().addAll(f.ja4());
                prev.ja4s().addAll(f.ja4s());
                prev.ja4x().addAll(f.ja4x());
            }
        }
        return out;
    }

    /** rust/ja4/src/snapshots: YAML list of streams with ja4, ja4s and tls_certs[].x509[].ja4x. */
    static Map<String, Fingerprints> rust(Path file) throws IOException {
        var out = new LinkedHashMap<String, Fingerprints>();
        Map<String, String> m = null;
        Fingerprints f = null;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.startsWith("- stream:")) {
                flush(out, m, f);
                m = new LinkedHashMap<>();
                f = new Fingerprints();
                continue;
            }
            if (m == null) continue;
            String t = line.trim();
            if (t.startsWith("- ja4x: ")) f.ja4x().add(t.substring(8).trim());
            else if (line.startsWith("  ja4: ")) f.ja4().add(t.substring(5).trim());
            else if (line.startsWith("  ja4s: ")) f.ja4s().add(t.substring(6).trim());
            else if (line.startsWith("  ") && !line.startsWith("   ") && t.contains(": ")) {
                m.put(t.substring(0, t.indexOf(':')), t.substring(t.indexOf(':') + 2).trim());
            }
        }
        flush(out, m, f);
        return out;
    }

    private static void flush(Map<String, Fingerprints> out, Map<String, String> m, Fingerprints f) {
        if (m == null || !m.containsKey("src")) return;
        out.put(key(m.get("src"), Long.parseLong(m.get("src_port")), m.get("dst"), Long.parseLong(m.get("dst_port"))), f);
    }

    /**
     * wireshark/test/testdata: tshark JSON, one object per frame with ja4.ja4, ja4.ja4s, ja4.ja4x;
     * frames are mapped to connections by reading the capture.
     */
    static Map<String, Fingerprints> wireshark(Path file, Path capture) throws Exception {
        Map<Long, String> frames = frameKeys(capture);
        var out = new LinkedHashMap<String, Fingerprints>();
        try (JsonParser p = new JsonFactory().createParser(file.toFile())) {
            if (p.nextToken() != JsonToken.START_ARRAY) return out;
            while (p.nextToken() == JsonToken.START_OBJECT) {
                var fields = new LinkedHashMap<String, List<String>>();
                collectLayers(p, fields);
                var frame = fields.get("frame.number");
                if (frame == null) continue;
                String k = frames.get(Long.parseLong(frame.get(0)));
                if (k == null) continue;
                var f = out.computeIfAbsent(k, x -> new Fingerprints());
                f.ja4().addAll(fields.getOrDefault("ja4.ja4", List.of()));
                f.ja4s().addAll(fields.getOrDefault("ja4.ja4s", List.of()));
                f.ja4x().addAll(fields.getOrDefault("ja4.ja4x", List.of()));
            }
        }
        return out;
    }

    /** Walks one frame object, collecting every "name": ["value", ...] under _source.layers. */
    static void collectLayers(JsonParser p, Map<String, List<String>> fields) throws IOException {
        int depth = 1;
        String name = null;
        while (depth > 0) {
            JsonToken t = p.nextToken();
            if (t == null) return;
            switch (t) {
                case START_OBJECT -> depth++;
                case END_OBJECT -> depth--;
                case FIELD_NAME -> name = p.currentName();
                case START_ARRAY -> {
                    var values = new ArrayList<String>();
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        if (p.currentToken().isStructStart()) p.skipChildren();
                        else values.add(p.getText());
                    }
                    fields.put(name, values);
                }
                default -> { }
            }
        }
    }

    /** Frame number (1-based, every frame) to the connection key of its TCP/UDP endpoints. */
    static Map<Long, String> frameKeys(Path capture) throws Exception {
        var keys = new LinkedHashMap<Long, String>();
        var decoder = new PacketDecoder();
        var pkt = new Packet();
        long n = 0;
        try (PacketSource src = CaptureInputs.open(capture)) {
            while (src.next()) {
                n++;
                pkt.frame(src.timestampNanos(), src.buffer(), src.linkType(), src.offset(), src.capturedLength(),
                        src.originalLength());
                decoder.decode(pkt);
                if (!(pkt.isTcp() || pkt.isUdp())) continue;
                keys.put(n, key(IpAddress.format(pkt.srcHi, pkt.srcLo), pkt.srcPort,
                        IpAddress.format(pkt.dstHi, pkt.dstLo), pkt.dstPort));
            }
        }
        return keys;
    }
}
