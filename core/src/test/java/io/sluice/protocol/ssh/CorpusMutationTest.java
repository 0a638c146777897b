package io.sluice.protocol.ssh;

import io.sluice.protocol.CaptureConversations.Chunk;
import io.sluice.protocol.RecordingContext;
import io.sluice.protocol.http.HttpProtocol;
import io.sluice.protocol.http.TunnelledConversations;
import io.sluice.testing.Corpus;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Mutated corpus payloads (HTTP and SSH conversations of the conformance captures, with random
 * bytes flipped, dropped or duplicated, seeded for reproducibility) never make either dissector
 * throw.
 */
@Tag("corpus")
@EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
class CorpusMutationTest {

    @Test
    void mutatedCorpusConversationsNeverThrow() throws Exception {
        var random = new Random(20240531L);
        String[] captures = {"pcap-protocols/zeek/ssh.basic/ssh.pcap", "fingerprints/ja4/http1.pcapng",
            "fingerprints/ja4/ssh-r.pcap", "pcap-protocols/chrissanders-packets/http_dvwa_clearlogin.pcapng"};
        for (String capture : captures) {
            for (var flow : TunnelledConversations.read(Corpus.file(capture))) {
                var chunks = flow.conversation().chunks();
                if (!flow.conversation().proto().equals("tcp") || chunks.isEmpty()) continue;
                for (int round = 0; round < 5; round++) {
                    var mutated = mutate(chunks, random);
                    replay(new SshDissector(), mutated, true);
                    replay(HttpProtocol.SIGNATURE.create(), mutated, false);
                }
            }
        }
    }

    private static List<Chunk> mutate(List<Chunk> chunks, Random random) {
        var out = new ArrayList<Chunk>();
        for (Chunk c : chunks) {
            int r = random.nextInt(10);
            if (r == 0) continue; // a lost segment
            byte[] b = c.bytes().clone();
            for (int k = random.nextInt(4); k > 0 && b.length > 0; k--) b[random.nextInt(b.length)] = (byte) random.nextInt();
            out.add(new Chunk(c.tsNanos(), c.fromOrig(), b));
            if (r == 1) out.add(new Chunk(c.tsNanos(), c.fromOrig(), b)); // a duplicate
        }
        return out;
    }

    private static void replay(io.sluice.protocol.Dissector d, List<Chunk> chunks, boolean packets) {
        var ctx = RecordingContext.tcp("10.0.0.1", 1, "10.0.0.2", 2);
        for (Chunk c : chunks) {
            d.onData(c.fromOrig(), ByteBuffer.wrap(c.bytes()), 0, c.bytes().length, ctx);
            if (packets && d instanceof SshDissector s) s.onPacket(c.fromOrig(), c.bytes().length, false, ctx);
        }
        d.onEnd(ctx);
    }
}
