package io.sluice.generate;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Writes captures from scenarios. The catalogue below is what `sluice demo` and tests can ask for
 * by name: ordinary office traffic and labelled attack scenarios.
 */
public final class TrafficGenerator {
    /** 2026-03-02T09:00:00Z, a Monday morning: the default start of generated traffic. */
    public static final long DEFAULT_START_NANOS = 1_772_442_000_000_000_000L;

    private static final Map<String, Supplier<Scenario>> CATALOGUE = Map.ofEntries(
            Map.entry("office", OfficeTraffic::new),
            Map.entry("encrypted-services", EncryptedServices::new),
            Map.entry("network-sweep", NetworkSweep::new),
            Map.entry("port-knock", PortKnocking::new),
            Map.entry("beacon", DayLongBeacon::new),
            Map.entry("beacon-unnamed", DayLongBeacon::unnamed),
            Map.entry("exfil-slow", SlowExfiltration::new),
            Map.entry("dns-tunnel", DnsTunnel::new),
            Map.entry("fast-flux", FastFluxLookups::new),
            Map.entry("web-scan", WebScan::new),
            Map.entry("spearphish", Spearphishing::new),
            Map.entry("traffic-mix", TrafficMix::new),
            Map.entry("windows-domain", WindowsDomain::new),
            Map.entry("lateral-movement", LateralMovement::new));

    /** What was written: packets and the ground-truth labels. */
    public record Result(int packets, List<Label> labels) {}

    private final long startNanos;
    private final long seed;

    public TrafficGenerator(long startNanos, long seed) {
        this.startNanos = startNanos;
        this.seed = seed;
    }

    public static List<String> scenarioNames() {
        return CATALOGUE.keySet().stream().sorted().toList();
    }

    public static Scenario scenario(String name) {
        var s = CATALOGUE.get(name);
        if (s == null) throw new IllegalArgumentException("no scenario named '" + name + "'; known: " + scenarioNames());
        return s.get();
    }

    public Result write(List<Scenario> scenarios, OutputStream out) throws IOException {
        var timeline = new Timeline(startNanos, seed);
        for (Scenario s : scenarios) s.play(timeline);
        timeline.writePcap(out);
        return new Result(timeline.size(), timeline.labels());
    }

    /** Writes the capture to {@code file} and its labels next to it ({@link LabelFile#pathFor}). */
    public Result write(List<Scenario> scenarios, Path file) throws IOException {
        Result result;
        try (var out = new BufferedOutputStream(Files.newOutputStream(file))) {
            result = write(scenarios, out);
        }
        LabelFile.write(LabelFile.pathFor(file), result.labels());
        return result;
    }
}
