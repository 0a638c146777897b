package io.sluice.detect.analytics;

import static io.sluice.testing.CraftedSessions.client;
import static io.sluice.testing.CraftedSessions.flows;
import static io.sluice.testing.CraftedSessions.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import io.sluice.packet.ByteEntropy;
import io.sluice.packet.craft.TlsHelloBytes;
import io.sluice.testing.CraftedSessions;
import io.sluice.testing.CraftedSessions.Message;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import io.sluice.capture.CaptureInputs;
import io.sluice.event.LogFormat;
import io.sluice.event.LogWriter;
import io.sluice.flow.CommunityId;
import io.sluice.flow.UidGenerator;
import io.sluice.ingest.IngestContext;
import io.sluice.ingest.zeek.ZeekLogFormat;
import io.sluice.testing.Corpus;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

class OpaqueChannelDetectorTest {
    @TempDir
    Path dir;

    private static final OpaqueChannelDetector DEFAULT = new OpaqueChannelDetector(OpaqueChannelDetector.Config.DEFAULTS);
    private static final SecretKeySpec KEY = new SecretKeySpec("sluice-test-key!".getBytes(StandardCharsets.US_ASCII), "AES");

    private static List<Alert> run(List<Event> events) {
        return DetectorHarness.run(DEFAULT, events);
    }

    /** What a custom implant says: a task poll and its answer, as text before encryption. */
    private static byte[] plain(String kind, int i, int size) {
        var sb = new StringBuilder();
        while (sb.length() < size) {
            sb.append("{\"id\":\"implant-7\",\"seq\":").append(i).append(",\"kind\":\"").append(kind)
                    .append("\",\"host\":\"WS-ACCOUNTING-12\",\"user\":\"alice\",\"tasks\":[]}\n");
        }
        return sb.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    }

    /** AES-128-CTR with a deterministic key and a per-message IV sent first, as custom C2 frames it. */
    private static byte[] aesCtr(byte[] plaintext, long ivSeed) {
        try {
            byte[] iv = new byte[16];
            new Random(ivSeed).nextBytes(iv);
            var c = Cipher.getInstance("AES/CTR/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, KEY, new IvParameterSpec(iv));
            byte[] ct = c.doFinal(plaintext);
            byte[] out = new byte[16 + ct.length];
            System.arraycopy(iv, 0, out, 0, 16);
            System.arraycopy(ct, 0, out, 16, ct.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Message> encryptedSession(int i) {
        return List.of(client(aesCtr(plain("poll", i, 300), 2L * i)), server(aesCtr(plain("tasking", i, 700), 2L * i + 1)),
                client(aesCtr(plain("result", i, 400), 1000L + i)));
    }

    private static List<Message> plainSession(int i) {
        return List.of(client(plain("poll", i, 300)), server(plain("tasking", i, 700)), client(plain("result", i, 400)));
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void repeatedAesCtrSessionsToAnOutsidePortNoDissectorKnowsAreAnOpaqueChannel() {
        var capture = new CraftedSessions();
        for (int i = 0; i < 4; i++) capture.at(i * 60).tcp("10.0.0.5", 50000 + i, "203.0.113.9", 4444, 0.3, encryptedSession(i));
        var events = capture.events(dir);
        var conns = flows(events);
        assertThat(conns).hasSize(4).allSatisfy(f -> {
            assertThat(f.service()).isNull();
            assertThat(f.payload().origEntropy()).isGreaterThan(6.9);
        });
        var alerts = run(events);
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.detectorId()).isEqualTo("channel.opaque");
            assertThat(a.techniques()).containsExactly(Technique.of("T1573.001"), Technique.of("T1573"));
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_TRAFFIC_CONTENT);
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.srcHost()).isEqualTo("10.0.0.5");
            assertThat(a.dstHosts()).containsExactly("203.0.113.9");
            assertThat(a.dstPorts()).containsExactly(4444);
            assertThat(a.explanation()).startsWith("10.0.0.5 exchanged 4 connections with 203.0.113.9:4444/tcp over 3.")
                    .contains("that no dissector recognised and whose first bytes are near-random (client 256 bytes at 7.")
                    .contains("where random bytes average 7.17; server 256 bytes at 7.")
                    // four sessions of 316 + 716 + 416 bytes (16-byte IVs and the messages)
                    .contains(", " + Explanations.bytes(4 * (316 + 716 + 416)) + " of payload in all,");
            assertThat(a.evidence()).extracting(e -> e.uid()).containsExactlyElementsOf(conns.stream().map(FlowRecord::uid).toList());
            assertThat(a.evidence()).extracting(e -> e.communityId())
                    .containsExactlyElementsOf(conns.stream().map(FlowRecord::communityId).toList());
        });
    }

    @Test
    void sluicesOwnConnLogReadBackCarriesTheMeasureAndTheSameAlert() throws Exception {
        var capture = new CraftedSessions();
        for (int i = 0; i < 4; i++) capture.at(i * 60).tcp("10.0.0.5", 50000 + i, "203.0.113.9", 4444, 0.3, encryptedSession(i));
        var conns = flows(capture.events(dir));
        for (LogFormat format : LogFormat.values()) {
            var out = new java.io.ByteArrayOutputStream();
            try (var w = LogWriter.create(format, FlowRecord.SCHEMA, out, 0)) {
                for (FlowRecord f : conns) w.write(f);
            }
            var back = new ArrayList<Event>();
            var problems = new ArrayList<String>();
            var ctx = new IngestContext("conn.log", back::add, (src, pos, reason) -> problems.add(pos + ": " + reason),
                    new UidGenerator(1), new CommunityId(0));
            new ZeekLogFormat().read(new java.io.ByteArrayInputStream(out.toByteArray()), ctx);
            assertThat(problems).isEmpty();
            var read = flows(back);
            assertThat(read).hasSize(4);
            for (int i = 0; i < 4; i++) {
                var want = conns.get(i).payload();
                var got = read.get(i).payload();
                assertThat(got.origSampled()).isEqualTo(want.origSampled());
                assertThat(got.respHead()).isEqualTo(want.respHead());
                assertThat(got.origEntropy()).isCloseTo(want.origEntropy(), org.assertj.core.data.Offset.offset(1e-5));
            }
            assertThat(run(back)).as(format.name()).singleElement()
                    .satisfies(a -> assertThat(a.explanation()).startsWith("10.0.0.5 exchanged 4 connections with 203.0.113.9:4444/tcp"));
        }
    }

    @Test
    void theSameConversationsInPlainTextAreQuiet() {
        var capture = new CraftedSessions();
        for (int i = 0; i < 6; i++) capture.at(i * 60).tcp("10.0.0.5", 50000 + i, "203.0.113.9", 4444, 0.3, plainSession(i));
        var events = capture.events(dir);
        assertThat(flows(events)).allSatisfy(f -> assertThat(f.payload().origEntropy()).isLessThan(5.5));
        assertThat(run(events)).isEmpty();
    }

    @Test
    void tlsSessionsTo443AreQuiet() {
        var capture = new CraftedSessions();
        for (int i = 0; i < 6; i++) {
            byte[] record = new byte[5 + 700];
            record[0] = 23;
            record[1] = 3;
            record[2] = 3;
            record[3] = (byte) (700 >> 8);
            record[4] = (byte) 700;
            System.arraycopy(random(700, i), 0, record, 5, 700);
            capture.at(i * 60).tcp("10.0.0.5", 50000 + i, "203.0.113.9", 443, 0.3,
                    List.of(client(TlsHelloBytes.clientHello("example.com")), client(record)));
        }
        var events = capture.events(dir);
        assertThat(flows(events)).allSatisfy(f -> assertThat(f.service()).isEqualTo("ssl"));
        assertThat(run(events)).isEmpty();
    }

    @Test
    void anUnidentifiedLowEntropyBinaryProtocolIsQuiet() {
        // length-prefixed records of small counters and flags: structured, far from random
        var capture = new CraftedSessions();
        for (int i = 0; i < 6; i++) {
            var b = ByteBuffer.allocate(600);
            var r = new Random(i);
            while (b.remaining() >= 12) b.putInt(12).putShort((short) r.nextInt(8)).putShort((short) 1).putInt(r.nextInt(1000));
            capture.at(i * 60).tcp("10.0.0.5", 50000 + i, "203.0.113.9", 4444, 0.3, List.of(client(b.array()), server(b.array())));
        }
        var events = capture.events(dir);
        assertThat(flows(events)).allSatisfy(f -> {
            assertThat(f.service()).isNull();
            assertThat(f.payload().origEntropy()).isLessThan(5.0);
        });
        assertThat(run(events)).isEmpty();
    }

    @Test
    void oneShortRandomFlowIsNotAnIncidentButOneLongOneIs() {
        var one = new CraftedSessions().tcp("10.0.0.5", 50000, "203.0.113.9", 4444, 0.3, encryptedSession(0)).events(dir);
        assertThat(run(one)).isEmpty();
        // the same exchange spread over 20 minutes: one sustained session
        var messages = new ArrayList<Message>();
        for (int i = 0; i < 5; i++) messages.addAll(encryptedSession(i));
        var longOne = new CraftedSessions().tcp("10.0.0.5", 50000, "203.0.113.9", 4444, 80, messages).events(dir);
        assertThat(flows(longOne).get(0).durationNanos()).isGreaterThan(600_000_000_000L);
        assertThat(run(longOne)).singleElement().satisfies(a -> assertThat(a.explanation())
                .startsWith("10.0.0.5 exchanged 1 connection with 203.0.113.9:4444/tcp over 20.0 min (longest 20.0 min)"));
    }

    @Test
    void twoFlowsAreBelowTheCountAndThreeReachIt() {
        var two = new CraftedSessions();
        for (int i = 0; i < 2; i++) two.at(i * 60).tcp("10.0.0.5", 50000 + i, "203.0.113.9", 4444, 0.3, encryptedSession(i));
        assertThat(run(two.events(dir))).isEmpty();
        var three = new CraftedSessions();
        for (int i = 0; i < 3; i++) three.at(i * 60).tcp("10.0.0.5", 50000 + i, "203.0.113.9", 4444, 0.3, encryptedSession(i));
        assertThat(run(three.events(dir))).hasSize(1);
    }

    @Test
    void midstreamPickupsOnEncryptedServicePortsAreQuietButNotElsewhere() {
        var on443 = new CraftedSessions();
        var on4444 = new CraftedSessions();
        for (int i = 0; i < 4; i++) {
            // the client's packet comes first, so it is the originator even without a SYN
            var m = List.of(client(random(400, 100 + i)), server(random(900, i)));
            on443.at(i * 60).tcpMidstream("10.0.0.5", 50000 + i, "203.0.113.9", 443, 0.3, m);
            on4444.at(i * 60).tcpMidstream("10.0.0.5", 50000 + i, "203.0.113.9", 4444, 0.3, m);
        }
        var events = on443.events(dir);
        assertThat(flows(events)).allSatisfy(f -> assertThat(f.payload()).isNotNull());
        assertThat(run(events)).isEmpty();
        assertThat(run(on4444.events(dir))).hasSize(1);
    }

    @Test
    void tlsRecordsPickedUpMidstreamOnAnyPortAreQuiet() {
        var capture = new CraftedSessions();
        for (int i = 0; i < 4; i++) {
            byte[] record = random(600, i);
            record[0] = 23;
            record[1] = 3;
            record[2] = 3;
            record[3] = (byte) (595 >> 8);
            record[4] = (byte) 595;
            capture.at(i * 60).tcpMidstream("10.0.0.5", 50000 + i, "203.0.113.9", 7443, 0.3, List.of(client(record)));
        }
        var events = capture.events(dir);
        assertThat(flows(events)).allSatisfy(f -> assertThat(f.payload().origHead() >>> 24).isEqualTo(23));
        assertThat(run(events)).isEmpty();
    }

    @Test
    void wireGuardOnItsPortIsQuietWhileShapelessRandomUdpFires() {
        var wg = new CraftedSessions();
        var other = new CraftedSessions();
        for (int i = 0; i < 4; i++) {
            byte[] init = random(148, i);
            init[0] = 1;
            init[1] = init[2] = init[3] = 0;
            byte[] data = random(300, 50 + i);
            data[0] = 4;
            data[1] = data[2] = data[3] = 0;
            wg.at(i * 200).udp("10.0.0.5", 40000 + i, "203.0.113.9", 51820, 0.2, List.of(client(init), client(data)));
            other.at(i * 200).udp("10.0.0.5", 40000 + i, "203.0.113.9", 51821, 0.2,
                    List.of(client(random(148, i)), client(random(300, 50 + i))));
        }
        var wgEvents = wg.events(dir);
        assertThat(flows(wgEvents)).hasSize(4).allSatisfy(f -> assertThat(f.payload().origEntropy()).isGreaterThan(6.5));
        assertThat(run(wgEvents)).isEmpty();
        assertThat(run(other.events(dir))).hasSize(1);
    }

    @Test
    void srtpMediaOfACallIsQuiet() {
        // a 40-minute call: RTP version 2, payload type 111 (Opus), sequence, timestamp, SSRC, then ciphertext
        var messages = new ArrayList<Message>();
        for (int i = 0; i < 60; i++) {
            for (boolean out : new boolean[] {true, false}) {
                byte[] p = random(160, (out ? 1000 : 2000) + i);
                var h = ByteBuffer.wrap(p);
                h.put((byte) 0x80).put((byte) 111).putShort((short) i).putInt(i * 960).putInt(out ? 0x1234abcd : 0x5678ef01);
                messages.add(out ? client(p) : server(p));
            }
        }
        var events = new CraftedSessions().udp("10.0.0.5", 40000, "203.0.113.9", 31000, 20, messages).events(dir);
        assertThat(flows(events)).singleElement().satisfies(f -> {
            assertThat(f.durationNanos()).isGreaterThan(600_000_000_000L);
            assertThat(f.payload().origEntropy()).as("only the headers are clear").isGreaterThan(6.8);
        });
        assertThat(run(events)).isEmpty();
        // the same bytes without the RTP header's version bits are a channel
        for (Message m : messages) m.bytes()[0] = 0x10;
        var shapeless = new CraftedSessions().udp("10.0.0.5", 40000, "203.0.113.9", 31000, 20, messages).events(dir);
        assertThat(run(shapeless)).hasSize(1);
    }

    @Test
    void internalPeersAreNotAChannelOut() {
        var capture = new CraftedSessions();
        for (int i = 0; i < 4; i++) capture.at(i * 60).tcp("10.0.0.5", 50000 + i, "10.0.0.9", 4444, 0.3, encryptedSession(i));
        assertThat(run(capture.events(dir))).isEmpty();
    }

    @Test
    void theExpectedEntropyOfRandomBytesIsWhatSamplesShow() {
        var e = new ByteEntropy();
        var r = new Random(42);
        for (int n : new int[] {64, 128, 256, 1024}) {
            double sum = 0;
            int rounds = 2000;
            byte[] b = new byte[n];
            for (int k = 0; k < rounds; k++) {
                r.nextBytes(b);
                sum += e.bits(ByteBuffer.wrap(b), 0, n);
            }
            assertThat(RandomEntropy.expected(n)).as("n = %d", n).isCloseTo(sum / rounds, org.assertj.core.data.Offset.offset(0.01));
        }
        assertThat(RandomEntropy.expected(256)).isBetween(7.17, 7.18);
    }

    /**
     * Quiet on every protocol trace of the corpus (the APNs session on 5223, TLS picked up midstream,
     * is the one whose first bytes are near-random: its TLS record header leaves it out), and on the
     * corpus's C2 captures, none of which encrypts without framing: Aurora's channel (4321) is
     * encoded, not random (5.1 bits per byte), the RAT of ratinfected (4433) sends text-like bytes
     * (5.3), and both run between private addresses.
     */
    @Test
    @Tag("corpus")
    @EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
    void theCorpusProtocolTracesAndC2CapturesAreQuiet() throws Exception {
        var inputs = CaptureInputs.resolve(List.of(Corpus.file("pcap-protocols").toString(),
                Corpus.file("pcap-attacks/chrissanders-packets/aurora.pcapng").toString(),
                Corpus.file("pcap-attacks/chrissanders-packets/ratinfected.pcapng").toString()));
        int measured = 0, nearRandom = 0;
        var alerts = new ArrayList<String>();
        for (int i = 0; i < inputs.size(); i++) {
            var events = CraftedCapture.eventsOf(Path.of(inputs.names().get(i)));
            for (Event e : events) {
                if (!(e instanceof FlowRecord f) || f.payload() == null) continue;
                measured++;
                var o = f.payload().origEntropy();
                if (o != null && f.payload().origSampled() == 256 && o > RandomEntropy.expected(256) - 0.35) nearRandom++;
            }
            for (Alert a : run(events)) alerts.add(inputs.names().get(i) + ": " + a.explanation());
        }
        assertThat(measured).as("unidentified connections measured").isGreaterThan(50);
        assertThat(nearRandom).as("the APNs session at least").isGreaterThanOrEqualTo(1);
        assertThat(alerts).isEmpty();
    }

    @Test
    void readsItsSettings() {
        var c = OpaqueChannelDetector.config(DetectConfig.empty().with("detectors.channel.opaque.min_flows", "2")
                .with("detectors.channel.opaque.min_duration", "30m").with("detectors.channel.opaque.tolerance", "0.5"));
        assertThat(c.minFlows()).isEqualTo(2);
        assertThat(c.minDurationNanos()).isEqualTo(1_800_000_000_000L);
        assertThat(c.tolerance()).isEqualTo(0.5);
        var two = new CraftedSessions();
        for (int i = 0; i < 2; i++) two.at(i * 60).tcp("10.0.0.5", 50000 + i, "203.0.113.9", 4444, 0.3, encryptedSession(i));
        assertThat(DetectorHarness.run(new OpaqueChannelDetector(c), two.events(dir))).hasSize(1);
    }
}
