package io.sluice.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.capture.CaptureInputs;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.ContentEvent;
import io.sluice.event.FlowListener;
import io.sluice.event.FlowRecord;
import io.sluice.event.TunnelEvent;
import io.sluice.flow.FlowConfig;
import io.sluice.pipeline.PacketPipeline;
import io.sluice.protocol.DissectionConfig;
import io.sluice.protocol.Protocols;
import io.sluice.testing.Corpus;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Issue 6's acceptance on ordinary traffic: the standard analytics over every capture of the
 * protocol traces in the corpus (tcpdump's, Zeek's, suricata-verify's and chrissanders' protocol
 * samples in {@code pcap-protocols}), each capture on its own as {@code sluice analyze -C} reads
 * it, raise no alert of high or critical severity. Lower ones are printed for the record.
 */
@Tag("corpus")
@EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
class OrdinaryTrafficCorpusTest {

    /**
     * Traces filed under pcap-protocols that are attack traffic, left out here; each has a test
     * showing the alert it raises. suricata-verify's dns/v2/bug-1158 is SSH tunnelled over DNS TXT
     * records ("SSH-2.0-OpenSSH_5.5p1 Debian" in the first answer): dns.tunnel rightly raises HIGH
     * (DnsAnalyticsCorpusTest#anSshOverDnsTunnelIsAHighTunnelAlert). suricata-verify's smb2-05 copies
     * mimikatz.exe from another host's C$ share: smb.lateral_transfer rightly raises HIGH
     * (LateralToolTransferDetectorTest#mimikatzCopiedFromACShare).
     */
    private static final List<String> ATTACK_TRACES = List.of("dns__v2__bug-1158/input.pcap",
            "smb2-05/20171220_smb_mimikatz_copy_to_host.pcap");

    @Test
    void theProtocolTracesRaiseNoHighSeverityAlert() throws Exception {
        var inputs = CaptureInputs.resolve(List.of(Corpus.file("pcap-protocols").toString()));
        assertThat(inputs.size()).isGreaterThan(50);
        var high = new ArrayList<String>();
        var bySeverity = new TreeMap<Severity, Integer>();
        for (int i = 0; i < inputs.size(); i++) {
            var name = inputs.names().get(i);
            if (ATTACK_TRACES.stream().anyMatch(name::endsWith)) continue;
            var alerts = new ArrayList<Alert>();
            var engine = new DetectionEngine(Detectors.standard(DetectConfig.empty()), alerts::add);
            var listener = new FlowListener() {
                @Override
                public void connectionCreated(ConnectionCreation event) {
                    engine.accept(event);
                }

                @Override
                public void flowEnded(FlowRecord record) {
                    engine.accept(record);
                }

                @Override
                public void tunnel(TunnelEvent event) {
                    engine.accept(event);
                }

                @Override
                public void content(ContentEvent event) {
                    engine.accept(event);
                }
            };
            var pipeline = new PacketPipeline(FlowConfig.defaults().withVerifyChecksums(false), DissectionConfig.defaults(),
                    Protocols.standard(), listener);
            try (var source = inputs.open(i)) {
                pipeline.run(source, null); // damaged traces are analysed up to the damage, as analyze does
            } catch (Exception e) {
                continue; // not a capture Sluice can open; the capture tests cover those
            }
            pipeline.finish();
            engine.finish();
            for (var a : alerts) {
                bySeverity.merge(a.severity(), 1, Integer::sum);
                if (a.severity().compareTo(Severity.HIGH) >= 0) high.add(name + ": " + a.detectorId() + ": " + a.explanation());
                else System.out.println("[ordinary traffic] " + a.severity() + " " + name + ": " + a.explanation());
            }
        }
        System.out.println("[ordinary traffic] alerts by severity over " + inputs.size() + " captures: " + bySeverity);
        assertThat(high).isEmpty();
    }
}
