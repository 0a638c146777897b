package io.sluice.protocol.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.CaptureConversations;
import io.sluice.protocol.RecordingContext;
import io.sluice.testing.Corpus;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Real TLS conversations from the corpus, mutated (bytes overwritten, chunks cut short or
 * dropped) and replayed: the dissector never throws and stays within its reassembly bound.
 */
@Tag("corpus")
@EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
class TlsCorpusMutationTest {

    @Test
    void mutatedCorpusConversationsNeverThrow() throws Exception {
        var convs = new ArrayList<CaptureConversations.Conversation>();
        for (String c : List.of("pcap-protocols/zeek/ssl.tls-1.2/tls1.2.pcap", "fingerprints/ja4/browsers-x509.pcapng",
                "fingerprints/ja4/tls-handshake.pcapng", "fingerprints/ja4/latest.pcapng", "fingerprints/ja4/badcurveball.pcap")) {
            for (var conv : CaptureConversations.read(Corpus.file(c))) {
                if (!conv.proto().equals("tcp") || conv.chunks().isEmpty()) continue;
                var first = conv.chunks().get(0);
                if (TlsProtocol.SIGNATURE.matches(first.fromOrig(), ByteBuffer.wrap(first.bytes()), 0, first.bytes().length, 0, 0)) {
                    convs.add(conv);
                }
            }
        }
        assertThat(convs).hasSizeGreaterThan(50);
        var rnd = new Random(20240611);
        int runs = 0;
        for (int round = 0; round < 30; round++) {
            for (var conv : convs) {
                var ctx = new RecordingContext("Cmut", conv.id(), "tcp");
                var d = new TlsDissector();
                int limit = Math.min(conv.chunks().size(), 40);
                for (int i = 0; i < limit && d.wantsMore(); i++) {
                    var c = conv.chunks().get(i);
                    byte[] b = c.bytes().clone();
                    int mutations = rnd.nextInt(4);
                    for (int k = 0; k < mutations && b.length > 0; k++) b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
                    int len = rnd.nextInt(10) == 0 ? rnd.nextInt(b.length + 1) : b.length;
                    if (rnd.nextInt(20) == 0) continue; // a lost segment
                    d.onData(c.fromOrig(), ByteBuffer.wrap(b), 0, len, ctx);
                }
                d.onEnd(ctx);
                assertThat(d.bufferedBytes()).isLessThanOrEqualTo(2 * TlsDissector.MAX_MESSAGE);
                assertThat(ctx.eventsOf(TlsHandshake.class)).hasSizeLessThanOrEqualTo(1);
                runs++;
            }
        }
        assertThat(runs).isGreaterThan(1500);
    }
}
