package io.sluice.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.capture.CaptureInputs;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.ContentEvent;
import io.sluice.event.Event;
import io.sluice.event.FlowListener;
import io.sluice.event.FlowRecord;
import io.sluice.event.TunnelEvent;
import io.sluice.flow.FlowConfig;
import io.sluice.pipeline.PacketPipeline;
import io.sluice.protocol.DissectionConfig;
import io.sluice.protocol.Protocols;
import io.sluice.testing.Corpus;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The engine offers an event only to the detectors whose {@link Detector#consumes()} covers its
 * class, so a class left out of a declaration would silently blind that analytic. Over every event
 * of every capture in the corpus (protocol traces and attack captures, so every event class the
 * dissectors emit turns up), each standard analytic's {@code key} is asked directly; any event it
 * keys whose class it does not declare is a failure.
 */
@Tag("corpus")
@EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
class ConsumesDeclarationCorpusTest {

    @Test
    void everyClassAnAnalyticKeysIsOneItDeclares() throws Exception {
        var detectors = Detectors.standard(DetectConfig.empty());
        var undeclared = new TreeSet<String>();
        var classesSeen = new TreeSet<String>();
        var keyed = new TreeSet<String>();
        var inputs = CaptureInputs.resolve(List.of(Corpus.file("pcap-protocols").toString(),
                Corpus.file("pcap-attacks").toString()));
        assertThat(inputs.size()).isGreaterThan(50);
        for (int i = 0; i < inputs.size(); i++) {
            var listener = new FlowListener() {
                void check(Event event) {
                    classesSeen.add(event.getClass().getSimpleName());
                    for (var d : detectors) {
                        if (d.key(event) == null) continue;
                        keyed.add(d.id() + " " + event.getClass().getSimpleName());
                        if (!covers(d.consumes(), event.getClass())) {
                            undeclared.add(d.id() + " keys " + event.getClass().getSimpleName());
                        }
                    }
                }

                @Override
                public void connectionCreated(ConnectionCreation event) {
                    check(event);
                }

                @Override
                public void flowEnded(FlowRecord record) {
                    check(record);
                }

                @Override
                public void tunnel(TunnelEvent event) {
                    check(event);
                }

                @Override
                public void content(ContentEvent event) {
                    check(event);
                }
            };
            var pipeline = new PacketPipeline(FlowConfig.defaults().withVerifyChecksums(false), DissectionConfig.defaults(),
                    Protocols.standard(), listener);
            try (var source = inputs.open(i)) {
                pipeline.run(source, null);
            } catch (Exception e) {
                continue; // not a capture Sluice can open; the capture tests cover those
            }
            pipeline.finish();
        }
        System.out.println("[consumes] event classes seen: " + classesSeen);
        System.out.println("[consumes] detector/class pairs keyed: " + keyed.size());
        // the corpus must exercise the dispatch: most analytics key something, of several classes
        assertThat(classesSeen).contains("FlowRecord", "ConnectionCreation", "DnsTransaction", "HttpTransaction",
                "TlsHandshake", "DceRpcCall", "SmbMapping");
        assertThat(keyed.size()).isGreaterThan(40);
        assertThat(undeclared).isEmpty();
    }

    private static boolean covers(Set<Class<? extends Event>> declared, Class<?> type) {
        for (var c : declared) {
            if (c.isAssignableFrom(type)) return true;
        }
        return false;
    }
}
