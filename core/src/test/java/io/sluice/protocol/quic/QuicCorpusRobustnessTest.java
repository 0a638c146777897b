package io.sluice.protocol.quic;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.CaptureConversations;
import io.sluice.protocol.RecordingContext;
import io.sluice.testing.Corpus;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Every corpus capture that carries QUIC, through the real pipeline: no dissector exception, every
 * QUIC connection decrypted (confirmed, so conn.log says "quic,ssl") and fingerprinted; then the
 * captures' QUIC datagrams mutated (seeded, reproducible) into the dissector directly: no exception,
 * bounded state.
 */
@Tag("corpus")
@EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
class QuicCorpusRobustnessTest {

    static List<Path> captures() throws Exception {
        var out = new ArrayList<Path>();
        try (Stream<Path> s = Files.list(Corpus.file("fingerprints/ja4"))) {
            s.filter(p -> p.toString().endsWith(".pcap") || p.toString().endsWith(".pcapng")).sorted().forEach(out::add);
        }
        for (String t : new String[] {"ja4-quic", "quic-ietf-ja3", "quic-v2-ja3"}) {
            out.add(Corpus.file("fingerprints/suricata-verify/" + t + "/input.pcap"));
        }
        out.add(Corpus.file("pcap-protocols/zeek/quic.chromium/chromium-115.0.5790.110-api-cirrus-com.pcap"));
        out.add(Corpus.file("pcap-protocols/suricata-verify/tls-alpn-client-log-01/input.pcap"));
        return out;
    }

    @Test
    void everyQuicConnectionOfTheCorpusIsDecryptedWithoutAnException() throws Exception {
        int rows = 0;
        var report = new StringBuilder();
        for (Path p : captures()) {
            var run = QuicCapture.run(p, false);
            assertThat(run.weirds()).as(p.toString()).noneMatch(w -> w.name().equals("dissector_exception"));
            for (QuicConnection q : run.quic()) {
                rows++;
                report.append(p.getFileName()).append(' ').append(q.version()).append(' ').append(q.history())
                        .append(' ').append(q.ja4()).append('\n');
                assertThat(q.ja4()).as("%s %s", p, q.id()).startsWith("q");
                var conn = run.conns().stream().filter(r -> r.uid().equals(q.uid())).findFirst().orElseThrow();
                assertThat(conn.service()).as("%s %s", p, q.id()).isEqualTo("quic,ssl");
            }
            assertThat(run.weirds()).as(p.toString())
                    .noneMatch(w -> w.name().startsWith("QUIC_") && !w.name().equals("QUIC_many_protocols"));
        }
        System.out.print(report);
        assertThat(rows).isGreaterThan(20);
    }

    @Test
    void mutatedCorpusDatagramsNeverThrow() throws Exception {
        var conversations = new ArrayList<CaptureConversations.Conversation>();
        for (Path p : captures()) {
            for (var c : CaptureConversations.read(p)) {
                if (c.proto().equals("udp") && (c.id().respP() == 443 || c.id().origP() == 443)) conversations.add(c);
            }
        }
        assertThat(conversations).isNotEmpty();
        var random = new Random(20240611L);
        for (int round = 0; round < 400; round++) {
            var conv = conversations.get(random.nextInt(conversations.size()));
            var d = new QuicDissector();
            var ctx = RecordingContext.udp(conv.id().origH(), conv.id().origP(), conv.id().respH(), conv.id().respP());
            int limit = Math.min(conv.chunks().size(), 12);
            for (int i = 0; i < limit; i++) {
                byte[] b = conv.chunks().get(i).bytes().clone();
                int flips = random.nextInt(4);
                for (int k = 0; k < flips && b.length > 0; k++) b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                if (random.nextInt(5) == 0 && b.length > 0) b = java.util.Arrays.copyOf(b, random.nextInt(b.length));
                d.onData(conv.chunks().get(i).fromOrig(), ByteBuffer.wrap(b), 0, b.length, ctx);
                assertThat(d.bufferedBytes()).isLessThanOrEqualTo(2 * CryptoStream.LIMIT + 2 * 65536);
            }
            d.onEnd(ctx);
        }
    }
}
