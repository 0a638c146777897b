package io.sluice.protocol.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** BDAT (RFC 3030) messages are walked as DATA messages are: same smtp.log row, same files. */
class SmtpBdatTest {
    /** An executable's first bytes and filler: the attachment, 900 bytes, twelve base64 lines. */
    static final byte[] PAYLOAD = payload();
    static final String BASE64 = Base64.getMimeEncoder().encodeToString(PAYLOAD);
    static final String MESSAGE = "From: Billing <billing@evil.example>\r\nTo: cfo@corp.example\r\n"
            + "Subject: Invoice 7\r\nDate: Mon, 2 Mar 2026 09:00:00 +0000\r\nMessage-ID: <7@evil.example>\r\n"
            + "X-Mailer: Mailer 1.0\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n"
            + "--outer\r\nContent-Type: text/plain\r\n\r\nPay today: https://pay.evil.example/inv?id=7\r\n"
            + ".a line that starts with a dot\r\n..and one with two\r\n"
            + "--outer\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
            + "<a href=3D\"https://login.evil.example/o365\">https://portal.office.=\r\ncom</a>\r\n"
            + "--outer\r\nContent-Type: application/octet-stream; name=\"invoice.pdf.exe\"\r\n"
            + "Content-Disposition: attachment; filename=\"invoice.pdf.exe\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + BASE64 + "\r\n--outer--\r\n";
    static final byte[] BYTES = MESSAGE.getBytes(StandardCharsets.ISO_8859_1);
    /** Inside the attachment's second base64 line. */
    static final int IN_BASE64_LINE = MESSAGE.indexOf(BASE64.split("\r\n")[1]) + 30;
    /** Between the CR and the LF that end the attachment's fifth base64 line. */
    static final int IN_CRLF = MESSAGE.indexOf(BASE64.split("\r\n")[4]) + 76 + 1;

    private static byte[] payload() {
        byte[] b = new byte[900];
        b[0] = 'M';
        b[1] = 'Z';
        for (int i = 2; i < b.length; i++) b[i] = (byte) (i * 31 + 7);
        return b;
    }

    private static final MailConversation.Outcome VIA_DATA = MailConversation.data(BYTES).run(1448);

    @Test
    void anAttachmentCutInsideABase64LineAndInsideACrlf() throws Exception {
        assertThat(MESSAGE.substring(IN_CRLF - 1, IN_CRLF + 1)).isEqualTo("\r\n");
        var o = MailConversation.bdat(BYTES, false, IN_BASE64_LINE, IN_CRLF).run(1448);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(PAYLOAD));
        assertThat(o.rows()).singleElement().satisfies(t -> {
            assertThat(t.subject()).isEqualTo("Invoice 7");
            assertThat(t.userAgent()).isEqualTo("Mailer 1.0");
            assertThat(t.lastReply()).isEqualTo("250 2.0.0 queued as 7F3A");
            assertThat(t.attachments()).containsExactly(new MailAttachment("invoice.pdf.exe", "application/octet-stream",
                    false, "application/x-dosexec", sha256));
            assertThat(t.links()).containsExactly(
                    new MailLink("https://pay.evil.example/inv?id=7", "https://pay.evil.example/inv?id=7"),
                    new MailLink("https://login.evil.example/o365", "https://portal.office.com"));
            assertThat(t.fuids()).containsExactly("#0", "#1", "#2");
        });
        assertThat(o.files()).hasSize(3);
        assertThat(o.files().get(0).seenBytes()) // BDAT's data is not dot-stuffed: both dots stay
                .isEqualTo("Pay today: https://pay.evil.example/inv?id=7\r\n.a line that starts with a dot\r\n..and one with two".length());
        assertThat(o.files().get(2).seenBytes()).isEqualTo(PAYLOAD.length);
        assertThat(o.files().get(2).sha256()).isEqualTo(sha256);
        assertThat(o.weirds()).isEmpty();
        assertThat(o).isEqualTo(VIA_DATA);
    }

    @Test
    void pipelinedChunksInOneSegment() {
        var o = MailConversation.bdat(BYTES, true, IN_BASE64_LINE, IN_CRLF).run(1 << 16);
        assertThat(o).isEqualTo(VIA_DATA);
        assertThat(o.rows()).singleElement().satisfies(t -> {
            assertThat(t.transDepth()).isEqualTo(1);
            assertThat(t.lastReply()).isEqualTo("250 2.0.0 queued as 7F3A");
        });
    }

    @Test
    void oneBytePerSegment() {
        assertThat(MailConversation.bdat(BYTES, true, IN_BASE64_LINE, IN_CRLF).run(1)).isEqualTo(VIA_DATA);
        assertThat(MailConversation.bdat(BYTES, false, 1, 2, IN_CRLF).run(1)).isEqualTo(VIA_DATA);
    }

    @Test
    void bdatZeroLastEndsTheMessage() {
        assertThat(MailConversation.bdat(BYTES, false, IN_CRLF, BYTES.length).run(1448)).isEqualTo(VIA_DATA);
        var empty = MailConversation.bdat(new byte[0], false).run(1448);
        assertThat(empty.rows()).singleElement().satisfies(t -> {
            assertThat(t.subject()).isNull();
            assertThat(t.fuids()).isNullOrEmpty();
            assertThat(t.lastReply()).isEqualTo("250 2.0.0 queued as 7F3A");
        });
        assertThat(empty.files()).isEmpty();
    }

    @Test
    void aLastLineWithoutCrlfIsStillALine() {
        String m = "Subject: short\r\nContent-Type: text/plain\r\n\r\nsee http://no-newline.example/x";
        var o = MailConversation.bdat(m.getBytes(StandardCharsets.ISO_8859_1), false, 20).run(1448);
        assertThat(o.rows()).singleElement().satisfies(t -> assertThat(t.links())
                .containsExactly(new MailLink("http://no-newline.example/x", "http://no-newline.example/x")));
        assertThat(o.files()).singleElement()
                .satisfies(f -> assertThat(f.seenBytes()).isEqualTo("see http://no-newline.example/x".length()));
    }

    @Test
    void rsetEndsAnUnfinishedMessageAndTheNextOneStartsClean() {
        int cut = IN_BASE64_LINE;
        var second = "Subject: second\r\n\r\nhello\r\n";
        var c = MailConversation.opened()
                .orig(("BDAT " + cut + "\r\n" + MESSAGE.substring(0, cut)).getBytes(StandardCharsets.ISO_8859_1))
                .resp("250 2.0.0 " + cut + " octets received\r\n")
                .orig("RSET\r\n").resp("250 2.0.0 flushed\r\n")
                .orig("MAIL FROM:<again@evil.example>\r\n").resp("250 2.1.0 OK\r\n")
                .orig("RCPT TO:<cfo@corp.example>\r\n").resp("250 2.1.5 OK\r\n")
                .orig("BDAT " + second.length() + " LAST\r\n" + second).resp("250 2.0.0 queued as 7F3B\r\n")
                .closed();
        var o = c.run(1448);
        assertThat(o.rows()).hasSize(2);
        assertThat(o.rows().get(0)).satisfies(t -> {
            assertThat(t.subject()).isEqualTo("Invoice 7");
            assertThat(t.attachments()).extracting(MailAttachment::filename).containsExactly("invoice.pdf.exe");
            assertThat(t.fuids()).containsExactly("#0", "#1", "#2");
        });
        // the attachment's first base64 line only: the cut line is dropped as an unfinished DATA line is
        assertThat(o.files().get(2).seenBytes()).isEqualTo(57);
        assertThat(o.rows().get(1)).satisfies(t -> {
            assertThat(t.mailfrom()).isEqualTo("again@evil.example");
            assertThat(t.subject()).isEqualTo("second");
            assertThat(t.attachments()).isEmpty();
            assertThat(t.links()).isEmpty();
            assertThat(t.fuids()).containsExactly("#3");
            assertThat(t.lastReply()).isEqualTo("250 2.0.0 queued as 7F3B");
        });
        assertThat(o.files().get(3).seenBytes()).isEqualTo("hello".length());
        assertThat(o.weirds()).isEmpty();
    }

    @Test
    void aGapInsideAChunkCostsTheLineItCutAndTheNextCommandIsStillFound() {
        int gapAt = MESSAGE.indexOf(BASE64.split("\r\n")[2]) + 8, gap = 20;
        int cut = gapAt + 200;
        var c = MailConversation.opened()
                .orig(("BDAT " + cut + "\r\n" + MESSAGE.substring(0, gapAt)).getBytes(StandardCharsets.ISO_8859_1))
                .origGap(gap)
                .orig(MESSAGE.substring(gapAt + gap, cut).getBytes(StandardCharsets.ISO_8859_1))
                .resp("250 2.0.0 " + cut + " octets received\r\n")
                .orig(("BDAT " + (BYTES.length - cut) + " LAST\r\n" + MESSAGE.substring(cut, BYTES.length - 5))
                        .getBytes(StandardCharsets.ISO_8859_1))
                .origGap(5) // the last chunk's last bytes: the message still ends there
                .resp("250 2.0.0 queued as 7F3A\r\n")
                .closed();
        var o = c.run(1448);
        assertThat(o.rows()).singleElement().satisfies(t -> {
            assertThat(t.subject()).isEqualTo("Invoice 7");
            assertThat(t.attachments()).extracting(MailAttachment::filename).containsExactly("invoice.pdf.exe");
            assertThat(t.lastReply()).isEqualTo("250 2.0.0 queued as 7F3A");
            assertThat(t.fuids()).hasSize(3);
        });
        // the 28 characters of the third base64 line before the hole's end are lost (7 quads, 21 bytes);
        // the 5 bytes the last hole took were the closing boundary's: the walk ends the entity at the message's end
        assertThat(o.files().get(2).seenBytes()).isEqualTo(PAYLOAD.length - 21);
        // a file with a hole keeps no hashes: they would describe bytes around the hole
        assertThat(o.files().get(2).sha256()).isNull();
        assertThat(o.files().get(0).sha256()).as("the entities before the hole").isNotNull();
        assertThat(o.weirds()).isEmpty();
    }

    /** The same hole in a DATA body: the attachment it cut has no hashes either. */
    @Test
    void aGapInsideADataBodyCostsTheAttachmentItsHashes() {
        int gapAt = MESSAGE.indexOf(BASE64.split("\r\n")[2]) + 8, gap = 20;
        var c = MailConversation.opened()
                .orig("DATA\r\n")
                .resp("354 go ahead\r\n")
                .orig(MESSAGE.substring(0, gapAt).getBytes(StandardCharsets.ISO_8859_1))
                .origGap(gap)
                .orig((MESSAGE.substring(gapAt + gap) + ".\r\n").getBytes(StandardCharsets.ISO_8859_1))
                .resp("250 2.0.0 queued as 7F3A\r\n")
                .closed();
        var o = c.run(1448);
        assertThat(o.files()).hasSize(3);
        assertThat(o.files().get(2).sha256()).isNull();
        assertThat(o.files().get(0).sha256()).isNotNull();
        var whole = MailConversation.data(BYTES).run(1448);
        assertThat(whole.files().get(2).sha256()).as("without the hole").isNotNull();
    }

    /** However a message is cut into chunks and segments, what comes out is what DATA gives. */
    @Property(tries = 200)
    void chunkingIsInvisible(@ForAll @Size(max = 6) int[] cuts, @ForAll @IntRange(min = 1, max = 3000) int segment,
            @ForAll boolean pipelined) {
        for (int i = 0; i < cuts.length; i++) cuts[i] = Math.floorMod(cuts[i], BYTES.length + 1);
        assertThat(MailConversation.bdat(BYTES, pipelined, cuts).run(segment)).isEqualTo(VIA_DATA);
    }

    /** The same for any bytes after the headers (lines of any kind, bare LFs, dots, NULs). */
    @Property(tries = 300)
    void chunkingIsInvisibleForAnyBody(@ForAll @Size(max = 600) byte[] body, @ForAll @Size(max = 4) int[] cuts,
            @ForAll @IntRange(min = 1, max = 700) int segment) {
        byte[] head = "Subject: any\r\nContent-Type: text/plain\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] m = new byte[head.length + body.length + 2];
        System.arraycopy(head, 0, m, 0, head.length);
        System.arraycopy(body, 0, m, head.length, body.length);
        m[m.length - 2] = '\r';
        m[m.length - 1] = '\n';
        for (int i = 0; i < cuts.length; i++) cuts[i] = Math.floorMod(cuts[i], m.length + 1);
        assertThat(MailConversation.bdat(m, false, cuts).run(segment)).isEqualTo(MailConversation.data(m).run(1448));
    }
}
