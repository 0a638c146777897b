package io.sluice.detect.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.TestEvents;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class FallbackChannelDetectorTest {
    private static final FallbackChannelDetector DETECTOR = new FallbackChannelDetector(FallbackChannelDetector.Config.DEFAULTS);
    private static final String HOST = "10.0.0.5";
    private static final String PRIMARY = "81.2.69.142";
    private static final String FALLBACK = "81.2.69.160";

    private static List<String> ids(Alert a) {
        return a.techniques().stream().map(Technique::id).toList();
    }

    /**
     * An implant checking in with its primary C2 every 5 minutes for an hour; the primary stops
     * answering ({@code failures} SYNs unanswered, a minute apart); {@code delay} seconds after the
     * first failure it starts on a second C2 every minute ({@code fallbacks} times).
     */
    static List<Event> scenario(int failures, double delay, int fallbacks, Function<TestEvents.Conn, List<Event>> as) {
        var events = new ArrayList<Event>();
        int port = 40_000;
        for (int i = 0; i < 12; i++) events.addAll(as.apply(TestEvents.conn(HOST, PRIMARY, 443).at(i * 300.0).origPort(port++)));
        double down = 12 * 300.0;
        for (int i = 0; i < failures; i++) {
            events.addAll(as.apply(TestEvents.conn(HOST, PRIMARY, 443).at(down + i * 60.0).origPort(port++).state("S0")));
        }
        for (int i = 0; i < fallbacks; i++) {
            events.addAll(as.apply(TestEvents.conn(HOST, FALLBACK, 8443).at(down + delay + i * 60.0).origPort(port++)));
        }
        return DetectorHarness.inObservedOrder(events);
    }

    @Test
    void connectionsToANewDestinationOnceTheChannelStopsAnsweringAreAFallbackChannel() {
        var events = scenario(4, 300, 5, c -> List.of(c.creation()));
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement().satisfies(a -> {
            assertThat(a.detectorId()).isEqualTo("c2.fallback");
            assertThat(ids(a)).containsExactly("T1008");
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_CONNECTION_CREATION);
            assertThat(a.dstHosts()).containsExactly(PRIMARY, FALLBACK);
            assertThat(a.explanation()).isEqualTo("10.0.0.5 had 12 connections answered by 81.2.69.142:443 over 55 min;"
                    + " then 4 attempts failed in a row (the last answer 5 min before the first failure), and 5 min after"
                    + " the first failure it turned to 81.2.69.160:8443, never contacted before, which answered 3"
                    + " connections: a fallback channel");
        });
    }

    @Test
    void theSameSwitchInConnLogRowsIsAFallbackChannel() {
        var events = scenario(4, 300, 5, c -> List.of(c.flow()));
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement().satisfies(a -> {
            assertThat(ids(a)).containsExactly("T1008");
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_TRAFFIC_FLOW);
        });
    }

    @Test
    void aConnectionSeenAsCreationAndAsFlowIsCountedOnce() {
        // two failures counted twice would reach the threshold of three
        var events = scenario(2, 300, 5, TestEvents.Conn::both);
        assertThat(DetectorHarness.run(DETECTOR, events)).isEmpty();
        assertThat(DetectorHarness.run(DETECTOR, scenario(3, 300, 5, TestEvents.Conn::both))).hasSize(1);
    }

    @Test
    void theThresholdsAreFailuresWindowAndFallbackConnections() {
        assertThat(DetectorHarness.run(DETECTOR, scenario(2, 200, 5, c -> List.of(c.creation())))).isEmpty();
        assertThat(DetectorHarness.run(DETECTOR, scenario(3, 200, 5, c -> List.of(c.creation())))).hasSize(1);
        assertThat(DetectorHarness.run(DETECTOR, scenario(4, 300, 2, c -> List.of(c.creation())))).isEmpty();
        assertThat(DetectorHarness.run(DETECTOR, scenario(4, 1_800, 5, c -> List.of(c.creation())))).isEmpty();
        assertThat(DetectorHarness.run(DETECTOR, scenario(4, 1_680, 5, c -> List.of(c.creation())))).hasSize(1);
    }

    @Test
    void newDestinationsWithoutAFailedChannelStayQuiet() {
        var events = new ArrayList<Event>();
        int port = 40_000;
        for (int i = 0; i < 12; i++) events.add(TestEvents.conn(HOST, PRIMARY, 443).at(i * 300.0).origPort(port++).creation());
        for (int site = 0; site < 10; site++) {
            for (int i = 0; i < 4; i++) {
                events.add(TestEvents.conn(HOST, "81.2.70." + site, 443).at(3_700 + site * 200 + i * 5.0).origPort(port++).creation());
            }
        }
        assertThat(DetectorHarness.run(DETECTOR, DetectorHarness.inObservedOrder(events))).isEmpty();
    }

    @Test
    void aDestinationVisitedBrieflyIsNoChannelWhenItFails() {
        // five answered connections within a minute: a visit, not a channel of at least 10 minutes
        var events = new ArrayList<Event>();
        int port = 40_000;
        for (int i = 0; i < 5; i++) events.add(TestEvents.conn(HOST, PRIMARY, 443).at(i * 10.0).origPort(port++).creation());
        for (int i = 0; i < 4; i++) events.add(TestEvents.conn(HOST, PRIMARY, 443).at(100 + i * 10.0).origPort(port++).state("S0").creation());
        for (int i = 0; i < 5; i++) events.add(TestEvents.conn(HOST, FALLBACK, 443).at(200 + i * 10.0).origPort(port++).creation());
        assertThat(DetectorHarness.run(DETECTOR, events)).isEmpty();
    }
}
