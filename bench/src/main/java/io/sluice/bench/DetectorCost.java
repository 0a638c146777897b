package io.sluice.bench;

import io.sluice.capture.CaptureInputs;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.DetectionEngine;
import io.sluice.detect.Detector;
import io.sluice.detect.Detectors;
import io.sluice.detect.baseline.BaselineLearner;
import io.sluice.event.Event;
import io.sluice.event.FlowListener;
import io.sluice.flow.FlowConfig;
import io.sluice.pipeline.PacketPipeline;
import io.sluice.pipeline.ProgressListener;
import io.sluice.protocol.DissectionConfig;
import io.sluice.protocol.Protocols;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What each analytic costs, on the events of a real capture: reads the capture once into memory
 * (as {@code sluice analyze} would emit its events), then runs the standard detectors over those
 * events, all together and each alone (with the baseline learner, which several read, its own
 * cost taken off), and prints the thread CPU time per event of each, the dearest first. CPU time
 * of one thread, so other jobs on the machine disturb it less than wall time; the whole set runs
 * first to warm the JIT up, and each figure is the least of its measured rounds. The per-analytic
 * figures do not add up to the whole exactly: alone, an analytic shares the caches with no other.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.sluice.bench.DetectorCost CAPTURE [ROUNDS]
 * </pre>
 */
public final class DetectorCost {

    private DetectorCost() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: DetectorCost CAPTURE [ROUNDS]");
            System.exit(2);
        }
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        var events = read(Path.of(args[0]));
        System.out.printf(Locale.ROOT, "%,d events from %s%n", events.size(), args[0]);
        var config = DetectConfig.empty();

        best(3 * rounds, events, () -> Detectors.standard(config)); // warms every analytic up
        long all = best(rounds, events, () -> Detectors.standard(config));
        long learner = best(rounds, events, () -> only(Detectors.standard(config), BaselineLearner.ID));
        var costs = new TreeMap<String, Long>();
        for (var d : Detectors.standard(config)) {
            if (d.id().equals(BaselineLearner.ID)) continue;
            String id = d.id();
            long t = best(rounds, events, () -> only(Detectors.standard(config), BaselineLearner.ID, id));
            costs.put(id, t);
        }
        // the learner alone once more, after everything: the least of both is the fairest base
        learner = Math.min(learner, best(rounds, events, () -> only(Detectors.standard(config), BaselineLearner.ID)));
        for (var e : costs.entrySet()) e.setValue(e.getValue() - learner);
        System.out.printf(Locale.ROOT, "%-34s %12s %10s%n", "detectors", "cpu ms", "ns/event");
        row("all (the standard set)", all, events.size());
        row(BaselineLearner.ID + " (alone)", learner, events.size());
        var sorted = new ArrayList<>(costs.entrySet());
        sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        long sum = learner;
        for (var e : sorted) {
            row("  + " + e.getKey(), e.getValue(), events.size());
            sum += e.getValue();
        }
        row("sum of the above", sum, events.size());
    }

    private static void row(String name, long nanos, int events) {
        System.out.printf(Locale.ROOT, "%-34s %12.1f %10.0f%n", name, nanos / 1e6, (double) nanos / events);
    }

    private static List<Detector<?, ?>> only(List<Detector<?, ?>> all, String... ids) {
        var out = new ArrayList<Detector<?, ?>>();
        for (var d : all) {
            for (String id : ids) if (d.id().equals(id)) out.add(d);
        }
        return out;
    }

    /** The least thread CPU time of {@code rounds} runs, after as many unmeasured ones. */
    private static long best(int rounds, List<Event> events, java.util.function.Supplier<List<Detector<?, ?>>> detectors) {
        var bean = ManagementFactory.getThreadMXBean();
        long best = Long.MAX_VALUE;
        for (int r = 0; r < 2 * rounds; r++) {
            var engine = new DetectionEngine(detectors.get(), a -> { });
            long t0 = bean.getCurrentThreadCpuTime();
            for (int i = 0; i < events.size(); i++) engine.accept(events.get(i));
            engine.finish();
            long t = bean.getCurrentThreadCpuTime() - t0;
            if (r >= rounds) best = Math.min(best, t);
        }
        return best;
    }

    private static List<Event> read(Path file) throws Exception {
        var events = new ArrayList<Event>();
        var listener = FlowListener.collecting(events::add);
        var pipeline = new PacketPipeline(FlowConfig.defaults(), DissectionConfig.defaults(), Protocols.standard(), listener);
        try (var source = CaptureInputs.open(file)) {
            pipeline.run(source, ProgressListener.NONE);
        }
        pipeline.finish();
        return events;
    }
}
