package io.sluice.detect;

import static io.sluice.detect.TestEvents.conn;
import static io.sluice.detect.TestEvents.dns;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.ContentEvent;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The engine offers each event only to the detectors whose {@link Detector#consumes()} covers its class. */
class DetectionEngineDispatchTest {

    /** Records every event its {@code key} is asked about, in one log shared by all detectors of a test. */
    static final class Recorder implements Detector<String, Boolean> {
        final String id;
        final Set<Class<? extends Event>> consumes;
        final List<String> log;

        Recorder(String id, Set<Class<? extends Event>> consumes, List<String> log) {
            this.id = id;
            this.consumes = consumes;
            this.log = log;
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
            return Set.of(Ds0029Component.NETWORK_TRAFFIC_FLOW);
        }

        @Override
        public Set<Class<? extends Event>> consumes() {
            return consumes == null ? Detector.super.consumes() : consumes;
        }

        @Override
        public String key(Event event) {
            log.add(id + " " + event.getClass().getSimpleName());
            return "k";
        }

        @Override
        public Boolean onEvent(String key, Boolean state, Event event, DetectorContext ctx) {
            return Boolean.TRUE;
        }

        @Override
        public Boolean onTimer(String key, Boolean state, long timerNanos, DetectorContext ctx) {
            return state;
        }
    }

    private static List<String> offered(List<Detector<?, ?>> detectors, List<Event> events) {
        var engine = new DetectionEngine(detectors, a -> { });
        for (var e : events) engine.accept(e);
        engine.finish();
        return ((Recorder) detectors.get(0)).log;
    }

    private static List<Event> oneOfEach() {
        var c = conn("10.0.0.1", "10.0.0.2", 80).at(1);
        return List.of(c.creation(), dns("10.0.0.1", "example.com").at(2).build(), c.flow(), c.creation());
    }

    @Test
    void aDetectorIsOfferedOnlyTheClassesItConsumes() {
        var log = new ArrayList<String>();
        var offered = offered(List.of(new Recorder("a.flows", Set.of(FlowRecord.class), log)), oneOfEach());
        assertThat(offered).containsExactly("a.flows FlowRecord");
    }

    @Test
    void anInterfaceCoversEveryClassThatImplementsIt() {
        var log = new ArrayList<String>();
        var offered = offered(List.of(new Recorder("a.content", Set.of(ContentEvent.class), log)), oneOfEach());
        assertThat(offered).containsExactly("a.content DnsTransaction");
    }

    @Test
    void theDefaultIsEveryEvent() {
        var log = new ArrayList<String>();
        var offered = offered(List.of(new Recorder("a.all", null, log)), oneOfEach());
        assertThat(offered).containsExactly("a.all ConnectionCreation", "a.all DnsTransaction", "a.all FlowRecord",
                "a.all ConnectionCreation");
    }

    @Test
    void detectorsOfferedAnEventStillRunInIdOrder() {
        var log = new ArrayList<String>();
        List<Detector<?, ?>> detectors = List.of(
                new Recorder("c.both", Set.of(FlowRecord.class, ConnectionCreation.class), log),
                new Recorder("a.creations", Set.of(ConnectionCreation.class), log),
                new Recorder("b.all", null, log),
                new Recorder("d.flows", Set.of(FlowRecord.class), log));
        var offered = offered(detectors, oneOfEach());
        assertThat(offered).containsExactly(
                "a.creations ConnectionCreation", "b.all ConnectionCreation", "c.both ConnectionCreation",
                "b.all DnsTransaction",
                "b.all FlowRecord", "c.both FlowRecord", "d.flows FlowRecord",
                "a.creations ConnectionCreation", "b.all ConnectionCreation", "c.both ConnectionCreation");
    }
}
