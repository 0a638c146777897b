package io.sluice.generate;

import io.sluice.capture.CaptureInputs;
import io.sluice.capture.PacketSource;
import io.sluice.event.Event;
import io.sluice.event.FlowListener;
import io.sluice.flow.FlowConfig;
import io.sluice.flow.LocalNetworks;
import io.sluice.pipeline.PacketPipeline;
import io.sluice.pipeline.ProgressListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a capture through the real packet pipeline (flows and every standard dissector) and keeps
 * its events in the order the pipeline emitted them, as the detection engine would receive them.
 */
final class CaptureEvents {
    /** The generated office's own networks: the documentation ranges stand for the internet. */
    static final List<String> OFFICE_NETWORKS = List.of("10.10.0.0/16", "2001:db8:10::/48");

    private CaptureEvents() {}

    static List<Event> of(Path pcap) throws Exception {
        return of(pcap, LocalNetworks.of(OFFICE_NETWORKS));
    }

    static List<Event> of(Path pcap, LocalNetworks local) throws Exception {
        List<Event> events = new ArrayList<>();
        FlowListener listener = FlowListener.collecting(events::add);
        var pipeline = new PacketPipeline(FlowConfig.defaults().withLocalNetworks(local), listener);
        try (PacketSource source = CaptureInputs.open(pcap)) {
            var damage = pipeline.run(source, ProgressListener.NONE);
            if (damage != null) throw new IllegalStateException("capture damaged: " + damage.getMessage());
        }
        pipeline.finish();
        return events;
    }
}
