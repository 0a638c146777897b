package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.ConnId;
import io.sluice.event.Event;
import io.sluice.protocol.smtp.SmtpTransaction;
import io.sluice.testing.Corpus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

class MailSpoofDetectorTest {

    @TempDir
    Path dir;

    private static List<Alert> run(List<? extends Event> events) {
        return DetectorHarness.run(new MailSpoofDetector(MailSpoofDetector.Config.DEFAULTS), events);
    }

    /** One SMTP conversation: the server's greeting and replies, then the client's pipelined commands. */
    private static CraftedCapture mail(CraftedCapture c, String client, String server, int port, String mailFrom,
            List<String> rcpt, String headers) {
        var replies = new StringBuilder("220 mx.corp.example ESMTP\r\n250-mx.corp.example\r\n250 PIPELINING\r\n250 OK\r\n");
        var commands = new StringBuilder("EHLO ws17.corp.example\r\nMAIL FROM:<" + mailFrom + ">\r\n");
        for (String r : rcpt) {
            commands.append("RCPT TO:<").append(r).append(">\r\n");
            replies.append("250 OK\r\n");
        }
        replies.append("354 go ahead\r\n250 queued as 4711\r\n221 bye\r\n");
        commands.append("DATA\r\n").append(headers).append("\r\nPlease see the attached invoice.\r\n.\r\nQUIT\r\n");
        return c.tcp(client, port, server, 25, replies.toString(), commands.toString());
    }

    private static SmtpTransaction msg(String mailFrom, String from, String replyTo, String authResults, String spf) {
        return new SmtpTransaction(t(0), "Csmtp1", new ConnId("198.51.100.20", 40000, "10.0.0.25", 25), 1,
                "mail.evil.example", mailFrom, List.of("cfo@corp.example"), null, from, List.of("cfo@corp.example"),
                null, replyTo, "<1@x>", null, "Invoice", null, null, null, "250 OK", List.of(), null, false, false,
                authResults, spf);
    }

    @Test
    void spoofedSenderThroughThePipelineFires() {
        var c = mail(new CraftedCapture(), "198.51.100.20", "10.0.0.25", 41000, "billing@invoices-secure.example",
                List.of("cfo@corp.example"),
                "From: \"ceo@corp.example\" <ceo@corp-example.example>\r\nTo: cfo@corp.example\r\n"
                        + "Reply-To: payments@mailbox.example\r\nSubject: Urgent wire transfer\r\n"
                        + "Authentication-Results: mx.corp.example; spf=softfail smtp.mailfrom=invoices-secure.example\r\n");
        var events = c.events(dir);
        assertThat(events).filteredOn(SmtpTransaction.class::isInstance).hasSize(1);
        assertThat(run(events)).singleElement().satisfies(a -> {
            assertThat(a.detectorId()).isEqualTo("mail.spoofing");
            assertThat(a.techniques()).containsExactly(Technique.of("T1566"), Technique.of("T1598"));
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.srcHost()).isEqualTo("198.51.100.20");
            assertThat(a.explanation()).startsWith("198.51.100.20 sent mail to 10.0.0.25 for 1 recipient claiming to be "
                    + "from ceo@corp-example.example (score 6 of 2 needed): the receiving side says spf=softfail; "
                    + "the display name shows ceo@corp.example but the address is ceo@corp-example.example; header From "
                    + "ceo@corp-example.example is not the envelope sender billing@invoices-secure.example; replies go to "
                    + "payments@mailbox.example; subject \"Urgent wire transfer\"");
        });
    }

    @Test
    void internalSpearphishThroughAnInternalRelayFires() {
        var c = mail(new CraftedCapture(), "10.0.5.17", "10.0.0.25", 41001, "j.doe@corp.example",
                List.of("a.finance@corp.example", "b.finance@corp.example"),
                "From: \"IT Helpdesk\" <helpdesk@corp.example>\r\nTo: finance@corp.example\r\n"
                        + "Reply-To: helpdesk@corp-support.example\r\nSubject: Password expiry\r\n");
        var alerts = run(c.events(dir));
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.techniques()).containsExactly(Technique.of("T1534"), Technique.of("T1566"), Technique.of("T1598"));
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.explanation()).contains("score 2 of 2 needed")
                    .contains("header From helpdesk@corp.example is not the envelope sender j.doe@corp.example")
                    .endsWith("sender and every recipient in the same domain, submitted inside the network");
        });
    }

    @Test
    void honestMailIsQuiet() {
        var c = mail(new CraftedCapture(), "10.0.5.17", "10.0.0.25", 41002, "j.doe@corp.example",
                List.of("a.finance@corp.example"),
                "From: \"Jane Doe\" <j.doe@corp.example>\r\nTo: a.finance@corp.example\r\nSubject: Lunch\r\n"
                        + "Authentication-Results: mx.corp.example; spf=pass; dkim=pass header.d=corp.example\r\n");
        assertThat(run(c.events(dir))).isEmpty();
    }

    @Test
    void oneWeakSignStaysQuietTwoFire() {
        // a list server rewrites the envelope: one point
        assertThat(run(List.of(msg("bounces+123@lists.example", "Ann <ann@corp.example>", null, null, null)))).isEmpty();
        // a subdomain of the same registered domain is the same sender
        assertThat(run(List.of(msg("bounce@mail.corp.example", "Ann <ann@corp.example>", "help@support.corp.example",
                "mx; spf=pass", null)))).isEmpty();
        // envelope and Reply-To both elsewhere: two points, the threshold
        assertThat(run(List.of(msg("bounces@lists.example", "Ann <ann@corp.example>", "ann@other.example", null, null))))
                .singleElement().satisfies(a -> assertThat(a.severity()).isEqualTo(Severity.MEDIUM));
        // the receiver's own verdict alone is enough
        assertThat(run(List.of(msg("ann@corp.example", "ann@corp.example", null, null, "Fail (mx: domain of corp.example does not designate 198.51.100.20)"))))
                .singleElement().satisfies(a -> assertThat(a.explanation()).contains("spf=fail (Received-SPF)"));
        // a display name that is just a name is not an address
        assertThat(run(List.of(msg("ann@corp.example", "\"Ann at Corp\" <ann@corp.example>", null, "mx; dkim=none", null))))
                .isEmpty();
    }

    @Test
    void lookalikeOfTheRecipientsDomain() {
        // From and envelope agree, no verdict: only the imitation of acmecorp.example's name
        var m = new SmtpTransaction(t(0), "Csmtp2", new ConnId("198.51.100.21", 40001, "10.0.0.25", 25), 1,
                "mail.acrnecorp.example", "ceo@acrnecorp.example", List.of("cfo@acmecorp.example"), null, "CEO <ceo@acrnecorp.example>",
                List.of("cfo@acmecorp.example"), null, null, "<2@x>", null, "Wire", null, null, null, "250 OK", List.of(),
                null, false, true, null, null);
        assertThat(run(List.of(m))).singleElement().satisfies(a -> assertThat(a.explanation())
                .contains("score 2 of 2 needed): the sender's domain acrnecorp.example imitates the recipient's acmecorp.example"));
        assertThat(MailSpoofDetector.imitatedRecipientDomain("corp.co.uk", List.of("a@corp.com"))).isEqualTo("corp.com");
        assertThat(MailSpoofDetector.imitatedRecipientDomain("cropexample.com", List.of("a@corpexample.com")))
                .isEqualTo("corpexample.com");
        assertThat(MailSpoofDetector.imitatedRecipientDomain("yahoo.com", List.of("a@gmail.com"))).isNull();
        assertThat(MailSpoofDetector.imitatedRecipientDomain("abc.com", List.of("a@abd.com"))).as("short labels").isNull();
    }

    @Test
    void addressParsing() {
        assertThat(MailSpoofDetector.address("\"Gurpartap Singh\" <gurpartap@patriots.in>")).isEqualTo("gurpartap@patriots.in");
        assertThat(MailSpoofDetector.address("ericlim220@yahoo.com")).isEqualTo("ericlim220@yahoo.com");
        assertThat(MailSpoofDetector.domainOf("raj@mail.yahoo.co.in")).isEqualTo("yahoo.co.in");
        assertThat(MailSpoofDetector.displayNameAddress("\"ceo@corp.example\" <x@evil.example>")).isEqualTo("ceo@corp.example");
        assertThat(MailSpoofDetector.displayNameAddress("x@evil.example")).isNull();
    }

    @Test
    @Tag("corpus")
    @EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
    void quietOnTheSmtpProtocolTraces() {
        var events = new ArrayList<Event>();
        for (String f : List.of("pcap-protocols/zeek/smtp.basic/smtp.pcap",
                "pcap-protocols/suricata-verify/smtp-rset-starttls/input.pcap",
                "pcap-protocols/chrissanders-packets/mail_sender_client_1.pcapng")) {
            events.addAll(CraftedCapture.eventsOf(Corpus.file(f)));
        }
        assertThat(events).filteredOn(SmtpTransaction.class::isInstance).hasSizeGreaterThanOrEqualTo(2);
        assertThat(run(events)).isEmpty();
    }
}
