package io.sluice.protocol.tls;

import static io.sluice.packet.craft.TlsBytes.*;
import static io.sluice.protocol.tls.TestCertificates.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.packet.craft.TlsBytes;
import org.junit.jupiter.api.Test;

/** JA3, JA3S, JA4, JA4S and JA4X on hellos built here, with the worked examples of their specs. */
class FingerprintTest {

    /** The ClientHello of FoxIO's JA4.md example, with GREASE added in every list (ignored). */
    static ClientHello specClientHello() {
        int[] ciphers = {0x0a0a, 0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc013, 0xc014,
            0x009c, 0x009d, 0x002f, 0x0035};
        byte[] body = clientHelloBody(0x0303, new byte[32], ciphers,
                ext(0x2a2a, new byte[0]),
                ext(0x001b, new byte[] {2, 0, 2}),
                sni("example.com"),
                ext(0x0033, of().vec16(of().u16(0x001d).vec16(new byte[32]).build()).build()),
                alpn("h2", "http/1.1"),
                ext(0x4469, new byte[0]),
                ext(0x0017, new byte[0]),
                ext(0x002d, new byte[] {1, 1}),
                ext(0x000d, of().vec16(u16s(0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601)).build()),
                ext(0x0005, new byte[] {1, 0, 0, 0, 0}),
                ext(0x0023, new byte[0]),
                ext(0x0012, new byte[0]),
                ext(0x002b, of().vec8(u16s(0x3a3a, 0x0304, 0x0303)).build()),
                ext(0xff01, new byte[] {0}),
                ext(0x000b, new byte[] {1, 0}),
                ext(0x000a, of().vec16(u16s(0x4a4a, 0x001d, 0x0017, 0x0018)).build()),
                ext(0x0015, new byte[10]),
                ext(0x5a5a, new byte[] {0}));
        return ClientHello.parseBody(body, 0, body.length);
    }

    @Test
    void ja4OfTheSpecExample() {
        ClientHello ch = specClientHello();
        assertThat(ch).isNotNull();
        assertThat(ch.malformed()).isFalse();
        assertThat(Ja4.ja4(ch, Ja4.TCP)).isEqualTo("t13d1516h2_8daaf6152771_e5627efa2ab1");
        assertThat(Ja4.ja4Raw(ch, Ja4.TCP)).isEqualTo("t13d1516h2_002f,0035,009c,009d,1301,1302,1303,c013,c014,c02b,"
                + "c02c,c02f,c030,cca8,cca9_0005,000a,000b,000d,0012,0015,0017,001b,0023,002b,002d,0033,4469,ff01_"
                + "0403,0804,0401,0503,0805,0501,0806,0601");
        assertThat(Ja4.ja4(ch, Ja4.QUIC)).startsWith("q13d1516h2_");
    }

    @Test
    void ja4WithoutSniAlpnSignaturesOrExtensions() {
        byte[] bare = clientHelloBody(0x0301, new byte[0], new int[] {0x0005, 0x000a});
        byte[] noExtensionsAtAll = of().u16(0x0301).zeros(32).u8(0).vec16(u16s(0x0005)).vec8(new byte[] {0}).build();
        ClientHello ch = ClientHello.parseBody(bare, 0, bare.length);
        assertThat(Ja4.ja4(ch, Ja4.TCP)).isEqualTo("t10i020000_" + Ja4.sha12("0005,000a") + "_000000000000");
        ClientHello none = ClientHello.parseBody(noExtensionsAtAll, 0, noExtensionsAtAll.length);
        assertThat(none.extensions()).isEmpty();
        assertThat(Ja3.ja3String(none)).isEqualTo("769,5,,,");
        // only SNI: the extension list without SNI/ALPN is empty, so "000000000000"
        byte[] sniOnly = clientHelloBody(0x0301, new byte[0], new int[] {0x0005}, sni("a.b"));
        assertThat(Ja4.ja4(ClientHello.parseBody(sniOnly, 0, sniOnly.length), Ja4.TCP))
                .isEqualTo("t10d010100_" + Ja4.sha12("0005") + "_000000000000");
        // signature algorithms but no other extension: the hash covers "000d_<algorithms>"
        byte[] sig = clientHelloBody(0x0303, new byte[0], new int[] {0x1301},
                ext(0x000d, of().vec16(u16s(0x0403)).build()));
        assertThat(Ja4.ja4(ClientHello.parseBody(sig, 0, sig.length), Ja4.TCP)).endsWith("_" + Ja4.sha12("000d_0403"));
    }

    @Test
    void ja4AlpnCharactersFollowTheSpec() {
        assertThat(Ja4.alpn(null)).isEqualTo("00");
        assertThat(Ja4.alpn("")).isEqualTo("00");
        assertThat(Ja4.alpn("h2")).isEqualTo("h2");
        assertThat(Ja4.alpn("http/1.1")).isEqualTo("h1");
        assertThat(Ja4.alpn("z")).isEqualTo("zz");
        // JA4.md examples of the hex fallback
        assertThat(Ja4.alpn("\u00ab")).isEqualTo("ab");
        assertThat(Ja4.alpn("\u00ab\u00cd")).isEqualTo("ad");
        assertThat(Ja4.alpn("0\u00ab")).isEqualTo("3b");
        assertThat(Ja4.alpn("01\u00ab\u00cd")).isEqualTo("3d");
        assertThat(Ja4.alpn("0\u00ab\u00cd1")).isEqualTo("01");
    }

    @Test
    void countsAreCappedAt99() {
        int[] many = new int[120];
        for (int i = 0; i < many.length; i++) many[i] = 0x0100 + i;
        byte[] body = clientHelloBody(0x0303, new byte[0], many);
        assertThat(Ja4.ja4(ClientHello.parseBody(body, 0, body.length), Ja4.TCP)).startsWith("t12i9900");
    }

    @Test
    void ja4sOfTheSpecExample() {
        byte[] body = serverHelloBody(0x0303, new byte[32], new byte[0], 0xc030,
                ext(0x0005, new byte[0]), ext(0x0017, new byte[0]), ext(0xff01, new byte[] {0}), ext(0x0000, new byte[0]));
        ServerHello sh = ServerHello.parseBody(body, 0, body.length);
        assertThat(Ja4.ja4s(sh, Ja4.TCP)).isEqualTo("t120400_c030_4e8089b08790");
        assertThat(Ja4.ja4sRaw(sh, Ja4.TCP)).isEqualTo("t120400_c030_0005,0017,ff01,0000");
        assertThat(Ja3.ja3sString(sh)).isEqualTo("771,49200,5-23-65281-0");
        assertThat(Ja3.ja3s(sh)).isEqualTo(Ja3.md5("771,49200,5-23-65281-0"));
    }

    @Test
    void ja4sUsesTheSelectedVersionAndAlpn() {
        byte[] body = serverHelloBody(0x0303, new byte[32], new byte[32], 0x1301,
                ext(0x002b, u16s(0x0304)), ext(0x0033, of().u16(0x001d).vec16(new byte[32]).build()), alpn("h2"));
        ServerHello sh = ServerHello.parseBody(body, 0, body.length);
        assertThat(sh.negotiatedVersion()).isEqualTo(0x0304);
        assertThat(sh.keyShareGroup()).isEqualTo(0x001d);
        assertThat(sh.alpn()).isEqualTo("h2");
        assertThat(Ja4.ja4s(sh, Ja4.TCP)).isEqualTo("t1303h2_1301_" + Ja4.sha12("002b,0033,0010"));
    }

    @Test
    void ja3RemovesGreaseEverywhere() {
        ClientHello ch = specClientHello();
        assertThat(Ja3.ja3String(ch)).isEqualTo("771,4865-4866-4867-49195-49199-49196-49200-52393-52392-49171-49172-156-157-47-53,"
                + "27-0-51-16-17513-23-45-13-5-35-18-43-65281-11-10-21,29-23-24,0");
        assertThat(Ja3.ja3(ch)).hasSize(32).isEqualTo(Ja3.md5(Ja3.ja3String(ch)));
    }

    @Test
    void ja4xOfTheSpecExample() {
        // JA4X.md: 550403,550406,550408,55040a = 96a6439c8f5c; 551d0f,551d25,551d11 = aae71e8db6d7
        assertThat(Ja4.sha12("550403,550406,550408,55040a")).isEqualTo("96a6439c8f5c");
        assertThat(Ja4.sha12("551d0f,551d25,551d11")).isEqualTo("aae71e8db6d7");
        var c = io.sluice.protocol.tls.x509.X509Parser.parse(CERT_RSA_V1, 0, CERT_RSA_V1.length);
        assertThat(Ja4x.ja4x(c)).isEqualTo(Ja4.sha12("550403") + "_" + Ja4.sha12("550403") + "_000000000000");
        assertThat(Ja4x.ja4xRaw(c)).isEqualTo("550403_550403_");
    }

    @Test
    void greaseValues() {
        for (int i = 0; i < 16; i++) assertThat(Grease.is(i * 0x1010 + 0x0a0a)).isTrue();
        assertThat(Grease.is(0x0a1a)).isFalse();
        assertThat(Grease.is(0x1301)).isFalse();
        assertThat(TlsNames.cipher(0x0a0a)).isEqualTo("grease_0x0A0A");
        assertThat(TlsNames.cipher(0xc02f)).isEqualTo("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        assertThat(TlsNames.cipher(0x0018)).isEqualTo("TLS_DH_ANON_WITH_RC4_128_MD5");
        assertThat(TlsNames.cipher(0xfff0)).isEqualTo("unknown-65520");
        assertThat(TlsNames.version(0x7f1c)).isEqualTo("TLSv13-draft28");
        assertThat(TlsNames.version(0x0305)).isEqualTo("unknown-773");
        assertThat(TlsNames.curve(0x001d)).isEqualTo("x25519");
        assertThat(TlsNames.alert(40)).isEqualTo("handshake_failure");
    }
}
