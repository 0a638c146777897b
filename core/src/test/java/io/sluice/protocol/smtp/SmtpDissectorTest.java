package io.sluice.protocol.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.RecordingContext;
import io.sluice.packet.craft.TlsHelloBytes;
import io.sluice.protocol.tls.TlsHandshake;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SmtpDissectorTest {
    static final String[][] SESSION = {
        {null, "220 mx.example.com ESMTP\r\n"},
        {"EHLO client.example.org\r\n", "250-mx.example.com\r\n250 PIPELINING\r\n"},
        {"MAIL FROM:<ceo@example.com> SIZE=100\r\n", "250 OK\r\n"},
        {"RCPT TO:<a@example.net>\r\n", "250 OK\r\n"},
        {"RCPT TO:<b@example.net> ORCPT=rfc822;b@example.net\r\n", "250 OK\r\n"},
        {"DATA\r\n", "354 go\r\n"},
        {"Received: from x ([203.0.113.9]) by y\r\nReceived: from z (z [198.51.100.7])\r\n\tby w\r\n"
                + "From: \"CEO\" <ceo@example.com>\r\nTo: a@example.net, \"B, Bee\" <b@example.net>\r\n"
                + "Subject: urgent\r\n wire transfer\r\nDKIM-Signature: v=1; a=rsa-sha256; d=example.com\r\n"
                + "Authentication-Results: mx; spf=fail smtp.mailfrom=example.com\r\nReceived-SPF: fail\r\n"
                + "X-Originating-IP: [192.0.2.55]\r\n\r\nbody\r\n..dot\r\nSubject: not a header\r\n.\r\n", "250 queued as 1\r\n"},
        {"QUIT\r\n", "221 bye\r\n"},
    };

    private static List<SmtpTransaction> rows(RecordingContext ctx) {
        return ctx.events.stream().filter(SmtpTransaction.class::isInstance).map(SmtpTransaction.class::cast).toList();
    }

    private static void feed(SmtpDissector d, RecordingContext ctx, boolean fromOrig, String s, int split) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        int k = Math.min(split, b.length);
        d.onData(fromOrig, ByteBuffer.wrap(b), 0, k, ctx);
        d.onData(fromOrig, ByteBuffer.wrap(b), k, b.length - k, ctx);
    }

    @Test
    void transactionWithHeadersAtEverySplit() {
        for (int split = 0; split < 60; split++) {
            var ctx = RecordingContext.tcp("10.0.0.2", 40000, "10.0.0.1", 25);
            var d = new SmtpDissector();
            for (String[] step : SESSION) {
                if (step[0] != null) feed(d, ctx, true, step[0], split);
                feed(d, ctx, false, step[1], split);
            }
            d.onEnd(ctx);
            var r = rows(ctx);
            assertThat(r).as("split %d", split).hasSize(1);
            var t = r.get(0);
            assertThat(t.transDepth()).isEqualTo(1);
            assertThat(t.helo()).isEqualTo("client.example.org");
            assertThat(t.mailfrom()).isEqualTo("ceo@example.com");
            assertThat(t.rcptto()).containsExactly("a@example.net", "b@example.net");
            assertThat(t.from()).isEqualTo("\"CEO\" <ceo@example.com>");
            assertThat(t.to()).containsExactly("a@example.net", "\"B, Bee\" <b@example.net>");
            assertThat(t.subject()).isEqualTo("urgent wire transfer");
            assertThat(t.firstReceived()).isEqualTo("from z (z [198.51.100.7])\tby w");
            assertThat(t.secondReceived()).isEqualTo("from x ([203.0.113.9]) by y");
            assertThat(t.path()).containsExactly("10.0.0.1", "10.0.0.2", "203.0.113.9", "198.51.100.7");
            assertThat(t.xOriginatingIp()).isEqualTo("192.0.2.55");
            assertThat(t.dkimSignature()).isTrue();
            assertThat(t.authenticationResults()).isEqualTo("mx; spf=fail smtp.mailfrom=example.com");
            assertThat(t.receivedSpf()).isEqualTo("fail");
            assertThat(t.lastReply()).isEqualTo("250 queued as 1");
            assertThat(t.tls()).isFalse();
            assertThat(ctx.confirmed).containsExactly("smtp");
        }
    }

    /**
     * AUTH LOGIN (RFC 4954), as in Zeek's smtp.basic trace: the lines that answer the server's 334
     * challenges are base64 (user name, password), not commands. They were weirds
     * (smtp_invalid_command naming the user's base64), and a password that looked like a command
     * word would have been queued as one, pairing every later reply with the wrong command.
     */
    @Test
    void authLoginAnswersAreNotCommands() {
        String[][] session = {
            {null, "220 mx.example.com ESMTP\r\n"},
            {"EHLO client.example.org\r\n", "250-mx.example.com\r\n250 AUTH LOGIN PLAIN\r\n"},
            {"AUTH LOGIN\r\n", "334 VXNlcm5hbWU6\r\n"},
            {"Z3VycGFydGFwQHBhdHJpb3RzLmlu\r\n", "334 UGFzc3dvcmQ6\r\n"},
            {"RATA\r\n", "235 Authentication succeeded\r\n"}, // a password that looks like a command word
            {"MAIL FROM:<gurpartap@patriots.in>\r\n", "250 OK\r\n"},
            {"RCPT TO:<raj@example.net>\r\n", "250 OK\r\n"},
            {"DATA\r\n", "354 go\r\n"},
            {"Subject: hi\r\n\r\nbody\r\n.\r\n", "250 queued\r\n"},
            {"QUIT\r\n", "221 bye\r\n"},
        };
        var ctx = RecordingContext.tcp("10.0.0.2", 40000, "10.0.0.1", 25);
        var d = new SmtpDissector();
        for (String[] step : session) {
            if (step[0] != null) feed(d, ctx, true, step[0], 3);
            feed(d, ctx, false, step[1], 3);
        }
        d.onEnd(ctx);
        assertThat(ctx.weirds).isEmpty();
        assertThat(rows(ctx)).singleElement().satisfies(t -> {
            assertThat(t.mailfrom()).isEqualTo("gurpartap@patriots.in");
            assertThat(t.rcptto()).containsExactly("raj@example.net");
            assertThat(t.subject()).isEqualTo("hi");
            assertThat(t.lastReply()).isEqualTo("250 queued");
        });
    }

    @Test
    void startTlsHandsOverToTls() {
        var ctx = RecordingContext.tcp("10.0.0.2", 40000, "10.0.0.1", 587);
        var d = new SmtpDissector();
        feed(d, ctx, false, "220 mx ESMTP\r\n", 0);
        feed(d, ctx, true, "EHLO me\r\n", 0);
        feed(d, ctx, false, "250 STARTTLS\r\n", 0);
        feed(d, ctx, true, "STARTTLS\r\n", 0);
        feed(d, ctx, false, "220 go ahead\r\n", 0);
        byte[] hello = TlsHelloBytes.clientHello("mx.example.com");
        d.onData(true, ByteBuffer.wrap(hello), 0, hello.length, ctx);
        d.onEnd(ctx);
        assertThat(rows(ctx)).singleElement().satisfies(t -> {
            assertThat(t.tls()).isTrue();
            assertThat(t.mailfrom()).isNull();
        });
        assertThat(ctx.events).filteredOn(TlsHandshake.class::isInstance).hasSize(1);
    }

    /** A message in BDAT chunks (RFC 3030): cut inside a URL and inside a CRLF, pipelined, a "." line that is data, BDAT 0 LAST. */
    static final String[][] BDAT_SESSION = {
        {null, "220 mx.example.com ESMTP\r\n"},
        {"EHLO client.example.org\r\n", "250-mx.example.com\r\n250-CHUNKING\r\n250 PIPELINING\r\n"},
        {"MAIL FROM:<ceo@example.com>\r\nRCPT TO:<a@example.net>\r\n", "250 OK\r\n250 OK\r\n"},
        {"BDAT 61\r\nSubject: urgent\r\nContent-Type: text/plain\r\n\r\nsee http://x.exa", "250 61 octets\r\n"},
        {"BDAT 5\r\nmple\rBDAT 10\r\n\n.\r\nmore\r\nBDAT 0 LAST\r\n", "250 5 octets\r\n250 10 octets\r\n250 queued\r\n"},
        {"QUIT\r\n", "221 bye\r\n"},
    };

    @Test
    void bdatChunksAreReadAsOneMessage() {
        String chunk1 = "From: a@example.com\r\nSubject: chun";
        String chunk2 = "ked\r\n\r\nEHLO this is body text, not a command\r\n";
        var ctx = RecordingContext.tcp("10.0.0.2", 40000, "10.0.0.1", 25);
        var d = new SmtpDissector();
        feed(d, ctx, false, "220 mx ESMTP\r\n", 0);
        feed(d, ctx, true, "EHLO me\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\n", 0);
        feed(d, ctx, false, "250 hi\r\n250 ok\r\n250 ok\r\n", 0);
        feed(d, ctx, true, "BDAT " + chunk1.length() + "\r\n" + chunk1, 7);
        feed(d, ctx, false, "250 chunk ok\r\n", 0);
        feed(d, ctx, true, "BDAT " + chunk2.length() + " LAST\r\n" + chunk2, 11);
        feed(d, ctx, false, "250 message ok\r\n", 0);
        feed(d, ctx, true, "QUIT\r\n", 0);
        feed(d, ctx, false, "221 bye\r\n", 0);
        d.onEnd(ctx);
        assertThat(rows(ctx)).singleElement().satisfies(t -> {
            assertThat(t.subject()).isEqualTo("chunked");
            assertThat(t.from()).isEqualTo("a@example.com");
            assertThat(t.lastReply()).isEqualTo("250 message ok");
            assertThat(t.helo()).isEqualTo("me");
            assertThat(t.fuids()).hasSize(1); // the body, a file as DATA's is
        });
        assertThat(ctx.weirds).isEmpty();
    }

    @Test
    void sessionsWithoutClientActivityAreNotLogged() {
        var ctx = RecordingContext.tcp("10.0.0.2", 40000, "10.0.0.1", 25);
        var d = new SmtpDissector();
        feed(d, ctx, false, "220 mx ESMTP\r\n", 0);
        feed(d, ctx, true, "EHLO me\r\nQUIT\r\n", 0);
        feed(d, ctx, false, "250 hi\r\n221 bye\r\n", 0);
        d.onEnd(ctx);
        assertThat(rows(ctx)).isEmpty();
    }

    @Test
    void signature() {
        var s = SmtpProtocol.SIGNATURE;
        byte[] ehlo = "EHLO x\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(s.matches(true, ByteBuffer.wrap(ehlo), 0, ehlo.length, 5000, 2525)).isTrue();
        byte[] ftp = "220 ProFTPD ready\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(s.matches(false, ByteBuffer.wrap(ftp), 0, ftp.length, 5000, 2525)).isFalse();
        byte[] esmtp = "220 mx ESMTP Postfix\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(s.matches(false, ByteBuffer.wrap(esmtp), 0, esmtp.length, 5000, 2525)).isTrue();
    }

    @Test
    void theBdatSessionForThePropertyIsAMessage() {
        var ctx = RecordingContext.tcp("10.0.0.2", 40000, "10.0.0.1", 25);
        var d = new SmtpDissector();
        for (String[] step : BDAT_SESSION) {
            if (step[0] != null) feed(d, ctx, true, step[0], 3);
            feed(d, ctx, false, step[1], 3);
        }
        d.onEnd(ctx);
        assertThat(rows(ctx)).singleElement().satisfies(t -> {
            assertThat(t.subject()).isEqualTo("urgent");
            assertThat(t.links()).containsExactly(new MailLink("http://x.example", "http://x.example"));
            assertThat(t.lastReply()).isEqualTo("250 queued");
        });
        assertThat(ctx.weirds).isEmpty();
    }

    /** Random bytes and holes between the steps of a DATA or a BDAT session (so inside chunks too). */
    @Property(tries = 1000)
    void randomInputNeverThrows(@ForAll byte[] a, @ForAll byte[] b, @ForAll boolean chunked,
            @ForAll @IntRange(max = 80) int hole) {
        var ctx = RecordingContext.tcp("10.0.0.2", 40000, "10.0.0.1", 25);
        var d = new SmtpDissector();
        for (String[] step : chunked ? BDAT_SESSION : SESSION) {
            if (step[0] != null) feed(d, ctx, true, step[0], 3);
            feed(d, ctx, false, step[1], 3);
            d.onData(true, ByteBuffer.wrap(a), 0, a.length, ctx);
            if (hole > 0) d.onGap(true, hole, ctx);
            d.onData(false, ByteBuffer.wrap(b), 0, b.length, ctx);
        }
        d.onEnd(ctx);
    }
}
