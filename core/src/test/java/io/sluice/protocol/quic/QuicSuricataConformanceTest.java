package io.sluice.protocol.quic;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.tls.ClientHello;
import io.sluice.protocol.tls.Ja3;
import io.sluice.protocol.tls.ServerHello;
import io.sluice.protocol.tls.TlsHandshake;
import io.sluice.testing.Corpus;
import java.nio.file.Files;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The suricata-verify QUIC tests (fingerprints/suricata-verify/{ja4-quic,quic-ietf-ja3,quic-v2-ja3}),
 * their test.yaml checks over EVE JSON mapped to our events. The captures run through the real
 * pipeline without checksum verification, as Suricata's tests run ({@code -k none}; the v2 and
 * IETF captures were taken on hosts with checksum offload).
 *
 * <p>Mapping EVE -> ours:
 * <ul>
 *   <li>{@code event_type: quic} with {@code quic.ja4}: a quic.log row ({@link QuicConnection}) with
 *       that {@code ja4}. Suricata writes one quic event per ClientHello; we one row per QUIC
 *       connection, which is one ClientHello in these captures;
 *   <li>{@code quic.extensions[i].name}: the i-th extension type of the ClientHello our ssl.log row
 *       keeps ({@link TlsHandshake#clientHellos()}), "status_request" = 5, "alpn" = 16;
 *       {@code quic.extensions[6].values[0]}: our client_protocol (ALPN's first value);
 *   <li>rule {@code quic.version; content:"|6b 33 43 cf|"} (sid 4): our version "quicv2". Suricata
 *       alerts per packet (2 alerts); we compare the connection's version once;
 *   <li>rules {@code ja3.string} / {@code ja3s.string} (sid 3): {@link Ja3#ja3String} of our
 *       ClientHello / {@link Ja3#ja3sString} of our ServerHello; {@code ja3.hash} deadbeef... (sid 5,
 *       count 0): no ClientHello of ours has that JA3.
 * </ul>
 */
@Tag("corpus")
@EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
class QuicSuricataConformanceTest {
    static final String DIR = "fingerprints/suricata-verify/";

    @Test
    void ja4Quic() throws Exception {
        String yaml = Files.readString(Corpus.file(DIR + "ja4-quic/test.yaml"));
        assertThat(yaml).contains("count: 11").contains("quic.ja4: q13d0310h3_55b375c5d22e_cd85d2d88918");
        var run = QuicCapture.run(Corpus.file(DIR + "ja4-quic/input.pcap"), false);
        long n = run.quic().stream().filter(q -> "q13d0310h3_55b375c5d22e_cd85d2d88918".equals(q.ja4())).count();
        assertThat(n).isEqualTo(11);
        assertThat(run.quic()).hasSize(11);
    }

    @Test
    void quicIetfJa3() throws Exception {
        String rules = Files.readString(Corpus.file(DIR + "quic-ietf-ja3/test.rules"));
        assertThat(rules).contains("ja3s.string; content:\"771,4866,43-51-41\"; sid:3;")
                .contains("ja3.hash; content:\"deadbeefdeadbeefdeadbeefdeadbeef\"; sid:5;");
        var run = QuicCapture.run(Corpus.file(DIR + "quic-ietf-ja3/input.pcap"), false);
        long sid3 = 0, sid5 = 0;
        for (TlsHandshake h : run.ssl()) {
            for (ServerHello sh : h.serverHellos()) if (Ja3.ja3sString(sh).contains("771,4866,43-51-41")) sid3++;
            for (ClientHello ch : h.clientHellos()) if (Ja3.ja3(ch).equals("deadbeefdeadbeefdeadbeefdeadbeef")) sid5++;
        }
        assertThat(sid3).isEqualTo(1);
        assertThat(sid5).isZero();
        assertThat(run.quic()).singleElement().satisfies(q -> {
            assertThat(q.version()).isEqualTo("1");
            assertThat(q.serverName()).isEqualTo("msquic.net");
        });
    }

    @Test
    void quicV2Ja3() throws Exception {
        String rules = Files.readString(Corpus.file(DIR + "quic-v2-ja3/test.rules"));
        String ja3 = "771,4865-4866-4867,5-10-11-13-65281-23-16-18-43-51-57,29-23-24-25,0";
        assertThat(rules).contains(ja3).contains("|6b 33 43 cf|");
        var run = QuicCapture.run(Corpus.file(DIR + "quic-v2-ja3/input.pcap"), false);
        assertThat(run.quic()).singleElement().satisfies(q -> {
            assertThat(q.version()).isEqualTo("quicv2");
            assertThat(q.clientProtocol()).isEqualTo("h3");
        });
        assertThat(run.ssl()).hasSize(1);
        ClientHello ch = run.ssl().get(0).clientHellos().get(0);
        assertThat(ch.extensions()[0]).isEqualTo(5); // status_request
        assertThat(ch.extensions()[6]).isEqualTo(16); // alpn
        assertThat(ch.alpn().get(0)).isEqualTo("h3");
        assertThat(Ja3.ja3String(ch)).contains(ja3);
    }
}
