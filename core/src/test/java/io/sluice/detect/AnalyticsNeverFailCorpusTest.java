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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * No analytic of the standard set fails on any capture of the corpus, read both ways analyze reads
 * captures: with checksums verified (the default, which leaves out an offloaded capture's own
 * packets and so changes what the analytics see) and without ({@code -C}). An analytic that throws
 * is switched off for the rest of a run and its alerts are lost; windows.zerologon did on the
 * mimikatz Zerologon capture with checksums verified, which the tests of single analytics, run
 * with {@code -C}, never showed.
 */
@Tag("corpus")
@EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
class AnalyticsNeverFailCorpusTest {

    @Test
    void everyCaptureRunsThroughEveryAnalyticWithChecksumsVerifiedOrNot() throws Exception {
        var folders = List.of("pcap-protocols", "pcap-attacks", "fingerprints", "netflow");
        var inputs = CaptureInputs.resolve(folders.stream().map(f -> Corpus.file(f).toString()).toList());
        assertThat(inputs.size()).isGreaterThan(150);
        var failures = new ArrayList<String>();
        int runs = 0;
        for (boolean verify : new boolean[] {true, false}) {
            for (int i = 0; i < inputs.size(); i++) {
                var engine = new DetectionEngine(Detectors.standard(DetectConfig.empty()), a -> { });
                var pipeline = new PacketPipeline(FlowConfig.defaults().withVerifyChecksums(verify),
                        DissectionConfig.defaults(), Protocols.standard(), into(engine));
                try (var source = inputs.open(i)) {
                    pipeline.run(source, null);
                } catch (Exception e) {
                    continue; // not a capture Sluice can open; the capture tests cover those
                }
                pipeline.finish();
                engine.finish();
                runs++;
                String name = inputs.names().get(i) + (verify ? "" : " (-C)");
                engine.failures().forEach((id, bug) -> failures.add(name + ": " + id + ": " + bug));
            }
        }
        assertThat(runs).isGreaterThan(300);
        assertThat(failures).isEmpty();
    }

    private static FlowListener into(DetectionEngine engine) {
        return new FlowListener() {
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
    }
}
