package io.sluice.protocol.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.RecordingContext;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class FtpDissectorTest {
    static final String CLIENT = "USER alice\r\nPASS s3cret\r\nCWD /pub\r\nEPSV\r\nSTOR up.bin\r\nPORT 10,0,0,2,4,1\r\nRETR a.txt\r\nQUIT\r\n";
    static final String SERVER = "220-Welcome\r\n220 FTP ready\r\n331 Password required\r\n230 Logged in\r\n250 CWD ok\r\n"
            + "229 Entering Extended Passive Mode (|||50001|)\r\n150 Ok to send data\r\n226 Transfer complete\r\n"
            + "200 PORT command successful\r\n150 Opening BINARY mode data connection for a.txt (1234 bytes)\r\n"
            + "226 Transfer complete\r\n221 Goodbye\r\n";

    private static List<FtpCommand> rows(RecordingContext ctx) {
        return ctx.events.stream().filter(FtpCommand.class::isInstance).map(FtpCommand.class::cast).toList();
    }

    /** Replays the session line by line in protocol order, each direction cut at {@code split}. */
    private static RecordingContext replay(int split) {
        var ctx = RecordingContext.tcp("10.0.0.2", 40000, "10.0.0.1", 21);
        var d = new FtpDissector();
        String[] c = CLIENT.split("(?<=\n)"), s = SERVER.split("(?<=\n)");
        int si = 0;
        feed(d, ctx, false, s[si++], split);
        feed(d, ctx, false, s[si++], split);
        for (String line : c) {
            feed(d, ctx, true, line, split);
            String[] answers = line.startsWith("STOR") || line.startsWith("RETR") ? new String[] {s[si++], s[si++]} : new String[] {s[si++]};
            for (String a : answers) feed(d, ctx, false, a, split);
        }
        d.onEnd(ctx);
        return ctx;
    }

    private static void feed(FtpDissector d, RecordingContext ctx, boolean fromOrig, String text, int split) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        int k = Math.min(split, b.length);
        d.onData(fromOrig, ByteBuffer.wrap(b), 0, k, ctx);
        d.onData(fromOrig, ByteBuffer.wrap(b), k, b.length - k, ctx);
    }

    @Test
    void loggedCommandsWithTheirRepliesAtEverySplit() {
        for (int split = 0; split < 40; split++) {
            var ctx = replay(split);
            var r = rows(ctx);
            assertThat(r).as("split %d", split).extracting(FtpCommand::command).containsExactly("EPSV", "STOR", "PORT", "RETR");
            assertThat(r).allSatisfy(row -> {
                assertThat(row.user()).isEqualTo("alice");
                assertThat(row.password()).isEqualTo("<hidden>");
            });
            var epsv = r.get(0);
            assertThat(epsv.dataPassive()).isTrue();
            assertThat(epsv.dataOrigH()).isEqualTo("10.0.0.2");
            assertThat(epsv.dataRespH()).isEqualTo("10.0.0.1");
            assertThat(epsv.dataRespP()).isEqualTo(50001);
            var stor = r.get(1);
            assertThat(stor.arg()).isEqualTo("ftp://10.0.0.1/pub/up.bin");
            assertThat(stor.replyCode()).isEqualTo(226L);
            assertThat(stor.dataRespH()).isNull();
            var port = r.get(2);
            assertThat(port.dataPassive()).isFalse();
            assertThat(port.dataOrigH()).isEqualTo("10.0.0.1");
            assertThat(port.dataRespH()).isEqualTo("10.0.0.2");
            assertThat(port.dataRespP()).isEqualTo(1025);
            var retr = r.get(3);
            assertThat(retr.fileSize()).isEqualTo(1234L);
            assertThat(retr.replyMsg()).isEqualTo("Transfer complete");
            assertThat(ctx.confirmed).containsExactly("ftp");
            assertThat(ctx.events.toString()).doesNotContain("s3cret");
        }
    }

    @Test
    void anonymousPasswordsAreShownAsZeekShowsThem() {
        var ctx = RecordingContext.tcp("10.0.0.2", 40000, "10.0.0.1", 21);
        var d = new FtpDissector();
        for (String l : new String[] {"USER anonymous\r\n", "PASS me@example.com\r\n", "DELE x\r\n"}) {
            byte[] b = l.getBytes(StandardCharsets.US_ASCII);
            d.onData(true, ByteBuffer.wrap(b), 0, b.length, ctx);
        }
        d.onEnd(ctx);
        assertThat(rows(ctx)).singleElement().satisfies(r -> {
            assertThat(r.password()).isEqualTo("me@example.com");
            assertThat(r.command()).isEqualTo("DELE");
            assertThat(r.replyCode()).isNull();
            assertThat(r.arg()).isEqualTo("ftp://10.0.0.1/./x");
        });
    }

    @Test
    void authTlsHandsOverToTls() {
        var ctx = RecordingContext.tcp("10.0.0.2", 40000, "10.0.0.1", 21);
        var d = new FtpDissector();
        byte[] greet = "220 FTP ready\r\n".getBytes(StandardCharsets.US_ASCII);
        d.onData(false, ByteBuffer.wrap(greet), 0, greet.length, ctx);
        byte[] auth = "AUTH TLS\r\n".getBytes(StandardCharsets.US_ASCII);
        d.onData(true, ByteBuffer.wrap(auth), 0, auth.length, ctx);
        byte[] ok = "234 Proceed with negotiation.\r\n".getBytes(StandardCharsets.US_ASCII);
        d.onData(false, ByteBuffer.wrap(ok), 0, ok.length, ctx);
        byte[] hello = io.sluice.packet.craft.TlsHelloBytes.clientHello("ftp.example.com");
        d.onData(true, ByteBuffer.wrap(hello), 0, hello.length, ctx);
        d.onEnd(ctx);
        assertThat(ctx.events).filteredOn(io.sluice.protocol.tls.TlsHandshake.class::isInstance).hasSize(1);
        assertThat(ctx.weirds).isEmpty();
        assertThat(ctx.confirmed).containsExactly("ftp", "ssl");
    }

    @Test
    void pathsCompressAsZeeks() {
        assertThat(FtpPaths.compressed(".", "robots.txt")).isEqualTo("./robots.txt");
        assertThat(FtpPaths.compressed("/pub/a", "../b")).isEqualTo("/pub/b");
        assertThat(FtpPaths.compressed("/pub", "/etc/passwd")).isEqualTo("/etc/passwd");
        assertThat(FtpPaths.url("2001:db8::1", "/", "f")).isEqualTo("ftp://[2001:db8::1]/f");
        assertThat(FtpAddresses.pasv("Entering Passive Mode (199,233,217,249,221,90)")).containsExactly("199.233.217.249", "56666");
        assertThat(FtpAddresses.port("1,2,3,999,0,1")).isNull();
        assertThat(FtpAddresses.eprt("|2|::1|2121|")).containsExactly("::1", "2121");
    }

    @Test
    void garbageIsWeirdAndStops() {
        var ctx = RecordingContext.tcp("10.0.0.2", 40000, "10.0.0.1", 21);
        var d = new FtpDissector();
        byte[] b = "\u0001\u0002\n".repeat(10).getBytes(StandardCharsets.ISO_8859_1);
        d.onData(true, ByteBuffer.wrap(b), 0, b.length, ctx);
        assertThat(d.wantsMore()).isFalse();
        assertThat(ctx.weirds).isNotEmpty().allMatch(w -> w.name().equals("FTP_invalid_command"));
    }

    /** FTP_invalid_command's addl is the command's bytes, ASCII letters upper-cased and nothing else changed. */
    @Test
    void anInvalidCommandIsReportedWithItsBytes() {
        var ctx = RecordingContext.tcp("10.0.0.2", 40000, "10.0.0.1", 21);
        var d = new FtpDissector();
        byte[] b = {'r', (byte) 0xc3, (byte) 0xa9, 't', (byte) 0xe0, (byte) 0xff, ' ', 'a', '\r', '\n'};
        d.onData(true, ByteBuffer.wrap(b), 0, b.length, ctx);
        assertThat(ctx.weirds).containsExactly(new RecordingContext.Weird("FTP_invalid_command", "R\u00c3\u00a9T\u00e0\u00ff"));
    }

    @Test
    void signatureTellsFtpFromSmtpGreetings() {
        var s = FtpProtocol.SIGNATURE;
        byte[] ftp = "220 ProFTPD Server ready.\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] smtp = "220 mail.example.com ESMTP Postfix\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(s.matches(false, ByteBuffer.wrap(ftp), 0, ftp.length, 4000, 2121)).isTrue();
        assertThat(s.matches(false, ByteBuffer.wrap(smtp), 0, smtp.length, 4000, 2525)).isFalse();
        byte[] quit = "QUIT\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(s.matches(true, ByteBuffer.wrap(quit), 0, quit.length, 4000, 21)).isTrue();
        assertThat(s.matches(true, ByteBuffer.wrap(quit), 0, quit.length, 4000, 25)).isFalse();
    }

    @Property(tries = 1000)
    void randomInputNeverThrowsAndStaysBounded(@ForAll byte[] client, @ForAll byte[] server) {
        var ctx = RecordingContext.tcp("10.0.0.2", 40000, "10.0.0.1", 21);
        var d = new FtpDissector();
        byte[] c = (CLIENT + new String(client, StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1);
        byte[] s = (new String(server, StandardCharsets.ISO_8859_1) + SERVER).getBytes(StandardCharsets.ISO_8859_1);
        d.onData(false, ByteBuffer.wrap(s), 0, s.length, ctx);
        d.onData(true, ByteBuffer.wrap(c), 0, c.length, ctx);
        d.onEnd(ctx);
        assertThat(ctx.events.size()).isLessThanOrEqualTo(FtpDissector.MAX_PENDING + 1);
    }
}
