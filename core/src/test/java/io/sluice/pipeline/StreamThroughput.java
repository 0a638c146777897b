package io.sluice.pipeline;

import io.sluice.capture.CaptureInputs;
import io.sluice.capture.PacketSource;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.FlowRecord;
import io.sluice.event.TunnelEvent;
import io.sluice.flow.FlowConfig;
import io.sluice.event.FlowListener;
import io.sluice.protocol.DissectionConfig;
import io.sluice.protocol.ProtocolRegistry;
import java.nio.file.Path;
import java.util.List;

/**
 * A throughput sanity check of the stream layer, kept out of the unit tests (no timed tests): the
 * pipeline over one capture, flows only, then with a dissector attached to every TCP and UDP
 * connection (it reads nothing, so the time is the stream layer's), and prints seconds per run.
 *
 * <pre>
 * java -cp core/target/classes:core/target/test-classes:$(cat cp.txt) io.sluice.pipeline.StreamThroughput bench.pcap
 * </pre>
 */
public final class StreamThroughput {
    private StreamThroughput() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        for (int round = 0; round < rounds; round++) {
            time("flows only", file, DissectionConfig.off(), ProtocolRegistry.empty());
            time("stream layer, no protocol registered", file, DissectionConfig.defaults(), ProtocolRegistry.empty());
            time("stream layer, every connection dissected", file, DissectionConfig.defaults(),
                    new ProtocolRegistry(List.of(new StreamCorpusTest.Everything())));
        }
    }

    private static void time(String what, Path file, DissectionConfig content, ProtocolRegistry registry)
            throws Exception {
        long[] flows = new long[1];
        FlowListener listener = new FlowListener() {
            @Override
            public void connectionCreated(ConnectionCreation event) {}

            @Override
            public void flowEnded(FlowRecord record) {
                flows[0]++;
            }

            @Override
            public void tunnel(TunnelEvent event) {}
        };
        long start = System.nanoTime();
        var pipeline = new PacketPipeline(FlowConfig.defaults(), content, registry, listener);
        try (PacketSource source = CaptureInputs.open(file)) {
            pipeline.run(source, null);
        }
        pipeline.finish();
        double s = (System.nanoTime() - start) / 1e9;
        var d = pipeline.dissection();
        System.out.printf("%-45s %6.2f s  %d packets  %d flows%s%n", what, s, pipeline.stats().packets(), flows[0],
                d == null ? "" : "  " + d.stats());
    }
}
