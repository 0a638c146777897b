package io.sluice.protocol.tls;

import io.sluice.packet.craft.TlsBytes;
import io.sluice.testing.ZeekTsv;
import static io.sluice.packet.craft.TlsBytes.*;
import static io.sluice.protocol.tls.TestCertificates.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.RecordingContext;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The TLS dissector on handshakes built here: Zeek's ssl.log semantics, incrementality, limits. */
class TlsDissectorTest {

    /** One direction's bytes at one point of the conversation. */
    record Flight(boolean fromOrig, byte[] bytes) {}

    static final byte[] HRR_RANDOM = HexFormat.of().parseHex("CF21AD74E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C");

    static byte[] enc(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (i * 37 + 11);
        return b;
    }

    static List<Flight> tls12Full() {
        byte[] ch = handshake(1, clientHelloBody(0x0303, new byte[0], new int[] {0xc02f, 0xc030, 0x009c},
                sni("a.example"), alpn("h2", "http/1.1"), ext(0x000a, of().vec16(u16s(0x0017, 0x0018)).build()),
                ext(0x000b, new byte[] {1, 0})));
        byte[] sh = handshake(2, serverHelloBody(0x0303, new byte[32], new byte[] {1, 2, 3, 4}, 0xc02f,
                ext(0xff01, new byte[] {0}), alpn("h2")));
        byte[] cert = handshake(11, of().vec24(of().vec24(CERT_EC).build()).build());
        byte[] ske = handshake(12, of().u8(3).u16(23).vec8(new byte[65]).u16(0x0401).vec16(new byte[64]).build());
        byte[] shd = handshake(14, new byte[0]);
        byte[] serverFlight = concat(sh, cert, ske, shd);
        int cut = 100; // the Certificate message spans two records
        var flights = new ArrayList<Flight>();
        flights.add(new Flight(true, record(22, ch)));
        flights.add(new Flight(false, concat(
                record(22, java.util.Arrays.copyOfRange(serverFlight, 0, sh.length + cut)),
                record(22, java.util.Arrays.copyOfRange(serverFlight, sh.length + cut, serverFlight.length)))));
        flights.add(new Flight(true, concat(record(22, handshake(16, of().vec16(new byte[128]).build())),
                record(20, new byte[] {1}), record(22, enc(40)))));
        flights.add(new Flight(false, concat(record(20, new byte[] {1}), record(22, enc(40)))));
        flights.add(new Flight(true, record(23, enc(300))));
        return flights;
    }

    static RecordingContext replay(List<Flight> flights, int chunk) {
        var ctx = RecordingContext.tcp("10.0.0.1", 40000, "10.0.0.2", 443);
        var d = new TlsDissector();
        long t = 1_000_000_000L;
        for (Flight f : flights) {
            byte[] b = f.bytes();
            for (int p = 0; p < b.length; p += chunk) {
                ctx.ts = t++;
                int n = Math.min(chunk, b.length - p);
                // deliver from a larger buffer at an offset, as the stream layer may
                byte[] padded = new byte[n + 7];
                System.arraycopy(b, p, padded, 3, n);
                if (d.wantsMore()) d.onData(f.fromOrig(), ByteBuffer.wrap(padded), 3, n, ctx);
            }
        }
        d.onEnd(ctx);
        return ctx;
    }

    static TlsHandshake only(RecordingContext ctx) {
        var hs = ctx.eventsOf(TlsHandshake.class);
        assertThat(hs).hasSize(1);
        return hs.get(0);
    }

    @Test
    void fullTls12HandshakeGivesZeeksFields() throws Exception {
        var ctx = replay(tls12Full(), Integer.MAX_VALUE);
        TlsHandshake h = only(ctx);
        assertThat(h.version()).isEqualTo("TLSv12");
        assertThat(h.cipher()).isEqualTo("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        assertThat(h.curve()).isEqualTo("secp256r1");
        assertThat(h.serverName()).isEqualTo("a.example");
        assertThat(h.nextProtocol()).isEqualTo("h2");
        assertThat(h.sslHistory()).isEqualTo("CsxknGIi");
        assertThat(h.established()).isTrue();
        assertThat(h.resumed()).isFalse();
        assertThat(h.lastAlert()).isNull();
        String fp = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(CERT_EC));
        assertThat(h.certChainFps()).containsExactly(fp);
        assertThat(h.clientCertChainFps()).isEmpty();
        assertThat(h.sniMatchesCert()).isTrue(); // a.example is a SAN dNSName
        assertThat(h.subject()).startsWith("ST=ct\\01rl,");
        assertThat(h.ja3()).isEqualTo(Ja3.ja3(h.clientHellos().get(0)));
        assertThat(h.ja4()).startsWith("t12d0304h2_");
        assertThat(h.ja4s()).startsWith("t1202h2_c02f_");
        assertThat(ctx.confirmed).containsExactly("ssl");
        assertThat(ctx.weirds).isEmpty();
        var x = ctx.eventsOf(X509Certificate.class);
        assertThat(x).hasSize(1);
        assertThat(x.get(0).fingerprint()).isEqualTo(fp);
        assertThat(x.get(0).hostCert()).isTrue();
        assertThat(x.get(0).clientCert()).isFalse();
        assertThat(x.get(0).selfSigned()).isTrue();
        assertThat(x.get(0).uid()).isEqualTo(ctx.uid());
        assertThat(h.tsNanos()).isEqualTo(1_000_000_000L); // the ClientHello's time
    }

    @Test
    void stopsWantingDataOnceEstablished() {
        var flights = tls12Full();
        var ctx = RecordingContext.tcp("10.0.0.1", 40000, "10.0.0.2", 443);
        var d = new TlsDissector();
        for (Flight f : flights.subList(0, 4)) d.onData(f.fromOrig(), ByteBuffer.wrap(f.bytes()), 0, f.bytes().length, ctx);
        assertThat(d.wantsMore()).isFalse();
        assertThat(ctx.eventsOf(TlsHandshake.class)).hasSize(1); // logged at once, as Zeek
        d.onEnd(ctx);
        assertThat(ctx.eventsOf(TlsHandshake.class)).hasSize(1);
    }

    @Test
    void anySplitOfAnyFlightGivesTheSameLogs() {
        var flights = tls12Full();
        var expected = rows(replay(flights, Integer.MAX_VALUE));
        assertThat(rows(replay(flights, 1))).isEqualTo(expected);
        for (int i = 0; i < flights.size(); i++) {
            byte[] b = flights.get(i).bytes();
            for (int k = 1; k < b.length; k++) {
                var split = new ArrayList<>(flights.subList(0, i));
                split.add(new Flight(flights.get(i).fromOrig(), java.util.Arrays.copyOfRange(b, 0, k)));
                split.add(new Flight(flights.get(i).fromOrig(), java.util.Arrays.copyOfRange(b, k, b.length)));
                split.addAll(flights.subList(i + 1, flights.size()));
                assertThat(rows(replay(split, Integer.MAX_VALUE))).as("flight %d split at %d", i, k).isEqualTo(expected);
            }
        }
    }

    private static List<Map<String, String>> rows(RecordingContext ctx) {
        var all = new ArrayList<Map<String, String>>();
        all.addAll(ZeekTsv.render(ctx.eventsOf(TlsHandshake.class)));
        // a certificate's ts is the time of the segment that completed it, which moves with the split
        for (var row : ZeekTsv.render(ctx.eventsOf(X509Certificate.class))) {
            row.remove("ts");
            all.add(row);
        }
        return all;
    }

    @Test
    void tls13HelloRetryRequestWithMiddleboxCompatibility() {
        byte[] sid = enc(32);
        byte[] ch1 = handshake(1, clientHelloBody(0x0303, sid, new int[] {0x1301, 0x1302}, sni("h.example"),
                ext(0x002b, of().vec8(u16s(0x0304, 0x0303)).build()),
                ext(0x0033, of().vec16(of().u16(0x001d).vec16(new byte[32]).build()).build())));
        byte[] hrr = handshake(2, serverHelloBody(0x0303, HRR_RANDOM, sid, 0x1301, ext(0x002b, u16s(0x0304)),
                ext(0x0033, u16s(0x0017))));
        byte[] ch2 = handshake(1, clientHelloBody(0x0303, sid, new int[] {0x1301, 0x1302}, sni("h.example"),
                ext(0x002b, of().vec8(u16s(0x0304, 0x0303)).build()),
                ext(0x0033, of().vec16(of().u16(0x0017).vec16(new byte[65]).build()).build())));
        byte[] sh = handshake(2, serverHelloBody(0x0303, new byte[32], sid, 0x1301, ext(0x002b, u16s(0x0304)),
                ext(0x0033, of().u16(0x0017).vec16(new byte[65]).build())));
        var flights = List.of(
                new Flight(true, record(22, ch1)),
                new Flight(false, concat(record(22, hrr), record(20, new byte[] {1}))),
                new Flight(true, concat(record(20, new byte[] {1}), record(22, ch2))),
                new Flight(false, concat(record(22, sh), record(23, enc(50)), record(23, enc(900)))),
                new Flight(true, record(23, enc(53))));
        var ctx = replay(flights, Integer.MAX_VALUE);
        TlsHandshake h = only(ctx);
        assertThat(h.sslHistory()).isEqualTo("CjiICs");
        assertThat(h.version()).isEqualTo("TLSv13");
        assertThat(h.cipher()).isEqualTo("TLS_AES_128_GCM_SHA256");
        assertThat(h.curve()).isEqualTo("secp256r1");
        assertThat(h.established()).isTrue();
        assertThat(h.resumed()).isFalse(); // the echoed session id does not count in TLS 1.3
        assertThat(h.clientHellos()).hasSize(2);
        assertThat(h.serverHellos()).hasSize(2);
        assertThat(h.serverHellos().get(0).helloRetryRequest()).isTrue();
        assertThat(h.certChainFps()).isNull();
        assertThat(h.sniMatchesCert()).isNull();
    }

    @Test
    void resumptionBySessionIdTicketAndPsk() {
        byte[] sid = enc(32);
        // session id echoed (TLS 1.2): abbreviated handshake
        var byId = List.of(
                new Flight(true, record(22, handshake(1, clientHelloBody(0x0303, sid, new int[] {0x009c})))),
                new Flight(false, concat(record(22, handshake(2, serverHelloBody(0x0303, new byte[32], sid, 0x009c))),
                        record(20, new byte[] {1}), record(22, enc(40)))),
                new Flight(true, concat(record(20, new byte[] {1}), record(22, enc(40)))));
        TlsHandshake h = only(replay(byId, Integer.MAX_VALUE));
        assertThat(h.resumed()).isTrue();
        assertThat(h.sslHistory()).isEqualTo("CsiI");
        assertThat(h.established()).isTrue();
        // ticket offered with an empty session id, and no key exchange before the client's CCS
        var byTicket = List.of(
                new Flight(true, record(22, handshake(1, clientHelloBody(0x0303, new byte[0], new int[] {0x009c},
                        ext(35, enc(100)))))),
                new Flight(false, concat(record(22, concat(handshake(2, serverHelloBody(0x0303, new byte[32], sid, 0x009c,
                        ext(35, new byte[0]))), handshake(4, enc(60)))), record(20, new byte[] {1}), record(22, enc(40)))),
                new Flight(true, concat(record(20, new byte[] {1}), record(22, enc(40)))));
        h = only(replay(byTicket, Integer.MAX_VALUE));
        assertThat(h.resumed()).isTrue();
        assertThat(h.sslHistory()).isEqualTo("CstiI");
        // TLS 1.3 pre-shared key accepted
        var byPsk = List.of(
                new Flight(true, record(22, handshake(1, clientHelloBody(0x0303, sid, new int[] {0x1301},
                        ext(0x002b, of().vec8(u16s(0x0304)).build()), ext(41, enc(40)))))),
                new Flight(false, concat(record(22, handshake(2, serverHelloBody(0x0303, new byte[32], sid, 0x1301,
                        ext(0x002b, u16s(0x0304)), ext(41, new byte[] {0, 0})))), record(23, enc(30)))),
                new Flight(true, record(23, enc(30))));
        h = only(replay(byPsk, Integer.MAX_VALUE));
        assertThat(h.resumed()).isTrue();
        assertThat(h.established()).isTrue();
    }

    @Test
    void alertIsLastAlertAndSessionIsLoggedAtTheEnd() {
        var flights = List.of(
                new Flight(true, record(22, handshake(1, clientHelloBody(0x0301, new byte[0], new int[] {0x0005})))),
                new Flight(false, record(21, new byte[] {2, 40})));
        var ctx = replay(flights, Integer.MAX_VALUE);
        TlsHandshake h = only(ctx);
        assertThat(h.sslHistory()).isEqualTo("Cl");
        assertThat(h.lastAlert()).isEqualTo("handshake_failure");
        assertThat(h.established()).isFalse();
        assertThat(h.version()).isNull();
        assertThat(h.ja4()).startsWith("t10i0100");
    }

    @Test
    void recordThatIsNotTlsStopsTheInspection() {
        var ctx = RecordingContext.tcp("10.0.0.1", 40000, "10.0.0.2", 443);
        var d = new TlsDissector();
        byte[] ch = record(22, handshake(1, clientHelloBody(0x0303, new byte[0], new int[] {0x009c})));
        d.onData(true, ByteBuffer.wrap(ch), 0, ch.length, ctx);
        byte[] junk = "GET / HTTP/1.1\r\n".getBytes();
        d.onData(true, ByteBuffer.wrap(junk), 0, junk.length, ctx);
        assertThat(d.wantsMore()).isFalse();
        assertThat(ctx.weirds).extracting(RecordingContext.Weird::name).containsExactly("SSL_invalid_record_version");
        assertThat(ctx.eventsOf(TlsHandshake.class)).hasSize(1);
        d.onEnd(ctx);
        assertThat(ctx.eventsOf(TlsHandshake.class)).hasSize(1);
    }

    @Test
    void gapStopsTheInspection() {
        var ctx = RecordingContext.tcp("10.0.0.1", 40000, "10.0.0.2", 443);
        var d = new TlsDissector();
        byte[] ch = record(22, handshake(1, clientHelloBody(0x0303, new byte[0], new int[] {0x009c})));
        d.onData(true, ByteBuffer.wrap(ch), 0, ch.length, ctx);
        d.onGap(false, 1000, ctx);
        assertThat(d.wantsMore()).isFalse();
        d.onEnd(ctx);
        assertThat(only(ctx).sslHistory()).isEqualTo("C");
    }

    @Test
    void oversizedHandshakeMessageIsSkippedWithinTheBound() {
        int big = TlsDissector.MAX_MESSAGE + 5000;
        byte[] ch = record(22, handshake(1, clientHelloBody(0x0303, new byte[0], new int[] {0x009c})));
        byte[] sh = handshake(2, serverHelloBody(0x0303, new byte[32], new byte[0], 0x009c));
        byte[] certHeader = of().u8(11).u24(big).build();
        var server = TlsBytes.of().bytes(record(22, concat(sh, certHeader)));
        byte[] rest = enc(big);
        for (int p = 0; p < big; p += 16000) server.bytes(record(22, java.util.Arrays.copyOfRange(rest, p, Math.min(big, p + 16000))));
        server.bytes(record(22, handshake(14, new byte[0])));
        var ctx = RecordingContext.tcp("10.0.0.1", 40000, "10.0.0.2", 443);
        var d = new TlsDissector();
        d.onData(true, ByteBuffer.wrap(ch), 0, ch.length, ctx);
        byte[] s = server.build();
        d.onData(false, ByteBuffer.wrap(s), 0, s.length, ctx);
        assertThat(d.bufferedBytes()).isLessThanOrEqualTo(2 * TlsDissector.MAX_MESSAGE);
        d.onEnd(ctx);
        assertThat(ctx.weirds).extracting(RecordingContext.Weird::name).containsExactly("SSL_handshake_message_too_long");
        assertThat(only(ctx).sslHistory()).isEqualTo("Csxn");
    }

    @Test
    void clientHelloSplitInsideItsHandshakeHeaderIsRecognisedAndParsed() {
        // record fragmentation as DPI-evasion tools do it: the first record holds 2 bytes of the
        // ClientHello (type and the top length byte); tshark reassembles it, so must we
        byte[] ch = handshake(1, clientHelloBody(0x0303, new byte[0], new int[] {0xc02f}, sni("split.example"),
                alpn("h2")));
        byte[] first = concat(record(22, java.util.Arrays.copyOfRange(ch, 0, 2)),
                record(22, java.util.Arrays.copyOfRange(ch, 2, ch.length)));
        assertThat(TlsProtocol.SIGNATURE.matches(true, ByteBuffer.wrap(first), 0, first.length, 40000, 8443)).isTrue();
        var flights = List.of(new Flight(true, first),
                new Flight(false, record(22, concat(handshake(2, serverHelloBody(0x0303, new byte[32], new byte[0], 0xc02f)),
                        handshake(14, new byte[0])))));
        TlsHandshake h = only(replay(flights, 3));
        assertThat(h.serverName()).isEqualTo("split.example");
        assertThat(h.sslHistory()).isEqualTo("Csn");
        assertThat(h.ja3()).isEqualTo(Ja3.ja3(ClientHello.parseMessage(ch, 0, ch.length)));
    }

    @Test
    void sslv2CompatibleClientHello() {
        byte[] ciphers = of().u24(0x00002f).u24(0x010080).build();
        byte[] body = of().u8(1).u16(0x0301).u16(ciphers.length).u16(0).u16(16).bytes(ciphers).bytes(enc(16)).build();
        byte[] v2 = of().u16(0x8000 | body.length).bytes(body).build();
        assertThat(TlsProtocol.SIGNATURE.matches(true, ByteBuffer.wrap(v2), 0, v2.length, 40000, 443)).isTrue();
        var flights = List.of(new Flight(true, v2),
                new Flight(false, record(22, concat(handshake(2, serverHelloBody(0x0301, new byte[32], new byte[0], 0x002f)),
                        handshake(14, new byte[0])))));
        TlsHandshake h = only(replay(flights, 3));
        assertThat(h.sslHistory()).isEqualTo("Csn");
        assertThat(h.version()).isEqualTo("TLSv10");
        assertThat(h.clientHellos().get(0).sslv2()).isTrue();
        assertThat(h.clientHellos().get(0).cipherSuites()).containsExactly(0x2f, 0x010080);
        assertThat(h.ja3()).isNull(); // JA3 and JA4 are not defined on SSLv2 hellos
        assertThat(h.ja4()).isNull();
    }

    @Test
    void clientHelloFromTheResponderFlipsTheDirection() {
        var flights = List.of(
                new Flight(false, record(22, handshake(1, clientHelloBody(0x0303, new byte[0], new int[] {0x009c})))),
                new Flight(true, record(22, handshake(2, serverHelloBody(0x0303, new byte[32], new byte[0], 0x009c)))));
        assertThat(only(replay(flights, Integer.MAX_VALUE)).sslHistory()).isEqualTo("^Cs");
    }

    @Test
    void zeekWeirdsForServerNamesAndEarlyData() {
        byte[] twoNames = ext(0, of().vec16(concat(of().u8(0).vec16("a.b".getBytes()).build(),
                of().u8(0).vec16("c.d".getBytes()).build(), of().u8(7).vec16("x".getBytes()).build())).build());
        var flights = List.of(
                new Flight(true, record(22, handshake(1, clientHelloBody(0x0303, new byte[0], new int[] {0x009c}, twoNames)))),
                new Flight(false, record(22, handshake(2, serverHelloBody(0x0303, new byte[32], new byte[0], 0x009c)))),
                new Flight(true, record(23, enc(10))));
        var ctx = replay(flights, Integer.MAX_VALUE);
        assertThat(only(ctx).serverName()).isEqualTo("a.b");
        assertThat(ctx.weirds).extracting(RecordingContext.Weird::name)
                .containsExactly("ssl_ext_unknown_server_name_type", "SSL_many_server_names", "ssl_early_application_data");
    }

    @Test
    void historyIsCappedAtAHundredLetters() {
        var b = TlsBytes.of().bytes(record(22, handshake(1, clientHelloBody(0x0303, new byte[0], new int[] {0x009c}))));
        for (int i = 0; i < 150; i++) b.bytes(record(22, handshake(0, new byte[0])));
        var ctx = replay(List.of(new Flight(true, b.build())), Integer.MAX_VALUE);
        assertThat(only(ctx).sslHistory()).hasSize(TlsDissector.MAX_HISTORY);
        assertThat(ctx.weirds).extracting(RecordingContext.Weird::name).containsExactly("SSL_max_ssl_history_length_reached");
    }

    @Test
    void signatureAcceptsHellosAndRejectsOtherProtocols() {
        var sig = TlsProtocol.SIGNATURE;
        byte[] ch = record(22, handshake(1, clientHelloBody(0x0303, new byte[0], new int[] {0x009c})));
        byte[] sh = record(22, handshake(2, serverHelloBody(0x0303, new byte[32], new byte[0], 0x009c)));
        assertThat(sig.matches(true, ByteBuffer.wrap(ch), 0, ch.length, 1234, 8443)).isTrue();
        assertThat(sig.matches(false, ByteBuffer.wrap(sh), 0, sh.length, 1234, 8443)).isTrue();
        byte[] appData = record(23, enc(10));
        assertThat(sig.matches(true, ByteBuffer.wrap(appData), 0, appData.length, 1234, 443)).isFalse();
        byte[] http = "GET / HTTP/1.1\r\n".getBytes();
        assertThat(sig.matches(true, ByteBuffer.wrap(http), 0, http.length, 1234, 443)).isFalse();
        byte[] ssh = "SSH-2.0-OpenSSH_9.6\r\n".getBytes();
        assertThat(sig.matches(true, ByteBuffer.wrap(ssh), 0, ssh.length, 1234, 22)).isFalse();
        assertThat(sig.matches(true, ByteBuffer.wrap(ch), 0, 2, 1234, 443)).isFalse();
        assertThat(sig.name()).isEqualTo("ssl");
        assertThat(sig.onTcp()).isTrue();
        assertThat(sig.onUdp()).isFalse();
        assertThat(sig.standardPort(443)).isTrue();
        assertThat(sig.standardPort(8443)).isFalse();
    }
}
