package io.sluice.generate;

import io.sluice.capture.CaptureInputs;
import io.sluice.capture.PacketSource;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.ContentEvent;
import io.sluice.event.Event;
import io.sluice.event.FlowListener;
import io.sluice.event.FlowRecord;
import io.sluice.event.TunnelEvent;
import io.sluice.flow.FlowConfig;
import io.sluice.pipeline.PacketPipeline;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * TEST SCAFFOLDING: writes scenarios to a capture (labels next to it) and runs the real packet
 * pipeline over it, keeping every event in the order the pipeline emits them.
 */
final class ScenarioRun {
    final Path capture;
    final List<Event> events = new ArrayList<>();

    private ScenarioRun(Path capture) {
        this.capture = capture;
    }

    static ScenarioRun of(Path dir, long seed, Scenario... scenarios) throws Exception {
        var run = new ScenarioRun(dir.resolve(scenarios[0].name() + "-" + seed + ".pcap"));
        new TrafficGenerator(TrafficGenerator.DEFAULT_START_NANOS, seed).write(List.of(scenarios), run.capture);
        var pipeline = new PacketPipeline(FlowConfig.defaults(), new FlowListener() {
            @Override
            public void connectionCreated(ConnectionCreation event) {
                run.events.add(event);
            }

            @Override
            public void flowEnded(FlowRecord record) {
                run.events.add(record);
            }

            @Override
            public void tunnel(TunnelEvent event) {
                run.events.add(event);
            }

            @Override
            public void content(ContentEvent event) {
                run.events.add(event);
            }
        });
        try (PacketSource source = CaptureInputs.open(run.capture)) {
            var damage = pipeline.run(source, null);
            if (damage != null) throw new IllegalStateException("the generated capture is damaged: " + damage);
        }
        pipeline.finish();
        return run;
    }

    /** The capture the scenarios write for {@code seed}, in memory: for the same-bytes-for-a-seed checks. */
    static byte[] bytes(long seed, Scenario... scenarios) throws IOException {
        var out = new ByteArrayOutputStream();
        new TrafficGenerator(TrafficGenerator.DEFAULT_START_NANOS, seed).write(List.of(scenarios), out);
        return out.toByteArray();
    }

    <T> List<T> of(Class<T> type) {
        var out = new ArrayList<T>();
        for (Event e : events) if (type.isInstance(e)) out.add(type.cast(e));
        return out;
    }

    List<Label> labels() throws IOException {
        return LabelFile.read(LabelFile.pathFor(capture));
    }
}
