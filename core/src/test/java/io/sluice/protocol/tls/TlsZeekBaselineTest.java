package io.sluice.protocol.tls;

import io.sluice.testing.ZeekTsv;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.event.Event;
import io.sluice.protocol.CaptureConversations;
import io.sluice.testing.Corpus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * ssl.log and x509.log against Zeek's own baselines (pcap-protocols/zeek/<test>/baseline), field
 * by field. Zeek masks ts and uid in its baselines; we compare every other field Zeek logs. Our
 * appended fields (ja3, ja3s, ja4, ja4s, subject, issuer, ja4x, self_signed) are not in these
 * baselines and are checked against their own references elsewhere.
 */
@Tag("corpus")
@EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
class TlsZeekBaselineTest {

    /** Events of every TCP conversation whose first payload is TLS. */
    static List<Event> run(String capture) throws Exception {
        return run(capture, false);
    }

    /**
     * @param handOver start TLS at the first chunk that looks like TLS, as a protocol that upgrades
     *     to TLS in band (RDP after its X.224 negotiation, STARTTLS) hands its stream over
     */
    static List<Event> run(String capture, boolean handOver) throws Exception {
        var events = new ArrayList<Event>();
        for (var conv : CaptureConversations.read(Corpus.file(capture))) events.addAll(runConversation(conv, handOver));
        return events;
    }

    static List<Event> runConversation(CaptureConversations.Conversation conv, boolean handOver) {
        if (!conv.proto().equals("tcp")) return List.of();
        int start = -1;
        for (int i = 0; i < conv.chunks().size() && (handOver || i < 1); i++) {
            var c = conv.chunks().get(i);
            var b = java.nio.ByteBuffer.wrap(c.bytes());
            if (TlsProtocol.SIGNATURE.matches(c.fromOrig(), b, 0, c.bytes().length, conv.id().origP(), conv.id().respP())) {
                start = i;
                break;
            }
        }
        if (start < 0) return List.of();
        var tail = new CaptureConversations.Conversation(conv.id(), conv.proto(), conv.chunks().subList(start, conv.chunks().size()));
        return tail.replay(TlsProtocol.SIGNATURE.create()).events;
    }

    static void assertRowsMatch(List<Map<String, String>> ours, List<Map<String, String>> zeek, List<String> skip) {
        assertThat(ours).as("row count").hasSameSizeAs(zeek);
        for (int i = 0; i < zeek.size(); i++) {
            for (var e : zeek.get(i).entrySet()) {
                if (skip.contains(e.getKey())) continue;
                assertThat(ours.get(i)).as("row %d has field %s", i, e.getKey()).containsKey(e.getKey());
                assertThat(ours.get(i).get(e.getKey())).as("row %d field %s", i, e.getKey()).isEqualTo(e.getValue());
            }
        }
    }

    @Test
    void tls12SslLog() throws Exception {
        var events = run("pcap-protocols/zeek/ssl.tls-1.2/tls1.2.pcap");
        var ours = ZeekTsv.render(events.stream().filter(TlsHandshake.class::isInstance).toList());
        var zeek = ZeekTsv.read(Corpus.file("pcap-protocols/zeek/ssl.tls-1.2/baseline/ssl.log"));
        assertRowsMatch(ours, zeek, List.of("ts", "uid"));
    }

    @Test
    void tls12X509Log() throws Exception {
        var events = run("pcap-protocols/zeek/ssl.tls-1.2/tls1.2.pcap");
        var ours = ZeekTsv.render(events.stream().filter(X509Certificate.class::isInstance).toList());
        var zeek = ZeekTsv.read(Corpus.file("pcap-protocols/zeek/ssl.tls-1.2/baseline/x509.log"));
        assertRowsMatch(ours, zeek, List.of("ts"));
    }

    /**
     * The RDP test runs Zeek with SSL::log_include_server_certificate_subject_issuer, so its ssl.log
     * has subject and issuer between client_cert_chain_fps and sni_matches_cert; we append the same
     * two fields at the end, so the comparison is by name. TLS starts after RDP's X.224 negotiation,
     * where Zeek's RDP analyzer hands the stream to its SSL analyzer; the test does the same hand-over.
     */
    @Test
    void rdpToSslSslLog() throws Exception {
        var events = run("pcap-protocols/zeek/rdp.rdp-to-ssl/rdp-to-ssl.pcap", true);
        var ours = ZeekTsv.render(events.stream().filter(TlsHandshake.class::isInstance).toList());
        var zeek = ZeekTsv.read(Corpus.file("pcap-protocols/zeek/rdp.rdp-to-ssl/baseline/ssl.log"));
        assertRowsMatch(ours, zeek, List.of("ts", "uid"));
    }
}
