package io.sluice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.capture.CaptureException;
import io.sluice.capture.CaptureInputs;
import io.sluice.capture.PacketSource;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.ContentEvent;
import io.sluice.event.FlowRecord;
import io.sluice.event.TunnelEvent;
import io.sluice.flow.FlowConfig;
import io.sluice.event.FlowListener;
import io.sluice.protocol.DissectionConfig;
import io.sluice.protocol.Dissector;
import io.sluice.protocol.DissectorContext;
import io.sluice.protocol.ProtocolRegistry;
import io.sluice.protocol.ProtocolSignature;
import io.sluice.testing.Corpus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every capture of the corpus with a dissector attached to every TCP and UDP connection and no
 * stream depth: dissection must not change a single conn.log field (other than service), no
 * exception may escape, the pool must be empty at the end, and the gaps a dissector sees must
 * cover conn.log's {@code missed_bytes} (they are equal unless Zeek's rule for counting a gap
 * did not hold, e.g. a gap while an endpoint was not established, which Zeek does not count but
 * a dissector still has to skip).
 */
@Tag("corpus")
@EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
class StreamCorpusTest {

    static Stream<Path> captures() throws IOException {
        Path root = Corpus.root();
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> {
                        String n = p.getFileName().toString();
                        return n.endsWith(".pcap") || n.endsWith(".pcapng") || n.endsWith(".cap");
                    })
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    /** Attaches to everything and counts what it is given. */
    static final class Everything implements ProtocolSignature {
        final Map<String, long[]> perUid = new HashMap<>(); // uid -> {orig bytes, resp bytes, gaps, ends}

        @Override
        public String name() {
            return "any";
        }

        @Override
        public boolean onTcp() {
            return true;
        }

        @Override
        public boolean onUdp() {
            return true;
        }

        @Override
        public boolean matches(boolean fromOrig, ByteBuffer buf, int offset, int length, int origPort, int respPort) {
            return true;
        }

        @Override
        public Dissector create() {
            return new Dissector() {
                @Override
                public void onData(boolean fromOrig, ByteBuffer buf, int offset, int length, DissectorContext ctx) {
                    long[] c = perUid.computeIfAbsent(ctx.uid(), k -> new long[4]);
                    for (int i = 0; i < length; i++) buf.get(offset + i); // every byte must be readable
                    c[fromOrig ? 0 : 1] += length;
                }

                @Override
                public void onGap(boolean fromOrig, long bytes, DissectorContext ctx) {
                    perUid.computeIfAbsent(ctx.uid(), k -> new long[4])[2] += bytes;
                }

                @Override
                public void onEnd(DissectorContext ctx) {
                    perUid.computeIfAbsent(ctx.uid(), k -> new long[4])[3]++;
                }
            };
        }

        @Override
        public boolean standardPort(int port) {
            return false;
        }
    }

    record Run(List<FlowRecord> conns, PacketPipeline pipeline) {}

    static Run run(Path pcap, DissectionConfig content, ProtocolRegistry registry) throws Exception {
        List<FlowRecord> conns = new ArrayList<>();
        FlowListener listener = new FlowListener() {
            @Override
            public void connectionCreated(ConnectionCreation event) {}

            @Override
            public void flowEnded(FlowRecord record) {
                conns.add(record);
            }

            @Override
            public void tunnel(TunnelEvent event) {}

            @Override
            public void content(ContentEvent event) {}
        };
        var pipeline = new PacketPipeline(FlowConfig.defaults(), content, registry, listener);
        try (PacketSource source = CaptureInputs.open(pcap)) {
            pipeline.run(source, ProgressListener.NONE);
        } catch (CaptureException e) {
            // a capture the reader rejects is not this test's subject
        }
        pipeline.finish();
        return new Run(conns, pipeline);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void dissectionChangesNoConnFieldAndSeesEveryGap(Path pcap) throws Exception {
        Run metered = run(pcap, DissectionConfig.off(), ProtocolRegistry.empty());
        var any = new Everything();
        Run dissected = run(pcap, DissectionConfig.defaults().withStreamDepth(Long.MAX_VALUE)
                .withHeldLimits(1 << 24, 1 << 14, 1L << 30), new ProtocolRegistry(List.of(any)));

        assertThat(dissected.conns()).hasSameSizeAs(metered.conns());
        long missed = 0;
        for (int i = 0; i < metered.conns().size(); i++) {
            FlowRecord m = metered.conns().get(i), d = dissected.conns().get(i);
            // ICMP echo entropy is measured only with content on (flows-only keeps the sizes), and so
            // is the first payload of connections without a confirmed service.
            assertThat(d).usingRecursiveComparison()
                    .ignoringFields("service", "serviceNonStandardPort", "icmpEcho.entropyMean", "icmpEcho.entropyMax",
                            "payload")
                    .isEqualTo(m);
            long[] seen = any.perUid.get(d.uid());
            if (seen != null) assertThat(seen[3]).as("onEnd of %s", d.uid()).isEqualTo(1);
            if (d.proto().equals("tcp")) missed += d.missedBytes();
        }
        // A gap before the dissector attached (e.g. the client's data all had bad checksums and
        // the server's first bytes identified the connection) reaches no dissector, so the check
        // is on the streams themselves: every byte conn.log counts as missed was a stream gap.
        var stats = dissected.pipeline().dissection().stats();
        assertThat(stats.gapBytes()).isGreaterThanOrEqualTo(missed);
        assertThat(stats.droppedBytes()).isZero();
        assertThat(dissected.pipeline().dissection().pool().bytesInUse()).isZero();
    }
}
