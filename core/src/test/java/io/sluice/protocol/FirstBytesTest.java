package io.sluice.protocol;

import static io.sluice.testing.CraftedSessions.client;
import static io.sluice.testing.CraftedSessions.flows;
import static io.sluice.testing.CraftedSessions.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.event.FlowRecord;
import io.sluice.event.LogFormat;
import io.sluice.event.LogWriter;
import io.sluice.event.UnidentifiedPayload;
import io.sluice.packet.ByteEntropy;
import io.sluice.packet.craft.TlsHelloBytes;
import io.sluice.testing.CraftedSessions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The measure of the first payload bytes of connections no dissector identifies, through the real
 * pipeline on crafted packets: random, text and TLS payloads, short flows, midstream pickup, UDP.
 */
class FirstBytesTest {
    @TempDir
    Path dir;

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] text(int n) {
        String s = "the quick brown fox reports to the office that all is well and nothing happened today. ";
        var sb = new StringBuilder();
        while (sb.length() < n) sb.append(s);
        return sb.substring(0, n).getBytes(StandardCharsets.US_ASCII);
    }

    private static FlowRecord only(List<FlowRecord> flows) {
        assertThat(flows).hasSize(1);
        return flows.get(0);
    }

    @Test
    void randomPayloadOnAnUnknownPortIsMeasuredNearEightBitsPerByteBothWays() {
        // The client's first segment (1,400 bytes) ends identification; the server's answer is still sampled.
        var f = only(flows(new CraftedSessions()
                .tcp("10.0.0.5", 50000, "203.0.113.9", 4444, 0.2, List.of(client(random(2000, 1)), server(random(3000, 2))))
                .events(dir)));
        assertThat(f.service()).isNull();
        UnidentifiedPayload p = f.payload();
        assertThat(p).isNotNull();
        assertThat(p.origSampled()).isEqualTo(256);
        assertThat(p.respSampled()).isEqualTo(256);
        // 256 uniform bytes: 7.17 expected, 0.05 standard deviation
        assertThat(p.origEntropy()).isBetween(6.9, 7.45);
        assertThat(p.respEntropy()).isBetween(6.9, 7.45);
        byte[] r = random(2000, 1);
        assertThat(p.origHead()).isEqualTo(ByteBuffer.wrap(r).getInt() & 0xffffffffL);
    }

    @Test
    void theEntropyIsThatOfTheFirstBytesExactly() {
        byte[] c = random(100, 3);
        byte[] s = text(120);
        var f = only(flows(new CraftedSessions()
                .tcp("10.0.0.5", 50000, "203.0.113.9", 4444, 0.2, List.of(client(c), server(s), client(random(500, 4))))
                .events(dir)));
        byte[] firstOrig = new byte[256];
        System.arraycopy(c, 0, firstOrig, 0, 100);
        System.arraycopy(random(500, 4), 0, firstOrig, 100, 156);
        var e = new ByteEntropy();
        assertThat(f.payload().origSampled()).isEqualTo(256);
        assertThat(f.payload().origEntropy()).isEqualTo(e.bits(ByteBuffer.wrap(firstOrig), 0, 256));
        assertThat(f.payload().respSampled()).isEqualTo(120);
        assertThat(f.payload().respEntropy()).isEqualTo(e.bits(ByteBuffer.wrap(s), 0, 120));
    }

    @Test
    void textIsMeasuredLow() {
        var f = only(flows(new CraftedSessions()
                .tcp("10.0.0.5", 50000, "203.0.113.9", 4444, 0.2, List.of(client(text(600)), server(text(900))))
                .events(dir)));
        assertThat(f.service()).isNull();
        assertThat(f.payload().origEntropy()).isLessThan(4.5);
        assertThat(f.payload().respEntropy()).isLessThan(4.5);
    }

    @Test
    void aConnectionADissectorIdentifiedIsNotMeasured() {
        // TLS: a ClientHello, then records of random application data
        byte[] hello = TlsHelloBytes.clientHello("example.com");
        byte[] appData = new byte[5 + 600];
        appData[0] = 23;
        appData[1] = 3;
        appData[2] = 3;
        appData[3] = (byte) (600 >> 8);
        appData[4] = (byte) 600;
        System.arraycopy(random(600, 5), 0, appData, 5, 600);
        var f = only(flows(new CraftedSessions()
                .tcp("10.0.0.5", 50000, "203.0.113.9", 443, 0.2, List.of(client(hello), client(appData)))
                .events(dir)));
        assertThat(f.service()).isEqualTo("ssl");
        assertThat(f.payload()).isNull();
    }

    @Test
    void fewBytesHaveALengthButNoEntropy() {
        var f = only(flows(new CraftedSessions()
                .tcp("10.0.0.5", 50000, "203.0.113.9", 4444, 0.2, List.of(client(random(40, 6)), server(random(63, 7))))
                .events(dir)));
        assertThat(f.payload().origSampled()).isEqualTo(40);
        assertThat(f.payload().origEntropy()).isNull();
        assertThat(f.payload().respSampled()).isEqualTo(63);
        assertThat(f.payload().respEntropy()).isNull();
    }

    @Test
    void aSilentDirectionHasNoMeasure() {
        var f = only(flows(new CraftedSessions()
                .tcp("10.0.0.5", 50000, "203.0.113.9", 4444, 0.2, List.of(client(random(300, 8))))
                .events(dir)));
        assertThat(f.payload().origSampled()).isEqualTo(256);
        assertThat(f.payload().respSampled()).isZero();
        assertThat(f.payload().respEntropy()).isNull();
        assertThat(f.payload().respHead()).isEqualTo(-1);
    }

    @Test
    void manySmallSegmentsAreSampledPastTheEndOfIdentification() {
        // 20 chunks of 30 bytes: identification gives up after 10 chunks, 150 bytes from each side
        var messages = new java.util.ArrayList<CraftedSessions.Message>();
        for (int i = 0; i < 20; i++) messages.add(i % 2 == 0 ? client(random(30, 100 + i)) : server(random(30, 100 + i)));
        var f = only(flows(new CraftedSessions().tcp("10.0.0.5", 50000, "203.0.113.9", 4444, 0.1, messages).events(dir)));
        assertThat(f.payload().origSampled()).isEqualTo(256);
        assertThat(f.payload().respSampled()).isEqualTo(256);
    }

    @Test
    void aMidstreamPickupIsMeasuredFromItsFirstSeenByte() {
        var f = only(flows(new CraftedSessions()
                .tcpMidstream("10.0.0.5", 50000, "203.0.113.9", 443, 0.2, List.of(server(random(1200, 9)), client(random(700, 10))))
                .events(dir)));
        assertThat(f.history()).doesNotContain("S");
        assertThat(f.service()).isNull();
        assertThat(f.payload().origSampled() + f.payload().respSampled()).isEqualTo(512);
    }

    @Test
    void udpDatagramsAreSampledOneAfterTheOther() {
        var f = only(flows(new CraftedSessions()
                .udp("10.0.0.5", 50000, "203.0.113.9", 7777, 0.5,
                        List.of(client(random(100, 11)), server(random(200, 12)), client(random(100, 13)), client(random(100, 14))))
                .events(dir)));
        assertThat(f.proto()).isEqualTo("udp");
        assertThat(f.payload().origSampled()).isEqualTo(256);
        assertThat(f.payload().respSampled()).isEqualTo(200);
        assertThat(f.payload().origEntropy()).isGreaterThan(7.0);
    }

    @Test
    void theMeasureCanBeSwitchedOff() {
        var f = only(flows(new CraftedSessions()
                .tcp("10.0.0.5", 50000, "203.0.113.9", 4444, 0.2, List.of(client(random(2000, 1)), server(random(3000, 2))))
                .events(dir, DissectionConfig.defaults().withSampleBytes(0))));
        assertThat(f.payload()).isNull();
    }

    @Test
    void connLogCarriesTheMeasureAsExtraFields() throws java.io.IOException {
        var f = only(flows(new CraftedSessions()
                .tcp("10.0.0.5", 50000, "203.0.113.9", 4444, 0.2, List.of(client(random(2000, 1)), server(text(90))))
                .events(dir)));
        var names = FlowRecord.SCHEMA.fields().stream().map(x -> x.name()).toList();
        assertThat(names).containsSubsequence("service", "orig_payload_sampled", "orig_payload_entropy",
                "orig_payload_head", "resp_payload_sampled", "resp_payload_entropy", "resp_payload_head");
        assertThat(names.indexOf("orig_payload_sampled")).as("appended after Zeek's fields")
                .isGreaterThan(names.indexOf("exporter"));
        var bytes = new java.io.ByteArrayOutputStream();
        try (var w = LogWriter.create(LogFormat.JSON, FlowRecord.SCHEMA, bytes, 0)) {
            w.write(f);
        }
        String json = bytes.toString(StandardCharsets.UTF_8);
        assertThat(json).contains("\"orig_payload_sampled\":256").contains("\"resp_payload_sampled\":90")
                .contains("\"orig_payload_head\":\"" + String.format("%08x", ByteBuffer.wrap(random(2000, 1)).getInt()) + "\"");
    }

    @Test
    void firstBytesKeepsItsBoundsAndFlips() {
        var b = new FirstBytes(8);
        b.reset();
        b.take(true, ByteBuffer.wrap(new byte[] {1, 2, 3}), 0, 3);
        b.take(true, ByteBuffer.wrap(new byte[] {4, 5, 6, 7, 8, 9, 10}), 0, 7);
        assertThat(b.length(true)).isEqualTo(8);
        assertThat(b.wants(true)).isFalse();
        assertThat(b.head(true)).isEqualTo(0x01020304L);
        b.take(false, ByteBuffer.wrap(new byte[] {9, 9}), 0, 2);
        b.end(false);
        b.take(false, ByteBuffer.wrap(new byte[] {9, 9}), 0, 2);
        assertThat(b.length(false)).as("nothing after a gap").isEqualTo(2);
        assertThat(b.head(false)).isEqualTo(-1);
        b.flip();
        assertThat(b.length(true)).isEqualTo(2);
        assertThat(b.length(false)).isEqualTo(8);
        assertThat(b.wants(true)).isFalse();
        b.reset();
        assertThat(b.length(false)).isZero();
        assertThat(b.wants(false)).isTrue();
    }
}
