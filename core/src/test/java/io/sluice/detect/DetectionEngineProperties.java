package io.sluice.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Engine invariants over random flows: timers fire once each, in time order, never early. */
class DetectionEngineProperties {

    /** Sets a timer at the flow's start plus its destination port in seconds; records firings. */
    static final class Recorder implements Detector<String, Integer> {
        final List<long[]> fired = new ArrayList<>(); // {timer, watermark when fired}
        final Set<String> set = new HashSet<>();
        /** Timers set below the watermark (a late event's): they fire at once, out of the order. */
        final Set<Long> late = new HashSet<>();

        @Override
        public String id() {
            return "test.recorder";
        }

        @Override
        public List<Technique> techniques() {
            return List.of();
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
        public Integer onEvent(String key, Integer state, Event event, DetectorContext ctx) {
            var f = (FlowRecord) event;
            long at = f.tsNanos() + f.id().respP() * TestEvents.SECOND;
            set.add(key + "@" + at);
            if (at < ctx.watermarkNanos()) late.add(at);
            ctx.timer(at);
            return state == null ? 1 : state + 1;
        }

        @Override
        public Integer onTimer(String key, Integer state, long timerNanos, DetectorContext ctx) {
            fired.add(new long[] {timerNanos, ctx.watermarkNanos()});
            assertThat(set.remove(key + "@" + timerNanos)).as("fired once, and only if set").isTrue();
            return state;
        }
    }

    @Property(tries = 200)
    void timersFireOnceInTimeOrderAndNeverBeforeTheWatermarkPassesThem(
            @ForAll @Size(min = 1, max = 60) List<@IntRange(min = 0, max = 500) Integer> starts,
            @ForAll @Size(min = 1, max = 60) List<@IntRange(min = 0, max = 120) Integer> durations,
            @ForAll @IntRange(min = 0, max = 30) int latenessSeconds) {
        var d = new Recorder();
        var events = new ArrayList<Event>();
        for (int i = 0; i < starts.size(); i++) {
            int dur = durations.get(i % durations.size());
            events.add(TestEvents.conn("10.0.0." + (i % 7), "10.0.1.1", 1 + (i * 37) % 90).origPort(1000 + i)
                    .at(starts.get(i)).duration(dur).flow());
        }
        // emitted in order of their end, as a flow table emits them
        events.sort(java.util.Comparator.comparingLong(DetectionEngine::observedNanos));
        var engine = new DetectionEngine(List.of(d), a -> { }, new EngineOptions(latenessSeconds * TestEvents.SECOND, 0));
        long finishAt = Long.MIN_VALUE;
        for (var e : events) engine.accept(e);
        int firedBeforeFinish = d.fired.size();
        finishAt = engine.watermarkNanos();
        engine.finish();
        assertThat(d.set).as("every timer fired by finish()").isEmpty();
        long lastOnTime = Long.MIN_VALUE;
        for (var f : d.fired) {
            if (d.late.contains(f[0])) continue;
            assertThat(f[0]).as("timers set ahead of the watermark fire in time order").isGreaterThanOrEqualTo(lastOnTime);
            lastOnTime = f[0];
        }
        for (int i = 0; i < firedBeforeFinish; i++) {
            assertThat(d.fired.get(i)[1]).as("streaming timers fire only once the watermark is past them")
                    .isGreaterThan(d.fired.get(i)[0]);
        }
        for (int i = firedBeforeFinish; i < d.fired.size(); i++) {
            assertThat(d.fired.get(i)[0]).as("finish() fires what the watermark had not passed")
                    .isGreaterThanOrEqualTo(finishAt);
        }
    }
}
