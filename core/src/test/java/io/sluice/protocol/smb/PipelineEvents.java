package io.sluice.protocol.smb;

import io.sluice.capture.CaptureInputs;
import io.sluice.capture.PacketSource;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.ContentEvent;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import io.sluice.event.TunnelEvent;
import io.sluice.flow.FlowConfig;
import io.sluice.event.FlowListener;
import io.sluice.pipeline.PacketPipeline;
import io.sluice.pipeline.ProgressListener;
import io.sluice.protocol.DissectionConfig;
import io.sluice.protocol.Protocols;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a capture through the real pipeline (all standard protocols) and collects its content
 * events, its conn records, and every event in the order the pipeline emitted it (what the
 * detection engine would be fed).
 */
public final class PipelineEvents {
    private PipelineEvents() {}

    public record Result(List<ContentEvent> events, List<FlowRecord> conns, List<Event> emitted) {
        public <T> List<T> of(Class<T> type) {
            List<T> out = new ArrayList<>();
            for (ContentEvent e : events) if (type.isInstance(e)) out.add(type.cast(e));
            return out;
        }
    }

    public static Result run(Path pcap) throws Exception {
        return run(pcap, DissectionConfig.defaults());
    }

    public static Result run(Path pcap, DissectionConfig config) throws Exception {
        return run(pcap, config, false);
    }

    /** With {@code verifyChecksums}, packets with bad checksums are left out, as {@code sluice analyze} does by default. */
    public static Result run(Path pcap, DissectionConfig config, boolean verifyChecksums) throws Exception {
        List<ContentEvent> events = new ArrayList<>();
        List<FlowRecord> conns = new ArrayList<>();
        List<Event> emitted = new ArrayList<>();
        FlowListener listener = new FlowListener() {
            @Override
            public void connectionCreated(ConnectionCreation event) {
                emitted.add(event);
            }

            @Override
            public void flowEnded(FlowRecord record) {
                conns.add(record);
                emitted.add(record);
            }

            @Override
            public void tunnel(TunnelEvent event) {
                emitted.add(event);
            }

            @Override
            public void content(ContentEvent event) {
                events.add(event);
                emitted.add(event);
            }
        };
        var pipeline = new PacketPipeline(FlowConfig.defaults().withVerifyChecksums(verifyChecksums), config,
                Protocols.standard(), listener);
        try (PacketSource source = CaptureInputs.open(pcap)) {
            String err = String.valueOf(pipeline.run(source, ProgressListener.NONE));
            if (!err.equals("null")) throw new IllegalStateException("capture error: " + err);
        }
        pipeline.finish();
        return new Result(events, conns, emitted);
    }

    /** Prints every content event of the captures given (a development aid). */
    public static void main(String[] args) throws Exception {
        for (String a : args) {
            System.out.println("== " + a);
            var r = run(Path.of(a));
            for (ContentEvent e : r.events()) System.out.println(e);
            if (Boolean.getBoolean("conns")) for (FlowRecord f : r.conns()) System.out.println(f);
        }
    }
}
