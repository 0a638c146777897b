package io.sluice.bench;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.DetectionEngine;
import io.sluice.detect.Detector;
import io.sluice.detect.DetectorContext;
import io.sluice.detect.Detectors;
import io.sluice.event.ConnId;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The detection engine alone: {@value #EVENTS} events built at setup (a connection creation and a
 * flow record per connection, 2,000 hosts talking to 20,000 destinations over an hour, 2 % of
 * flows with a protocol off its port) run through a fresh engine, finish included. {@code standard}
 * is what {@code sluice analyze} registers; {@code keyed} adds a stateful detector keyed per source
 * host with a window timer per key, the shape most analytics have. Score: events per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DetectionEngineBenchmark {
    static final int EVENTS = 100_000;
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long SECOND = 1_000_000_000L;

    @Param({"standard", "keyed"})
    public String detectors;

    private final List<Event> events = new ArrayList<>(EVENTS);
    private List<Detector<?, ?>> list;

    @Setup
    public void setup() {
        var rnd = new SplittableRandom(42);
        for (int i = 0; i < EVENTS / 2; i++) {
            long ts = T0 + (long) i * 3600 * SECOND / (EVENTS / 2);
            var id = new ConnId("10.1." + rnd.nextInt(8) + "." + rnd.nextInt(250), 40000 + rnd.nextInt(20000),
                    "198.51." + rnd.nextInt(80) + "." + rnd.nextInt(250), rnd.nextInt(10) < 7 ? 443 : 8000 + rnd.nextInt(2000));
            String uid = "C" + Integer.toString(i, 36);
            boolean off = rnd.nextInt(50) == 0;
            events.add(new ConnectionCreation(ts, uid, id, "tcp", ConnectionCreation.Outcome.ESTABLISHED, true, false, -1,
                    "1:x" + i, "pcap"));
            events.add(new FlowRecord(ts, uid, id, "tcp", off ? "http" : "ssl", 2 * SECOND, 500L, 4000L, "SF", true, false,
                    0, "ShADadFf", 8, 820, 7, 4280, List.of(), 6, -1, -1, "1:x" + i, null, null, "pcap",
                    off ? "http" : null));
        }
        list = new ArrayList<>(Detectors.standard(DetectConfig.empty()));
        if (detectors.equals("keyed")) list.add(new PerHostWindow());
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void engine(Blackhole bh) {
        var engine = new DetectionEngine(list, bh::consume);
        for (int i = 0; i < events.size(); i++) engine.accept(events.get(i));
        engine.finish();
        bh.consume(engine.alertsEmitted());
    }

    /** Counts flows and bytes per source host in 5-minute windows; alerts on a busy window. */
    static final class PerHostWindow implements Detector<String, long[]> {
        @Override
        public String id() {
            return "bench.per_host_window";
        }

        @Override
        public List<Technique> techniques() {
            return List.of(Technique.of("T1046"));
        }

        @Override
        public Set<Ds0029Component> components() {
            return Set.of(Ds0029Component.NETWORK_TRAFFIC_FLOW);
        }

        @Override
        public String key(Event event) {
            return event instanceof FlowRecord f ? f.id().origH() : null;
        }

        @Override
        public long[] onEvent(String key, long[] state, Event event, DetectorContext ctx) {
            var f = (FlowRecord) event;
            var s = state != null ? state : new long[] {f.tsNanos() + 300 * SECOND, 0, 0};
            if (state == null) ctx.timer(s[0]);
            s[1]++;
            s[2] += f.origIpBytes();
            return s;
        }

        @Override
        public long[] onTimer(String key, long[] state, long timerNanos, DetectorContext ctx) {
            if (state != null && state[1] > 40) {
                ctx.alert(Alert.builder(id()).technique("T1046").srcHost(key).time(timerNanos - 300 * SECOND, timerNanos)
                        .explanation(key + " made " + state[1] + " connections in 5 minutes").incident(key).build());
            }
            return null;
        }
    }
}
