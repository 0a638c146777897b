package io.sluice.protocol.kerberos;

import static io.sluice.packet.craft.KerberosMessages.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.packet.craft.BerBytes;
import io.sluice.protocol.RecordingContext;
import io.sluice.protocol.asn1.PipelineLogs;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KerberosDissectorTest {
    static final long TILL_2037 = 2136422885L * 1_000_000_000L; // 2037-09-13T02:48:05Z

    private static List<KerberosTransaction> rows(RecordingContext ctx) {
        return ctx.events.stream().map(KerberosTransaction.class::cast).toList();
    }

    private static void feed(KerberosDissector d, RecordingContext ctx, boolean fromOrig, byte[] b) {
        d.onData(fromOrig, ByteBuffer.wrap(b), 0, b.length, ctx);
    }

    @Test
    void asExchangeOverUdpBecomesOneRowWithZeeksFields() {
        var ctx = RecordingContext.udp("10.0.0.2", 50000, "10.0.0.1", 88);
        var d = new KerberosDissector();
        ctx.ts = 1_000_000_000L;
        feed(d, ctx, true, asReq("alice", "EXAMPLE.COM", FORWARDABLE_RENEWABLE_CANONICALIZE, 18, 17, 23));
        ctx.ts = 2_000_000_000L;
        feed(d, ctx, false, asRep("alice", "EXAMPLE.COM", 18, 23));
        d.onEnd(ctx);

        assertThat(ctx.confirmed).containsExactly("krb");
        var r = rows(ctx);
        assertThat(r).hasSize(1);
        var t = r.get(0);
        assertThat(t.tsNanos()).isEqualTo(1_000_000_000L);
        assertThat(t.requestType()).isEqualTo("AS");
        assertThat(t.client()).isEqualTo("alice/EXAMPLE.COM");
        assertThat(t.service()).isEqualTo("krbtgt/EXAMPLE.COM");
        assertThat(t.success()).isTrue();
        assertThat(t.errorMsg()).isNull();
        assertThat(t.till()).isEqualTo(TILL_2037);
        assertThat(t.from()).isNull();
        assertThat(t.cipher()).isEqualTo("aes256-cts-hmac-sha1-96");
        assertThat(t.replyCipher()).isEqualTo("rc4-hmac");
        assertThat(t.forwardable()).isTrue();
        assertThat(t.renewable()).isTrue();
        assertThat(t.requestEtypes()).containsExactly("aes256-cts-hmac-sha1-96", "aes128-cts-hmac-sha1-96", "rc4-hmac");

        Map<String, String> row = PipelineLogs.render(r).get(0);
        assertThat(row.get("till")).isEqualTo("2136422885.000000");
        assertThat(row.get("request_etypes")).isEqualTo("aes256-cts-hmac-sha1-96,aes128-cts-hmac-sha1-96,rc4-hmac");
        assertThat(row.get("client_cert_subject")).isEqualTo("-");
    }

    @Test
    void optionsWithoutForwardableOrRenewableAreFalse() {
        var ctx = RecordingContext.udp("10.0.0.2", 50000, "10.0.0.1", 88);
        var d = new KerberosDissector();
        feed(d, ctx, true, asReq("bob", "EXAMPLE.COM", new byte[] {0, 0, 0, 0x10}, 23));
        d.onEnd(ctx);
        var t = rows(ctx).get(0);
        assertThat(t.forwardable()).isFalse();
        assertThat(t.renewable()).isFalse();
        assertThat(t.success()).isNull();
    }

    @Test
    void errorsGetTheirNameAndTheRequestsClient() {
        var ctx = RecordingContext.udp("10.0.0.2", 50000, "10.0.0.1", 88);
        var d = new KerberosDissector();
        feed(d, ctx, true, asReq("mallory", "EXAMPLE.COM", FORWARDABLE_RENEWABLE_CANONICALIZE, 23));
        feed(d, ctx, false, error(24, "EXAMPLE.COM", principal(2, "krbtgt", "EXAMPLE.COM"), null, null));
        var t = rows(ctx).get(0);
        assertThat(t.success()).isFalse();
        assertThat(t.errorMsg()).isEqualTo("KDC_ERR_PREAUTH_FAILED");
        assertThat(t.errorCode()).isEqualTo(24L);
        assertThat(t.client()).isEqualTo("mallory/EXAMPLE.COM");
        assertThat(KerberosCodes.errorName(6)).isEqualTo("KDC_ERR_C_PRINCIPAL_UNKNOWN");
        assertThat(KerberosCodes.errorName(30)).isEqualTo("unknown-30");
        assertThat(KerberosCodes.cipherName(99)).isEqualTo("unknown-99");
    }

    @Test
    void errorAloneFormatsTheClientAsZeekDoes() {
        var ctx = RecordingContext.udp("10.0.0.2", 50000, "10.0.0.1", 88);
        var d = new KerberosDissector();
        feed(d, ctx, false, error(6, "EXAMPLE.COM", principal(2, "krbtgt", "EXAMPLE.COM"), "nobody", "Client not found"));
        var t = rows(ctx).get(0);
        assertThat(t.requestType()).isNull();
        assertThat(t.client()).isEqualTo("nobody/EXAMPLE.COM");
        assertThat(t.errorMsg()).isEqualTo("Client not found");
    }

    @Test
    void ignoredErrorsDropTheExchangeAsZeekDoes() {
        var ctx = RecordingContext.udp("10.0.0.2", 50000, "10.0.0.1", 88);
        var d = new KerberosDissector();
        feed(d, ctx, true, asReq("alice", "EXAMPLE.COM", FORWARDABLE_RENEWABLE_CANONICALIZE, 23));
        feed(d, ctx, false, error(25, "EXAMPLE.COM", principal(2, "krbtgt", "EXAMPLE.COM"), null, "NEEDED_PREAUTH"));
        d.onEnd(ctx);
        assertThat(ctx.events).isEmpty();
    }

    @Test
    void tgsExchangeOverTcpSplitAtEveryByte() {
        byte[] req = tcp(tgsReq("EXAMPLE.COM", principal(2, "HTTP", "web.example.com"), 23, 18));
        byte[] rep = tcp(kdcRep(0x6d, 13, "alice", "EXAMPLE.COM", principal(2, "HTTP", "web.example.com"), 23, 18));
        for (int split = 0; split <= req.length; split++) {
            var ctx = RecordingContext.tcp("10.0.0.2", 50000, "10.0.0.1", 88);
            var d = new KerberosDissector();
            d.onData(true, ByteBuffer.wrap(req), 0, split, ctx);
            d.onData(true, ByteBuffer.wrap(req), split, req.length - split, ctx);
            int rsplit = Math.min(split, rep.length);
            d.onData(false, ByteBuffer.wrap(rep), 0, rsplit, ctx);
            d.onData(false, ByteBuffer.wrap(rep), rsplit, rep.length - rsplit, ctx);
            d.onEnd(ctx);
            assertThat(ctx.confirmed).containsExactly("krb_tcp");
            var r = rows(ctx);
            assertThat(r).as("split at %d", split).hasSize(1);
            var t = r.get(0);
            assertThat(t.requestType()).isEqualTo("TGS");
            assertThat(t.client()).isEqualTo("alice/EXAMPLE.COM");
            assertThat(t.service()).isEqualTo("HTTP/web.example.com");
            assertThat(t.cipher()).isEqualTo("rc4-hmac");
            assertThat(t.success()).isTrue();
            assertThat(ctx.weirds).isEmpty();
        }
    }

    @Test
    void eachExchangeOnATcpConnectionIsItsOwnRow() {
        var ctx = RecordingContext.tcp("10.0.0.2", 50000, "10.0.0.1", 88);
        var d = new KerberosDissector();
        feed(d, ctx, true, concat2(tcp(asReq("a", "R", FORWARDABLE_RENEWABLE_CANONICALIZE, 23)), tcp(asReq("b", "R", FORWARDABLE_RENEWABLE_CANONICALIZE, 23))));
        d.onEnd(ctx);
        assertThat(rows(ctx)).extracting(KerberosTransaction::client).containsExactly("a/R", "b/R");
    }

    @Test
    void oversizedTcpLengthIsAWeirdAndStops() {
        var ctx = RecordingContext.tcp("10.0.0.2", 50000, "10.0.0.1", 88);
        var d = new KerberosDissector();
        feed(d, ctx, true, new byte[] {0x7f, 0, 0, 0, 0x6a, 0x00});
        assertThat(ctx.weirds).extracting(RecordingContext.Weird::name).containsExactly("krb_tcp_bad_length");
        assertThat(d.wantsMore()).isFalse();
    }

    @Test
    void malformedMessagesAreWeirdsAndRepeatedOnesStopTheDissector() {
        var ctx = RecordingContext.udp("10.0.0.2", 50000, "10.0.0.1", 88);
        var d = new KerberosDissector();
        byte[] bad = asReq("a", "R", FORWARDABLE_RENEWABLE_CANONICALIZE, 23);
        bad[bad.length - 3] = 0x7f; // an etype integer's length now runs beyond its container
        for (int i = 0; i < 4; i++) feed(d, ctx, true, bad);
        assertThat(ctx.events).isEmpty();
        assertThat(ctx.weirds).hasSize(4).allMatch(w -> w.name().equals("krb_invalid_message"));
        assertThat(d.wantsMore()).isFalse();
    }

    @Test
    void signatureRecognisesUdpAndTcpMessagesOnly() {
        var s = KerberosProtocol.SIGNATURE;
        byte[] req = asReq("a", "R", FORWARDABLE_RENEWABLE_CANONICALIZE, 23);
        byte[] err = error(6, "R", principal(2, "krbtgt", "R"), null, null);
        assertThat(s.matches(true, ByteBuffer.wrap(req), 0, req.length, 5000, 9999)).isTrue();
        assertThat(s.matches(false, ByteBuffer.wrap(err), 0, err.length, 5000, 9999)).isTrue();
        byte[] t = tcp(req);
        assertThat(s.matches(true, ByteBuffer.wrap(t), 0, t.length, 5000, 9999)).isTrue();
        byte[] http = "GET / HTTP/1.1\r\n".getBytes();
        assertThat(s.matches(true, ByteBuffer.wrap(http), 0, http.length, 5000, 88)).isFalse();
        assertThat(s.matches(true, ByteBuffer.wrap(req), 0, 6, 5000, 88)).isFalse();
        assertThat(s.standardPort(88)).isTrue();
    }

    /** A PrincipalName whose one component is {@code bytes}, as sent. */
    private static byte[] principalBytes(int type, byte[]... components) {
        byte[][] names = new byte[components.length][];
        for (int i = 0; i < components.length; i++) names[i] = BerBytes.tlv(0x1b, components[i]);
        return BerBytes.seq(BerBytes.ctx(0, BerBytes.integer(type)), BerBytes.ctx(1, BerBytes.seq(names)));
    }

    /**
     * Principals are logged as the bytes sent, as Zeek logs them: valid UTF-8 as text and any other
     * byte as {@code \xNN}. They were decoded as UTF-8, so the byte E9 became U+FFFD.
     */
    @Test
    void principalsAreTheBytesSent() {
        // j, the byte E9 (not UTF-8), r, then é in UTF-8 (C3 A9), me
        byte[] user = {'j', (byte) 0xe9, 'r', (byte) 0xc3, (byte) 0xa9, 'm', 'e'};
        byte[] host = {'s', 'r', 'v', '-', (byte) 0xc3, (byte) 0xa9, (byte) 0xff};
        var ctx = RecordingContext.udp("10.0.0.2", 50000, "10.0.0.1", 88);
        var d = new KerberosDissector();
        feed(d, ctx, true, kdcReq(0x6a, 10, principalBytes(1, user), "EXAMPLE.COM",
                principalBytes(2, "cifs".getBytes(java.nio.charset.StandardCharsets.US_ASCII), host),
                FORWARDABLE_RENEWABLE_CANONICALIZE, 18));
        d.onEnd(ctx);
        var t = rows(ctx).get(0);
        String latin1User = new String(user, java.nio.charset.StandardCharsets.ISO_8859_1);
        String latin1Host = new String(host, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(t.client()).isEqualTo(latin1User + "/EXAMPLE.COM");
        assertThat(t.service()).isEqualTo("cifs/" + latin1Host);
        Map<String, String> row = PipelineLogs.render(List.of(t)).get(0);
        assertThat(row.get("client")).isEqualTo("j\\xe9r\u00e9me/EXAMPLE.COM");
        assertThat(row.get("service")).isEqualTo("cifs/srv-\u00e9\\xff");
        assertThat(io.sluice.testing.LogLines.json(t)).contains("\"client\":\"j\\\\xe9r\u00e9me/EXAMPLE.COM\"",
                "\"service\":\"cifs/srv-\u00e9\\\\xff\"");
    }

    /**
     * The KRB-ERROR's e-text is logged as the bytes sent, as Zeek logs it (it was decoded as UTF-8,
     * so a byte that is not UTF-8 became U+FFFD): valid UTF-8 as text, any other byte as \xNN.
     */
    @Test
    void theErrorTextIsTheBytesSent() {
        // "Client ", é in UTF-8 (C3 A9), the byte E9 (not UTF-8), " not found"
        byte[] text = BerBytes.concat("Client ".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                new byte[] {(byte) 0xc3, (byte) 0xa9, (byte) 0xe9}, " not found".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        byte[] error = BerBytes.tlv(0x7e, BerBytes.seq(BerBytes.ctx(0, BerBytes.integer(5)),
                BerBytes.ctx(1, BerBytes.integer(30)), BerBytes.ctx(5, BerBytes.integer(7)),
                BerBytes.ctx(6, BerBytes.integer(6)), BerBytes.ctx(9, BerBytes.generalString("EXAMPLE.COM")),
                BerBytes.ctx(10, principal(2, "krbtgt", "EXAMPLE.COM")), BerBytes.ctx(11, BerBytes.tlv(0x1b, text))));
        var ctx = RecordingContext.udp("10.0.0.2", 50000, "10.0.0.1", 88);
        var d = new KerberosDissector();
        feed(d, ctx, false, error);
        var t = rows(ctx).get(0);
        assertThat(t.errorMsg()).isEqualTo(new String(text, java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(PipelineLogs.render(List.of(t)).get(0).get("error_msg")).isEqualTo("Client \u00e9\\xe9 not found");
        assertThat(io.sluice.testing.LogLines.json(t)).contains("\"error_msg\":\"Client \u00e9\\\\xe9 not found\"");
    }

    private static byte[] concat2(byte[] a, byte[] b) {
        return BerBytes.concat(a, b);
    }
}
