package io.sluice.detect;

import static io.sluice.detect.TestEvents.conn;
import static io.sluice.detect.TestEvents.t;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.attack.Technique;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DetectionEngineTest {

    /** Counts flow records per originator and sets a timer {@code delay} after each. */
    static class CountingDetector implements Detector<String, Integer> {
        final String id;
        final long delayNanos;
        final List<Long> fired = new ArrayList<>();
        final List<Long> watermarksAtFire = new ArrayList<>();

        CountingDetector(String id, long delayNanos) {
            this.id = id;
            this.delayNanos = delayNanos;
        }

        @Override
        public String id() {
            return id;
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
        public Integer onEvent(String key, Integer state, Event event, DetectorContext ctx) {
            ctx.timer(event.tsNanos() + delayNanos);
            return state == null ? 1 : state + 1;
        }

        @Override
        public Integer onTimer(String key, Integer state, long timerNanos, DetectorContext ctx) {
            fired.add(timerNanos);
            watermarksAtFire.add(ctx.watermarkNanos());
            if (state == null) return null;
            ctx.alert(Alert.builder(id).technique("T1046").srcHost(key).time(timerNanos, timerNanos)
                    .explanation(key + " had " + state + " flows").incident(key).build());
            return null;
        }
    }

    private static List<Alert> runAll(List<Detector<?, ?>> detectors, List<Event> events) {
        return DetectorHarness.run(detectors, events, EngineOptions.defaults());
    }

    @Test
    void aFullAnalyticLeavesNewKeysUntrackedAndKeepsTheOnesItHolds() {
        var d = new CountingDetector("test.count", 1_000 * TestEvents.SECOND);
        var alerts = new ArrayList<Alert>();
        var engine = new DetectionEngine(List.of(d), alerts::add, new EngineOptions(0, EngineOptions.DEFAULT_INCIDENT_GAP_NANOS, 2));
        engine.accept(conn("10.0.0.1", "10.0.0.9", 80).at(0).flow());
        engine.accept(conn("10.0.0.2", "10.0.0.9", 80).at(1).flow());
        for (int i = 0; i < 5; i++) engine.accept(conn("10.0.0.3", "10.0.0.9", 80).at(2 + i).flow()); // a third key: full
        engine.accept(conn("10.0.0.1", "10.0.0.9", 80).at(10).flow()); // a held key still counts
        engine.finish();
        assertThat(engine.untrackedKeys()).containsExactly(Map.entry("test.count", 5L));
        assertThat(alerts).extracting(Alert::explanation)
                .containsExactlyInAnyOrder("10.0.0.1 had 2 flows", "10.0.0.2 had 1 flows");
    }

    @Test
    void anAnalyticThatThrowsIsSwitchedOffAndTheOthersGoOn() {
        var counting = new CountingDetector("test.count", 100 * TestEvents.SECOND);
        var calls = new int[1];
        var broken = new CountingDetector("test.broken", 100 * TestEvents.SECOND) {
            @Override
            public Integer onEvent(String key, Integer state, Event event, DetectorContext ctx) {
                calls[0]++;
                if (key.equals("10.0.0.2")) throw new IllegalStateException("odd input");
                return super.onEvent(key, state, event, ctx);
            }
        };
        var alerts = new ArrayList<Alert>();
        var engine = new DetectionEngine(List.of(counting, broken), alerts::add);
        engine.accept(conn("10.0.0.1", "10.0.0.9", 80).at(0).flow());
        engine.accept(conn("10.0.0.2", "10.0.0.9", 80).at(1).flow()); // the broken one throws here
        engine.accept(conn("10.0.0.1", "10.0.0.9", 80).at(2).flow());
        engine.finish();
        assertThat(engine.failures()).containsOnlyKeys("test.broken");
        assertThat(engine.failures().get("test.broken")).hasMessage("odd input");
        assertThat(calls[0]).isEqualTo(2); // not asked again after it threw
        assertThat(alerts).extracting(Alert::explanation)
                .containsExactlyInAnyOrder("10.0.0.1 had 2 flows", "10.0.0.2 had 1 flows");
        assertThat(broken.fired).isEmpty(); // its timers went with it
    }

    @Test
    void detectorsKeyedOnTheSameHostKeepTheirOwnStatesAndLimits() {
        // the engine keeps all detectors' states of one key together: they must not mix
        var a = new CountingDetector("test.a", 1_000 * TestEvents.SECOND);
        var b = new CountingDetector("test.b", 1_000 * TestEvents.SECOND) {
            @Override
            public Integer onEvent(String key, Integer state, Event event, DetectorContext ctx) {
                if (key.equals("10.0.0.3")) return state; // keeps nothing for this host
                ctx.timer(event.tsNanos() + delayNanos);
                return state == null ? 10 : state + 10;
            }
        };
        var alerts = new ArrayList<Alert>();
        var engine = new DetectionEngine(List.of(a, b), alerts::add, new EngineOptions(0, EngineOptions.DEFAULT_INCIDENT_GAP_NANOS, 2));
        engine.accept(conn("10.0.0.1", "10.0.0.9", 80).at(0).flow());
        engine.accept(conn("10.0.0.3", "10.0.0.9", 80).at(1).flow()); // a: second key; b: none
        engine.accept(conn("10.0.0.2", "10.0.0.9", 80).at(2).flow()); // a: full; b: its second key
        engine.accept(conn("10.0.0.1", "10.0.0.9", 80).at(3).flow());
        assertThat(engine.stateCount()).isEqualTo(4);
        engine.finish();
        assertThat(engine.untrackedKeys()).containsExactly(Map.entry("test.a", 1L));
        assertThat(alerts).extracting(x -> x.detectorId() + " " + x.explanation()).containsExactlyInAnyOrder(
                "test.a 10.0.0.1 had 2 flows", "test.a 10.0.0.3 had 1 flows",
                "test.b 10.0.0.1 had 20 flows", "test.b 10.0.0.2 had 10 flows");
        assertThat(engine.stateCount()).isZero();
    }

    @Test
    void aFailingDetectorDropsOnlyItsOwnStateOfASharedKey() {
        var counting = new CountingDetector("test.count", 100 * TestEvents.SECOND);
        var broken = new CountingDetector("test.broken", 100 * TestEvents.SECOND) {
            @Override
            public Integer onEvent(String key, Integer state, Event event, DetectorContext ctx) {
                if (state != null) throw new IllegalStateException("second event");
                return super.onEvent(key, state, event, ctx);
            }
        };
        var alerts = new ArrayList<Alert>();
        var engine = new DetectionEngine(List.of(counting, broken), alerts::add);
        engine.accept(conn("10.0.0.1", "10.0.0.9", 80).at(0).flow());
        engine.accept(conn("10.0.0.2", "10.0.0.9", 80).at(1).flow());
        assertThat(engine.stateCount()).isEqualTo(4);
        engine.accept(conn("10.0.0.1", "10.0.0.9", 80).at(2).flow()); // broken throws: its two states go
        assertThat(engine.stateCount()).isEqualTo(2);
        engine.finish();
        assertThat(alerts).extracting(Alert::explanation)
                .containsExactlyInAnyOrder("10.0.0.1 had 2 flows", "10.0.0.2 had 1 flows");
    }

    @Test
    void maxKeysIsReadFromTheEngineSettingsAndMustBePositive() {
        var config = DetectConfig.empty().with("engine.max_keys", "1_000");
        assertThat(EngineOptions.from(config).maxKeysPerDetector()).isEqualTo(1_000);
        assertThat(EngineOptions.defaults().maxKeysPerDetector()).isEqualTo(EngineOptions.DEFAULT_MAX_KEYS);
        assertThatThrownBy(() -> EngineOptions.from(DetectConfig.empty().with("engine.max_keys", "0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("engine.max_keys");
    }

    @Test
    void timersFireInEventTimeOrderNotInOrderOfSetting() {
        var d = new CountingDetector("test.count", 0);
        var engine = new DetectionEngine(List.of(new TimerSetter(d.id(), List.of(t(30), t(10), t(20)))), a -> { });
        engine.accept(conn("10.0.0.1", "10.0.0.2", 80).at(0).flow());
        engine.accept(conn("10.0.0.1", "10.0.0.2", 80).at(100).flow());
        assertThat(TimerSetter.firedLog).containsExactly(t(10), t(20), t(30));
        TimerSetter.firedLog.clear();
    }

    @Test
    void theWatermarkFollowsObservedTimeSoAFlowAdvancesItByItsEnd() {
        var d = new CountingDetector("test.count", 50 * TestEvents.SECOND);
        var engine = new DetectionEngine(List.of(d), a -> { });
        engine.accept(conn("10.0.0.1", "10.0.0.2", 80).at(0).duration(10).flow()); // timer at 50
        assertThat(engine.watermarkNanos()).isEqualTo(t(10));
        engine.accept(conn("10.0.0.3", "10.0.0.2", 80).at(5).duration(40).flow()); // observed 45
        assertThat(d.fired).isEmpty();
        // starts at 20 (before the first timer) but ends at 120: it moves the watermark past 50
        engine.accept(conn("10.0.0.4", "10.0.0.2", 80).at(20).duration(100).flow());
        assertThat(engine.watermarkNanos()).isEqualTo(t(120));
        assertThat(d.fired).containsExactly(t(50), t(55), t(70));
        assertThat(d.watermarksAtFire).allMatch(w -> w == t(120));
    }

    @Test
    void aQuietSpellFiresTimersWithoutAnotherEvent() {
        var d = new CountingDetector("test.count", 10 * TestEvents.SECOND);
        var engine = new DetectionEngine(List.of(d), a -> { });
        engine.accept(conn("10.0.0.1", "10.0.0.2", 80).at(0).duration(0).flow()); // timer at 10
        engine.advanceTo(t(10));
        assertThat(d.fired).as("an event at exactly the timer's time may still come").isEmpty();
        engine.advanceTo(t(9)); // an earlier clock never moves it back
        assertThat(engine.watermarkNanos()).isEqualTo(t(10));
        engine.advanceTo(t(10) + 1);
        assertThat(d.fired).containsExactly(t(10));
        assertThat(engine.events()).isEqualTo(1);
    }

    @Test
    void aQuietSpellClosesAnIncidentWhoseGapHasPassed() {
        var alerts = new ArrayList<Alert>();
        var d = new CountingDetector("test.count", 0);
        var engine = new DetectionEngine(List.of(d), alerts::add, new EngineOptions(0, 60 * TestEvents.SECOND));
        engine.accept(conn("10.0.0.1", "10.0.0.2", 80).at(0).duration(0).flow()); // timer at 0: an alert at 0
        engine.accept(conn("10.0.0.3", "10.0.0.2", 80).at(1).duration(0).flow()); // fires it
        assertThat(alerts).as("the incident is open until its gap has passed").isEmpty();
        engine.advanceTo(t(60) + 1); // past the first incident's gap (it closes at 60), not the second's (61)
        assertThat(alerts).singleElement().satisfies(a -> assertThat(a.srcHost()).isEqualTo("10.0.0.1"));
    }

    @Test
    void aConnectionCreationAdvancesTheWatermarkByItsTimestamp() {
        var engine = new DetectionEngine(List.of(), a -> { });
        engine.accept(conn("10.0.0.1", "10.0.0.2", 80).at(7).duration(100).creation());
        assertThat(engine.watermarkNanos()).isEqualTo(t(7));
        engine.accept(conn("10.0.0.1", "10.0.0.2", 80).at(3).creation()); // late events never move it back
        assertThat(engine.watermarkNanos()).isEqualTo(t(7));
    }

    @Test
    void aTimerFiresOnlyOnceTheWatermarkIsPastIt() {
        var d = new CountingDetector("test.count", 10 * TestEvents.SECOND);
        var engine = new DetectionEngine(List.of(d), a -> { });
        engine.accept(conn("10.0.0.1", "10.0.0.2", 80).at(0).duration(0).flow()); // timer at 10
        engine.accept(conn("10.0.0.9", "10.0.0.2", 80).at(10).duration(0).flow()); // watermark == 10
        assertThat(d.fired).as("an event at exactly the timer's time may still come").isEmpty();
        engine.accept(conn("10.0.0.9", "10.0.0.2", 80).tsNanos(t(10) + 1).duration(0).flow());
        assertThat(d.fired).containsExactly(t(10));
    }

    @Test
    void allowedLatenessHoldsTheWatermarkBack() {
        var d = new CountingDetector("test.count", 10 * TestEvents.SECOND);
        var engine = new DetectionEngine(List.of(d), a -> { }, new EngineOptions(30 * TestEvents.SECOND, 0));
        engine.accept(conn("10.0.0.1", "10.0.0.2", 80).at(0).duration(0).flow());
        engine.accept(conn("10.0.0.2", "10.0.0.2", 80).at(35).duration(0).flow());
        assertThat(engine.watermarkNanos()).isEqualTo(t(5));
        assertThat(d.fired).isEmpty();
        engine.accept(conn("10.0.0.2", "10.0.0.2", 80).at(41).duration(0).flow());
        assertThat(d.fired).containsExactly(t(10));
    }

    @Test
    void finishFiresPendingTimersInTimeOrderAndFlushesIncidents() {
        var d = new CountingDetector("test.count", 3600 * TestEvents.SECOND);
        var alerts = DetectorHarness.run(d, List.of(
                conn("10.0.0.3", "10.0.0.2", 80).at(20).flow(),
                conn("10.0.0.1", "10.0.0.2", 80).at(5).flow(),
                conn("10.0.0.2", "10.0.0.2", 80).at(10).flow()));
        assertThat(d.fired).containsExactly(t(3605), t(3610), t(3620));
        assertThat(alerts).extracting(Alert::srcHost).containsExactly("10.0.0.1", "10.0.0.2", "10.0.0.3");
        assertThat(alerts).extracting(Alert::explanation).contains("10.0.0.1 had 1 flows");
    }

    @Test
    void stateIsKeyedAndNullDeletesIt() {
        var d = new CountingDetector("test.count", 1000 * TestEvents.SECOND);
        var engine = new DetectionEngine(List.of(d), a -> { });
        engine.accept(conn("10.0.0.1", "10.0.0.2", 80).at(0).flow());
        engine.accept(conn("10.0.0.1", "10.0.0.3", 80).at(1).flow());
        engine.accept(conn("10.0.0.7", "10.0.0.3", 80).at(2).flow());
        engine.accept(conn("10.0.0.7", "10.0.0.3", 80).at(2).creation()); // key() null: not for it
        assertThat(engine.stateCount()).isEqualTo(2);
        var alerts = new ArrayList<Alert>();
        var e2 = new DetectionEngine(List.of(d), alerts::add);
        e2.accept(conn("10.0.0.1", "10.0.0.2", 80).at(0).flow());
        e2.accept(conn("10.0.0.1", "10.0.0.3", 80).at(1).flow());
        e2.finish();
        assertThat(e2.stateCount()).isZero();
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.explanation()).isEqualTo("10.0.0.1 had 2 flows");
            assertThat(a.count()).as("the second timer found the state deleted").isEqualTo(1);
        });
    }

    @Test
    void alertsOfOneIncidentMergeIntoOne() {
        var d = new AlertEveryEvent("test.merge", e -> "same");
        var events = new ArrayList<Event>();
        for (int i = 0; i < 60; i++) {
            events.add(conn("10.0.0.1", "10.0.0." + (i + 2), 1000 + i).at(i).flow());
        }
        var alerts = DetectorHarness.run(d, events);
        assertThat(alerts).hasSize(1);
        var a = alerts.get(0);
        assertThat(a.count()).isEqualTo(60);
        assertThat(a.firstNanos()).isEqualTo(t(0));
        assertThat(a.lastNanos()).as("the end of the last 1 s flow").isEqualTo(t(60));
        assertThat(a.explanation()).as("the latest explanation wins").isEqualTo("event 60");
        assertThat(a.evidence()).hasSize(Alert.MAX_EVIDENCE);
        assertThat(a.evidenceCount()).isEqualTo(60);
        assertThat(a.evidence().get(0).uid()).isEqualTo(events.get(0) instanceof FlowRecord f ? f.uid() : null);
        assertThat(a.dstPorts()).hasSize(Alert.MAX_ENTITIES).startsWith(1000, 1001);
        assertThat(a.severity()).as("the highest severity seen").isEqualTo(Severity.HIGH);
    }

    @Test
    void differentIncidentKeysAndNullKeysStaySeparate() {
        var byPort = DetectorHarness.run(new AlertEveryEvent("test.merge", e -> "p" + (((FlowRecord) e).id().respP() % 2)),
                List.of(conn("10.0.0.1", "10.0.0.2", 1).at(0).flow(), conn("10.0.0.1", "10.0.0.2", 2).at(1).flow(),
                        conn("10.0.0.1", "10.0.0.2", 3).at(2).flow()));
        assertThat(byPort).extracting(Alert::incident).containsExactly("p1", "p0");
        assertThat(byPort).extracting(Alert::count).containsExactly(2L, 1L);
        var unkeyed = DetectorHarness.run(new AlertEveryEvent("test.merge", e -> null),
                List.of(conn("10.0.0.1", "10.0.0.2", 1).at(0).flow(), conn("10.0.0.1", "10.0.0.2", 2).at(1).flow()));
        assertThat(unkeyed).hasSize(2);
    }

    @Test
    void anIncidentClosesOnceTheWatermarkIsTheGapPastItsLastEvidence() {
        var alerts = new ArrayList<Alert>();
        var engine = new DetectionEngine(List.of(new AlertEveryEvent("test.merge", e -> ((FlowRecord) e).id().origH())), alerts::add,
                new EngineOptions(0, 60 * TestEvents.SECOND));
        engine.accept(conn("10.0.0.1", "10.0.0.2", 1).at(0).duration(0).flow());
        engine.accept(conn("10.0.0.1", "10.0.0.2", 1).at(50).duration(0).flow());
        engine.accept(conn("10.0.0.9", "10.0.0.2", 1).at(110).duration(0).flow()); // 60 after 50: not past yet
        assertThat(alerts).isEmpty();
        engine.accept(conn("10.0.0.9", "10.0.0.2", 1).at(200).duration(0).flow());
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).srcHost()).isEqualTo("10.0.0.1");
        assertThat(alerts.get(0).count()).isEqualTo(2);
        engine.finish();
        assertThat(alerts).hasSize(2);
        assertThat(alerts.get(1).firstNanos()).isEqualTo(t(110));
        assertThat(alerts.get(1).count()).isEqualTo(2);
    }

    @Test
    void outputOrderIsByTimeThenDetectorIdWhateverTheRegistrationOrder() {
        var events = new ArrayList<Event>();
        for (int i = 0; i < 20; i++) events.add(conn("10.0.0." + (i % 5), "10.0.0.99", 80).at(i % 7).flow());
        List<Detector<?, ?>> a = new ArrayList<>(List.of(new AlertEveryEvent("b.second", e -> null),
                new AlertEveryEvent("a.first", e -> null), new AlertEveryEvent("c.third", e -> null)));
        var first = runAll(a, events);
        Collections.shuffle(a, new Random(7));
        var second = runAll(a, events);
        assertThat(second).isEqualTo(first);
        for (int i = 1; i < first.size(); i++) {
            var p = first.get(i - 1);
            var c = first.get(i);
            assertThat(p.firstNanos() < c.firstNanos()
                    || (p.firstNanos() == c.firstNanos() && p.detectorId().compareTo(c.detectorId()) <= 0))
                    .as("alert %d after %d", i, i - 1).isTrue();
        }
    }

    @Test
    void anAlertWithoutTimeTakesTheTimeOfTheEventThatRaisedIt() {
        var alerts = DetectorHarness.run(new AlertEveryEvent("test.merge", e -> null, false),
                List.of(conn("10.0.0.1", "10.0.0.2", 1).at(42).creation()));
        assertThat(alerts).singleElement().extracting(Alert::firstNanos).isEqualTo(t(42));
    }

    @Test
    void anAlertMustCarryItsOwnDetectorsId() {
        var wrong = new AlertEveryEvent("test.merge", e -> null) {
            @Override
            String alertId() {
                return "someone.else";
            }
        };
        assertThatThrownBy(() -> DetectorHarness.run(wrong, List.of(conn("10.0.0.1", "10.0.0.2", 1).flow())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("someone.else");
    }

    @Test
    void twoDetectorsWithOneIdAreRefused() {
        assertThatThrownBy(() -> new DetectionEngine(
                List.of(new AlertEveryEvent("x.y", e -> null), new AlertEveryEvent("x.y", e -> null)), a -> { }))
                .hasMessageContaining("x.y");
    }

    /** A detector of the engine's mechanics only: an id, no technique, no component. */
    abstract static class MechanicsDetector<S> implements Detector<String, S> {
        final String id;

        MechanicsDetector(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public List<Technique> techniques() {
            return List.of();
        }

        @Override
        public Set<Ds0029Component> components() {
            return Set.of();
        }
    }

    /** Counts events per key (or keeps nothing, when {@code keep} is false) and logs the state it was handed. */
    static class KeyedCounter extends MechanicsDetector<Integer> {
        final java.util.function.Function<Event, String> key;
        final boolean keep;
        final List<Integer> handed = new ArrayList<>();

        KeyedCounter(String id, java.util.function.Function<Event, String> key, boolean keep) {
            super(id);
            this.key = key;
            this.keep = keep;
        }

        @Override
        public String key(Event event) {
            return key.apply(event);
        }

        @Override
        public Integer onEvent(String key, Integer state, Event event, DetectorContext ctx) {
            handed.add(state);
            return keep ? (state == null ? 1 : state + 1) : null;
        }

        @Override
        public Integer onTimer(String key, Integer state, long timerNanos, DetectorContext ctx) {
            return state;
        }
    }

    /**
     * Detectors that return the same key as one String object and as an equal copy, in turns, share
     * one state row: a row made through the copy is found through the original and the other way
     * round, whatever the engine remembers of the keys it looked up for the event.
     */
    @Test
    void equalKeyObjectsShareOneRowWhicheverMakesIt() {
        String host = "10.0.0.1";
        var declines = new KeyedCounter("a.declines", e -> host, false);
        var viaCopy = new KeyedCounter("b.copy", e -> new String(host.toCharArray()), true);
        var viaSame = new KeyedCounter("c.same", e -> host, true);
        var dropsEveryOther = new KeyedCounter("d.copy", e -> new String(host.toCharArray()), true) {
            @Override
            public Integer onEvent(String key, Integer state, Event event, DetectorContext ctx) {
                handed.add(state);
                return state == null ? 1 : null;
            }
        };
        var engine = new DetectionEngine(List.of(declines, viaCopy, viaSame, dropsEveryOther), a -> { });
        for (int i = 0; i < 4; i++) engine.accept(conn("10.0.0.1", "10.0.0.2", 80).at(i).flow());
        engine.finish();
        assertThat(viaCopy.handed).containsExactly(null, 1, 2, 3);
        assertThat(viaSame.handed).containsExactly(null, 1, 2, 3);
        assertThat(dropsEveryOther.handed).containsExactly(null, 1, null, 1);
        assertThat(engine.stateCount()).isEqualTo(2);
    }

    /** Sets a fixed list of timers on its first event and logs their firing. */
    static final class TimerSetter extends MechanicsDetector<Boolean> {
        static final List<Long> firedLog = new ArrayList<>();
        final List<Long> times;

        TimerSetter(String id, List<Long> times) {
            super(id);
            this.times = times;
        }

        @Override
        public String key(Event event) {
            return "k";
        }

        @Override
        public Boolean onEvent(String key, Boolean state, Event event, DetectorContext ctx) {
            if (state == null) for (var t : times) ctx.timer(t);
            return Boolean.TRUE;
        }

        @Override
        public Boolean onTimer(String key, Boolean state, long timerNanos, DetectorContext ctx) {
            firedLog.add(timerNanos);
            return state;
        }
    }

    /** Raises an alert for every event, with the incident key the function gives. */
    static class AlertEveryEvent implements Detector<String, Long> {
        final String id;
        final java.util.function.Function<Event, String> incident;
        final boolean withTime;

        AlertEveryEvent(String id, java.util.function.Function<Event, String> incident) {
            this(id, incident, true);
        }

        AlertEveryEvent(String id, java.util.function.Function<Event, String> incident, boolean withTime) {
            this.id = id;
            this.incident = incident;
            this.withTime = withTime;
        }

        String alertId() {
            return id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public List<Technique> techniques() {
            return List.of(Technique.of("T1046"));
        }

        @Override
        public Set<Ds0029Component> components() {
            return Set.of(Ds0029Component.NETWORK_TRAFFIC_FLOW, Ds0029Component.NETWORK_CONNECTION_CREATION);
        }

        @Override
        public String key(Event event) {
            return switch (event) {
                case FlowRecord f -> f.id().origH();
                case ConnectionCreation c -> c.id().origH();
                default -> null;
            };
        }

        @Override
        public Long onEvent(String key, Long state, Event event, DetectorContext ctx) {
            long n = state == null ? 1 : state + 1;
            var b = Alert.builder(alertId()).technique("T1046").component(event.component()).srcHost(key)
                    .severity(n == 2 ? Severity.HIGH : Severity.LOW).explanation("event " + n).incident(incident.apply(event));
            if (withTime) b.time(event.tsNanos(), DetectionEngine.observedNanos(event));
            if (event instanceof FlowRecord f) b.dstHost(f.id().respH()).dstPort(f.id().respP()).evidence(f.uid(), f.communityId());
            ctx.alert(b.build());
            return n;
        }

        @Override
        public Long onTimer(String key, Long state, long timerNanos, DetectorContext ctx) {
            return state;
        }
    }
}
