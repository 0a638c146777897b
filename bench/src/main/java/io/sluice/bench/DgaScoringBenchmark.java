package io.sluice.bench;

import io.sluice.detect.DetectConfig;
import io.sluice.detect.DetectionEngine;
import io.sluice.detect.Detector;
import io.sluice.detect.analytics.DgaDetector;
import io.sluice.detect.dns.DgaScorer;
import io.sluice.detect.dns.RegisteredDomain;
import io.sluice.event.ConnId;
import io.sluice.event.Event;
import io.sluice.protocol.dns.DnsTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The DGA analytic's cost per DNS transaction: {@code analytic} runs {@value #EVENTS} lookups (500
 * clients, 2,000 popular registered domains under varying subdomains, 1% generated names) through a
 * fresh engine holding only {@link DgaDetector}, so the per-name cache and the per-client windows
 * are both exercised; {@code scoreNewName} scores names already split, the cost of a cache miss.
 * Score: operations per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DgaScoringBenchmark {
    static final int EVENTS = 100_000, NAMES = 4096;
    private static final long T0 = 1_700_000_000_000_000_000L;

    private final List<Event> events = new ArrayList<>(EVENTS);
    private final RegisteredDomain[] split = new RegisteredDomain[NAMES];
    private List<Detector<?, ?>> detectors;
    private DgaScorer scorer;

    @Setup
    public void setup() {
        var r = new SplittableRandom(42);
        String[] words = {"cloud", "mail", "news", "shop", "data", "media", "home", "live", "game", "bank", "travel",
            "music", "photo", "video", "micro", "soft", "tech", "store", "book", "city"};
        String[] suffixes = {"com", "net", "org", "co.uk", "de", "io", "com.br", "jp"};
        String[] popular = new String[2000];
        for (int i = 0; i < popular.length; i++) {
            popular[i] = words[r.nextInt(words.length)] + words[r.nextInt(words.length)] + (i % 7 == 0 ? i : "") + "."
                    + suffixes[r.nextInt(suffixes.length)];
        }
        for (int i = 0; i < EVENTS; i++) {
            String name;
            if (r.nextInt(100) == 0) {
                var s = new StringBuilder();
                for (int k = 8 + r.nextInt(10); k > 0; k--) s.append((char) ('a' + r.nextInt(26)));
                name = s + ".com";
            } else {
                String sub = r.nextInt(3) == 0 ? "www." : r.nextInt(3) == 0 ? "cdn" + r.nextInt(4) + "." : "";
                name = sub + popular[(int) Math.min(popular.length - 1, Math.abs(r.nextGaussian()) * 400)];
            }
            var id = new ConnId("10.2." + r.nextInt(2) + "." + r.nextInt(250), 30000 + r.nextInt(30000), "10.0.0.53", 53);
            events.add(new DnsTransaction(T0 + i * 36_000_000L, "D" + Integer.toString(i, 36), id, "udp", i & 0xFFFF,
                    20_000_000L, name, 1, "C_INTERNET", 1, "A", 0, "NOERROR", false, false, true, true, 0,
                    List.of("192.0.2.1"), List.of(300L), false, 0, "query", null, "dns", null, null, null));
        }
        scorer = DgaScorer.standard();
        for (int i = 0; i < NAMES; i++) split[i] = RegisteredDomain.of(((DnsTransaction) events.get(i)).query());
        detectors = List.of(new DgaDetector(DgaDetector.config(DetectConfig.empty()), scorer));
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void analytic(Blackhole bh) {
        var engine = new DetectionEngine(detectors, bh::consume);
        for (int i = 0; i < events.size(); i++) engine.accept(events.get(i));
        engine.finish();
        bh.consume(engine.alertsEmitted());
    }

    @Benchmark
    @OperationsPerInvocation(NAMES)
    public void scoreNewName(Blackhole bh) {
        for (RegisteredDomain d : split) bh.consume(scorer.scoreOf(d));
    }
}
