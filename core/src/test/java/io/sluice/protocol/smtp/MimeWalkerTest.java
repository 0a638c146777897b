package io.sluice.protocol.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.RecordingContext;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class MimeWalkerTest {

    /** A multipart/mixed message: an alternative text/plain + quoted-printable text/html, two attachments. */
    static final String BODY = "This is a multi-part message in MIME format.\r\n"
            + "--outer\r\n"
            + "Content-Type: multipart/alternative;\r\n boundary=\"inner\"\r\n\r\n"
            + "--inner\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSee https://docs.example.org/a?b=1 now\r\n"
            + "--inner\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
            + "<p>Open <a class=3D\"btn\" href=3D\"https://login.evil.example/o365/signin\">https://portal.office.=\r\n"
            + "com</a></p>\r\n"
            + "--inner--\r\n"
            + "--outer\r\nContent-Type: application/octet-stream; name=\"invoice.pdf.exe\"\r\n"
            + "Content-Disposition: attachment;\r\n\tfilename=\"invoice.pdf.exe\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + "TVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\r\n"
            + "--outer\r\nContent-Type: text/html\r\nContent-Disposition: attachment; filename*=utf-8''Payment%20Portal.html\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\n"
            + Base64.getMimeEncoder().encodeToString(
                    "<html><form action=\"https://x.example/p\"><input type=\"password\" name=\"p\"></form></html>"
                            .getBytes(StandardCharsets.ISO_8859_1)).replace("\r\n", "\r\n") + "\r\n"
            + "--outer--\r\n";

    private static MimeWalker walk(String contentType, String cte, String body) {
        return walk(contentType, cte, body, RecordingContext.tcp("10.0.0.9", 50000, "10.0.0.25", 25));
    }

    private static MimeWalker walk(String contentType, String cte, String body, RecordingContext ctx) {
        var w = new MimeWalker();
        w.start(contentType, cte);
        for (String line : body.split("\r\n", -1)) {
            byte[] b = line.getBytes(StandardCharsets.ISO_8859_1);
            w.line(b, 0, b.length, ctx);
        }
        w.finish(ctx);
        return w;
    }

    @Test
    void everyEntityIsAFileOfItsDecodedBody() {
        var ctx = RecordingContext.tcp("10.0.0.9", 50000, "10.0.0.25", 25);
        var w = walk("multipart/mixed; boundary=\"outer\"", null, BODY, ctx);
        var files = ctx.eventsOf(io.sluice.protocol.files.FileInfo.class);
        assertThat(files).extracting(f -> f.source(), f -> f.depth(), f -> f.isOrig()).containsExactly(
                org.assertj.core.groups.Tuple.tuple("SMTP", 1L, true), org.assertj.core.groups.Tuple.tuple("SMTP", 2L, true),
                org.assertj.core.groups.Tuple.tuple("SMTP", 3L, true), org.assertj.core.groups.Tuple.tuple("SMTP", 4L, true));
        assertThat(w.fuids()).containsExactlyElementsOf(files.stream().map(f -> f.fuid()).toList());
        // the plain part without the line break that belongs to the boundary
        assertThat(files.get(0).seenBytes()).isEqualTo("See https://docs.example.org/a?b=1 now".length());
        // quoted-printable: =3D decoded, the soft break joins the two lines
        assertThat(files.get(1).seenBytes()).isEqualTo(
                "<p>Open <a class=\"btn\" href=\"https://login.evil.example/o365/signin\">https://portal.office.com</a></p>".length());
        assertThat(files.get(2).filename()).isEqualTo("invoice.pdf.exe");
        assertThat(files.get(2).mimeType()).isEqualTo("application/x-dosexec");
        assertThat(files.get(2).seenBytes()).isEqualTo(java.util.Base64.getDecoder().decode(
                "TVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").length);
        assertThat(files.get(3).filename()).isEqualTo("Payment Portal.html");
        assertThat(files.get(3).mimeType()).isEqualTo("text/html");
    }

    @Test
    void aFileCutByTheWalksBoundKeepsNoHashes() {
        var ctx = RecordingContext.tcp("10.0.0.9", 50000, "10.0.0.25", 25);
        ctx.fileHashes = java.util.Set.of("sha256");
        var big = new StringBuilder("--b\r\nContent-Type: application/octet-stream\r\n\r\n");
        while (big.length() <= MimeWalker.MAX_BODY + 2000) big.append("z".repeat(998)).append("\r\n");
        walk("multipart/mixed; boundary=b", null, big.toString(), ctx);
        var f = ctx.eventsOf(io.sluice.protocol.files.FileInfo.class);
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.sha256()).isNull();
            assertThat(x.seenBytes()).isLessThan(MimeWalker.MAX_BODY);
        });
        var small = RecordingContext.tcp("10.0.0.9", 50000, "10.0.0.25", 25);
        small.fileHashes = java.util.Set.of("sha256");
        walk("text/plain", "7bit", "abc", small);
        assertThat(small.eventsOf(io.sluice.protocol.files.FileInfo.class)).singleElement()
                .satisfies(x -> assertThat(x.sha256()).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    }

    /** RFC 2045 5.2: a message without Content-Type is text/plain, and its bare links are links. */
    @Test
    void aMessageWithoutContentTypeIsPlainText() {
        var w = walk(null, null, "Your mailbox is full, go to https://mail-quota.evil.example/fix now");
        assertThat(w.links()).extracting(MailLink::href).containsExactly("https://mail-quota.evil.example/fix");
    }

    @Test
    void findsNestedPartsAttachmentsAndLinks() {
        var w = walk("multipart/mixed; boundary=\"outer\"", null, BODY);
        assertThat(w.attachments()).containsExactly(
                // what each holds, sniffed from the decoded content (no hash: the context asks for none)
                new MailAttachment("invoice.pdf.exe", "application/octet-stream", false, "application/x-dosexec", null),
                new MailAttachment("Payment Portal.html", "text/html", true, "text/html", null));
        assertThat(w.links()).containsExactly(new MailLink("https://docs.example.org/a?b=1", "https://docs.example.org/a?b=1"),
                new MailLink("https://login.evil.example/o365/signin", "https://portal.office.com"));
    }

    @Test
    void aSinglePartHtmlMessageIsOnePart() {
        var w = walk("text/html; charset=us-ascii", "7bit", "<a href='http://203.0.113.5/x'>Your parcel</a>\r\n");
        assertThat(w.attachments()).isEmpty();
        assertThat(w.links()).containsExactly(new MailLink("http://203.0.113.5/x", "Your parcel"));
    }

    @Test
    void aLinkQuotedOnEveryLineIsKeptOnce() {
        var w = walk("text/plain", "7bit", "> see http://same.example/x\r\n".repeat(40) + "and http://other.example/\r\n");
        assertThat(w.links()).containsExactly(new MailLink("http://same.example/x", "http://same.example/x"),
                new MailLink("http://other.example/", "http://other.example/"));
    }

    @Test
    void stopsAtItsBoundAndNeverThrowsOnBrokenStructure() {
        var w = walk("multipart/mixed; boundary=b", null, "--b\r\nContent-Type: text/plain\r\n\r\n"
                + "x".repeat(1000) + "\r\n".repeat(2000) + "http://late.example/\r\n");
        assertThat(w.links()).containsExactly(new MailLink("http://late.example/", "http://late.example/"));
        var big = new StringBuilder("--b\r\nContent-Type: text/plain\r\n\r\n");
        while (big.length() <= MimeWalker.MAX_BODY) big.append("y".repeat(998)).append("\r\n");
        big.append("http://after.example/\r\n");
        assertThat(walk("multipart/mixed; boundary=b", null, big.toString()).links()).isEmpty();
        assertThat(walk("multipart/mixed; boundary=", null, "--\r\n--b--\r\n").links()).isEmpty();
        assertThat(walk(null, null, "=\r\n=Z\r\n").attachments()).isEmpty();
    }

    @Test
    void theDissectorCarriesTheWalkIntoTheTransaction() {
        var ctx = RecordingContext.tcp("198.51.100.20", 40000, "10.0.0.25", 25);
        var d = new SmtpDissector();
        String[][] session = {
            {null, "220 mx ESMTP\r\n"},
            {"EHLO a\r\nMAIL FROM:<x@evil.example>\r\nRCPT TO:<cfo@corp.example>\r\nDATA\r\n", "250 mx\r\n250 OK\r\n250 OK\r\n354 go\r\n"},
            {"From: x@evil.example\r\nSubject: Invoice\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed;\r\n"
                    + " boundary=\"outer\"\r\n\r\n" + BODY.replace("\r\n.", "\r\n..") + ".\r\n", "250 queued\r\n"},
            {"QUIT\r\n", "221 bye\r\n"},
        };
        for (String[] step : session) {
            if (step[0] != null) d.onData(true, ByteBuffer.wrap(step[0].getBytes(StandardCharsets.ISO_8859_1)), 0, step[0].length(), ctx);
            d.onData(false, ByteBuffer.wrap(step[1].getBytes(StandardCharsets.ISO_8859_1)), 0, step[1].length(), ctx);
        }
        d.onEnd(ctx);
        var rows = ctx.events.stream().filter(SmtpTransaction.class::isInstance).map(SmtpTransaction.class::cast).toList();
        assertThat(rows).singleElement().satisfies(t -> {
            assertThat(t.attachments()).extracting(MailAttachment::filename)
                    .containsExactly("invoice.pdf.exe", "Payment Portal.html");
            assertThat(t.links()).hasSize(2);
        });
    }

    @Test
    void parametersAndMediaTypes() {
        assertThat(io.sluice.protocol.mime.MimeHeader.param("multipart/mixed; charset=x; boundary=\"a b\"", "boundary")).isEqualTo("a b");
        assertThat(io.sluice.protocol.mime.MimeHeader.param("text/plain; xboundary=q", "boundary")).isNull();
        assertThat(io.sluice.protocol.mime.MimeHeader.mediaType(" Text/HTML ; charset=utf-8")).isEqualTo("text/html");
        assertThat(MimeWalker.decode("a=3Db=\nc", "quoted-printable")).isEqualTo("a=bc");
        assertThat(List.of(MimeWalker.fileParam("attachment; filename*=UTF-8''a%2Eb.zip", "filename"))).containsExactly("a.b.zip");
    }
}
