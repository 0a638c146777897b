package io.sluice.detect.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.detect.DetectConfig;
import io.sluice.detect.Detector;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.EngineOptions;
import io.sluice.protocol.smtp.MailAttachment;
import io.sluice.protocol.smtp.SmtpTransaction;
import io.sluice.testing.Corpus;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The coverage round's content and phishing analytics on third-party traces: ordinary mail and
 * an exploit delivered from one host stay quiet; the SMTP MIME walk finds the attachment Zeek's
 * smtp.basic trace carries (Zeek's files.log for that trace names NEWS.txt, text/plain; only
 * smtp.log is in the corpus, so the expectation is written here).
 */
@Tag("corpus")
@EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
class ContentFamilyCorpusTest {

    static List<Detector<?, ?>> family() {
        var c = DetectConfig.empty();
        return List.of(new DockerApiDetector(DockerApiDetector.config(c)),
                new PhishingMailDetector(PhishingMailDetector.config(c)),
                new MailFollowUpDetector(MailFollowUpDetector.config(c)),
                new DnsCalculationDetector(DnsCalculationDetector.config(c)),
                new FluxConnectionDetector(FluxConnectionDetector.config(c)),
                new NatTraversalDetector(NatTraversalDetector.config(c)),
                new DataManipulationDetector(DataManipulationDetector.config(c)),
                new ProtocolImpersonationDetector(ProtocolImpersonationDetector.config(c)),
                new DriveByDetector(DriveByDetector.config(c)),
                new ProcessNetworkDetector(ProcessNetworkDetector.config(c)));
    }

    @Test
    void theMimeWalkFindsTheAttachmentOfZeeksSmtpTrace() {
        var events = CraftedCapture.eventsOf(Corpus.file("pcap-protocols/zeek/smtp.basic/smtp.pcap"));
        var rows = events.stream().filter(SmtpTransaction.class::isInstance).map(SmtpTransaction.class::cast).toList();
        assertThat(rows).isNotEmpty();
        assertThat(rows.get(0).attachments()).extracting(MailAttachment::filename, MailAttachment::contentType,
                MailAttachment::holdsForm, MailAttachment::sniffedType)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("NEWS.txt", "text/plain", false, "text/plain"));
    }

    @Test
    void quietOnOrdinaryMailAndOnASingleHostExploitPage() {
        for (String f : List.of("pcap-protocols/zeek/smtp.basic/smtp.pcap",
                "pcap-protocols/chrissanders-packets/mail_sender_client_1.pcapng",
                "pcap-attacks/chrissanders-packets/aurora.pcapng")) {
            var alerts = DetectorHarness.run(family(), CraftedCapture.eventsOf(Corpus.file(f)), EngineOptions.defaults());
            assertThat(alerts).as(f).isEmpty();
        }
    }
}
