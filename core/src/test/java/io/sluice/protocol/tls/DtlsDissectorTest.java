package io.sluice.protocol.tls;

import static io.sluice.packet.craft.TlsBytes.*;
import static io.sluice.protocol.tls.TestCertificates.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.RecordingContext;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * DTLS sessions in ssl.log, as Zeek's DTLS analyzer logs them: fingerprints/ja4/dtls-udp.notest.cap
 * holds a DTLS 1.0 handshake that tshark dissects and Zeek logs, of which Sluice logged nothing.
 * The datagrams here are written byte by byte: epoch/sequence record headers, fragmented handshake
 * messages, a HelloVerifyRequest and cookie, a retransmitted ClientHello.
 */
class DtlsDissectorTest {
    static final int DTLS12 = 0xfefd;

    /** A DTLS record: type, version, epoch, 48-bit sequence, length, fragment. */
    static byte[] rec(int type, int epoch, long seq, byte[] fragment) {
        return of().u8(type).u16(DTLS12).u16(epoch).u16((int) (seq >> 32)).u16((int) (seq >> 16) & 0xffff)
                .u16((int) seq & 0xffff).vec16(fragment).build();
    }

    /** One handshake fragment: type, total length, message_seq, fragment offset and length, bytes. */
    static byte[] hs(int type, int messageSeq, byte[] body, int from, int to) {
        return of().u8(type).u24(body.length).u16(messageSeq).u24(from).u24(to - from)
                .bytes(Arrays.copyOfRange(body, from, to)).build();
    }

    static byte[] hs(int type, int messageSeq, byte[] body) {
        return hs(type, messageSeq, body, 0, body.length);
    }

    /** A DTLS ClientHello body: version, random, session id, cookie, suites, compression, extensions. */
    static byte[] clientHello(byte[] cookie) {
        return of().u16(DTLS12).zeros(32).vec8(new byte[0]).vec8(cookie).vec16(u16s(0xc02b, 0xc02f)).vec8(new byte[] {0})
                .vec16(concat(sni("d.example"), ext(0x000a, of().vec16(u16s(0x0017)).build()), ext(0x000b, new byte[] {1, 0})))
                .build();
    }

    @Test
    void handshakeWithCookieFragmentsAndRetransmissionIsOneSslRow() {
        var ctx = RecordingContext.udp("10.0.0.1", 50000, "10.0.0.2", 4433);
        var d = new DtlsDissector();
        byte[] cookie = {9, 8, 7, 6};
        byte[] sh = serverHelloBody(DTLS12, new byte[32], new byte[0], 0xc02f);
        byte[] cert = of().vec24(of().vec24(CERT_EC).build()).build();
        byte[] ske = of().u8(3).u16(23).vec8(new byte[65]).u16(0x0403).vec16(new byte[64]).build();
        int half = cert.length / 2;
        byte[][] datagrams = {
            rec(22, 0, 0, hs(1, 0, clientHello(new byte[0]))),
            rec(22, 0, 0, hs(3, 0, of().u16(DTLS12).vec8(cookie).build())), // HelloVerifyRequest
            rec(22, 0, 1, hs(1, 1, clientHello(cookie))),
            rec(22, 0, 1, hs(1, 1, clientHello(cookie))), // retransmitted: passed on once
            concat(rec(22, 0, 1, hs(2, 1, sh)), rec(22, 0, 2, hs(11, 2, cert, 0, half))),
            concat(rec(22, 0, 3, hs(11, 2, cert, half, cert.length)), rec(22, 0, 4, hs(12, 3, ske)),
                    rec(22, 0, 5, hs(14, 4, new byte[0]))),
            concat(rec(22, 0, 2, hs(16, 2, of().vec8(new byte[65]).build())), rec(20, 0, 3, new byte[] {1}),
                    rec(22, 1, 0, new byte[48])),
            concat(rec(20, 0, 6, new byte[] {1}), rec(22, 1, 0, new byte[48])),
        };
        boolean[] fromOrig = {true, false, true, true, false, false, true, false};
        for (int i = 0; i < datagrams.length && d.wantsMore(); i++) {
            ctx.ts = 1_000_000_000L + i;
            d.onData(fromOrig[i], ByteBuffer.wrap(datagrams[i]), 0, datagrams[i].length, ctx);
        }
        d.onEnd(ctx);

        var rows = ctx.eventsOf(TlsHandshake.class);
        assertThat(rows).hasSize(1);
        TlsHandshake h = rows.get(0);
        assertThat(h.version()).isEqualTo("DTLSv12");
        assertThat(h.cipher()).isEqualTo("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        assertThat(h.curve()).isEqualTo("secp256r1");
        assertThat(h.serverName()).isEqualTo("d.example");
        assertThat(h.sslHistory()).isEqualTo("CvCsxknGIi");
        assertThat(h.established()).isTrue();
        assertThat(h.clientHellos()).hasSize(2);
        // JA3 of the first hello, cookie or not: 65277 is DTLS 1.2's version number
        assertThat(Ja3.ja3String(h.clientHellos().get(0))).isEqualTo("65277,49195-49199,0-10-11,23,0");
        assertThat(h.ja4()).startsWith("dd2d0203");
        assertThat(ctx.eventsOf(X509Certificate.class)).hasSize(1);
        assertThat(ctx.confirmed).containsExactly("dtls");
        assertThat(ctx.weirds).isEmpty();
    }

    @Test
    void signatureWantsAnEpochZeroHello() {
        byte[] ch = rec(22, 0, 0, hs(1, 0, clientHello(new byte[0])));
        assertThat(TlsProtocol.DTLS_SIGNATURE.matches(true, ByteBuffer.wrap(ch), 0, ch.length, 50000, 4433)).isTrue();
        assertThat(TlsProtocol.DTLS_SIGNATURE.matches(false, ByteBuffer.wrap(ch), 0, ch.length, 50000, 4433)).isFalse();
        byte[] later = rec(22, 1, 0, new byte[40]);
        assertThat(TlsProtocol.DTLS_SIGNATURE.matches(true, ByteBuffer.wrap(later), 0, later.length, 50000, 4433)).isFalse();
    }

    @Test
    void garbageEndsTheInspectionWithoutThrowing() {
        var ctx = RecordingContext.udp("10.0.0.1", 50000, "10.0.0.2", 4433);
        var d = new DtlsDissector();
        byte[] junk = {22, (byte) 0xfe, (byte) 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0x7f, (byte) 0xff, 1, 2};
        d.onData(true, ByteBuffer.wrap(junk), 0, junk.length, ctx);
        assertThat(d.wantsMore()).isFalse();
        d.onEnd(ctx);
        assertThat(ctx.eventsOf(TlsHandshake.class)).isEmpty();
    }
}
