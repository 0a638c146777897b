package io.sluice.detect.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.capture.CaptureInputs;
import io.sluice.capture.PacketSource;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.DetectionEngine;
import io.sluice.detect.Detector;
import io.sluice.detect.Detectors;
import io.sluice.detect.Severity;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.ContentEvent;
import io.sluice.event.FlowListener;
import io.sluice.event.FlowRecord;
import io.sluice.event.TunnelEvent;
import io.sluice.flow.FlowConfig;
import io.sluice.pipeline.PacketPipeline;
import io.sluice.pipeline.ProgressListener;
import io.sluice.testing.Corpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The ordinary protocol captures of the corpus ({@code pcap-protocols}: tcpdump's and Zeek's test
 * traces, suricata-verify, chrissanders-packets) through the real pipeline and the beacon and
 * exfiltration analytics, with Sluice's default settings: no alert of high severity.
 */
@Tag("corpus")
@EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
class BeaconExfilCorpusTest {

    @Test
    void ordinaryProtocolCapturesGiveNoHighSeverityAlert() throws Exception {
        List<Path> captures;
        try (Stream<Path> files = Files.walk(Corpus.file("pcap-protocols"))) {
            captures = files.filter(p -> p.toString().endsWith(".pcap") || p.toString().endsWith(".pcapng"))
                    .sorted().toList();
        }
        assertThat(captures).hasSizeGreaterThan(50);
        var high = new ArrayList<String>();
        int alerts = 0;
        for (Path pcap : captures) {
            for (Alert a : analyse(pcap)) {
                alerts++;
                String line = Corpus.root().relativize(pcap) + ": " + a.severity() + " " + a.detectorId() + " " + a.explanation();
                System.out.println(line);
                if (a.severity().compareTo(Severity.HIGH) >= 0) high.add(line);
            }
        }
        System.out.println(captures.size() + " captures, " + alerts + " beacon/exfiltration alerts");
        assertThat(high).isEmpty();
    }

    private static List<Alert> analyse(Path pcap) throws Exception {
        var detectors = new ArrayList<Detector<?, ?>>();
        for (var d : Detectors.standard(DetectConfig.empty())) {
            if (d.id().startsWith("beacon.") || d.id().startsWith("exfil.")) detectors.add(d);
        }
        assertThat(detectors).hasSize(11); // beacon.domain, beacon.pair and the nine exfil.* analytics
        var alerts = new ArrayList<Alert>();
        var engine = new DetectionEngine(detectors, alerts::add);
        FlowListener listener = new FlowListener() {
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
        var pipeline = new PacketPipeline(FlowConfig.defaults(), listener);
        try (PacketSource source = CaptureInputs.open(pcap)) {
            pipeline.run(source, ProgressListener.NONE); // a damaged capture ends early; what was read still counts
        } catch (io.sluice.capture.CaptureException e) {
            return alerts; // not a capture Sluice opens (e.g. an unsupported link type): nothing to analyse
        }
        pipeline.finish();
        engine.finish();
        return alerts;
    }
}
