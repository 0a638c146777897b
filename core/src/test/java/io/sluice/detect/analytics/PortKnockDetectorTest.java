package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.conn;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortKnockDetectorTest {

    private static final PortKnockDetector DETECTOR = new PortKnockDetector(PortKnockDetector.Config.DEFAULTS);
    private static final String KNOCKER = "198.51.100.77";
    private static final String BASTION = "10.0.0.30";

    private static List<Alert> run(List<Event> events) {
        return DetectorHarness.run(DETECTOR, DetectorHarness.inObservedOrder(events));
    }

    /** knockd's example: SSH refused, SYNs to 7000, 8000, 9000 dropped, then SSH accepted. */
    private static List<Event> knock(double refusedAt, int[] sequence, double firstKnock, double gap, double openAfter) {
        var events = new ArrayList<Event>();
        int p = 41_000;
        if (refusedAt >= 0) events.addAll(conn(KNOCKER, BASTION, 22).local(false, true).origPort(p++).at(refusedAt).state("REJ").both());
        double at = firstKnock;
        for (int port : sequence) {
            events.addAll(conn(KNOCKER, BASTION, port).local(false, true).origPort(p++).at(at).state("S0").both());
            at += gap;
        }
        events.addAll(conn(KNOCKER, BASTION, 22).local(false, true).origPort(p).at(at - gap + openAfter).service("ssh")
                .duration(600).both());
        return events;
    }

    @Test
    void firesWhenAKnockSequenceOpensAPortThatWasClosed() {
        assertThat(run(knock(0, new int[] {7000, 8000, 9000}, 20, 0.5, 1.2))).singleElement().satisfies(a -> {
            assertThat(a.detectorId()).isEqualTo("signal.port_knock");
            assertThat(a.srcHost()).isEqualTo(KNOCKER);
            assertThat(a.dstHosts()).containsExactly(BASTION);
            assertThat(a.dstPorts()).containsExactly(22, 7000, 8000, 9000);
            assertThat(a.explanation()).isEqualTo("198.51.100.77 sent 3 failed connection attempts to ports 7000, 8000, 9000 "
                    + "of 10.0.0.30 within 1.0 s, then its connection to port 22 was accepted 1.2 s later; "
                    + "the same port had refused it before the knock");
            assertThat(a.techniques()).containsExactly(Technique.of("T1205.001"));
            assertThat(a.components()).contains(Ds0029Component.NETWORK_CONNECTION_CREATION, Ds0029Component.NETWORK_TRAFFIC_FLOW);
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.evidence()).hasSize(4);
        });
    }

    @Test
    void aKnockWithoutAnEarlierRefusalIsMediumSeverity() {
        assertThat(run(knock(-1, new int[] {1111, 2222, 3333, 4444}, 5, 2, 3))).singleElement()
                .satisfies(a -> assertThat(a.severity()).isEqualTo(Severity.MEDIUM));
    }

    @Test
    void firesOnFlowRecordsAlone() {
        var flows = knock(0, new int[] {7000, 8000, 9000}, 20, 0.5, 1.2).stream()
                .filter(e -> e instanceof io.sluice.event.FlowRecord).toList();
        assertThat(run(flows)).singleElement()
                .satisfies(a -> assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_TRAFFIC_FLOW));
    }

    @Test
    void staysQuietOnOrdinaryTraffic() {
        var events = new ArrayList<Event>();
        // A user retries a refused service, then reaches another that works.
        events.addAll(conn("10.0.0.5", BASTION, 8080).at(0).state("REJ").both());
        events.addAll(conn("10.0.0.5", BASTION, 8080).origPort(49153).at(2).state("REJ").both());
        events.addAll(conn("10.0.0.5", BASTION, 443).origPort(49154).at(4).both());
        // Busy clients with only successful connections.
        for (int i = 0; i < 100; i++) events.addAll(conn("10.0.0." + (10 + i % 5), BASTION, 22 + i % 3).origPort(50_000 + i).at(i).both());
        assertThat(run(events)).isEmpty();
    }

    @Test
    void twoKnocksAreTooFewAndAScanIsNotAKnock() {
        assertThat(run(knock(0, new int[] {7000, 8000}, 20, 0.5, 1.2))).isEmpty();
        var scan = new int[40];
        for (int i = 0; i < scan.length; i++) scan[i] = 1000 + i;
        assertThat(run(knock(0, scan, 20, 0.05, 0.5))).isEmpty();
    }

    @Test
    void theOpeningMustFollowTheKnockClosely() {
        assertThat(run(knock(0, new int[] {7000, 8000, 9000}, 20, 0.5, 14))).hasSize(1);
        assertThat(run(knock(0, new int[] {7000, 8000, 9000}, 20, 0.5, 16))).isEmpty();
    }

    @Test
    void waitsForUnansweredKnocksThatAreReportedLate() {
        // A flow source reports the dropped knocks only after their attempt timed out, after the SSH creation.
        var events = new ArrayList<>(knock(0, new int[] {7000, 8000, 9000}, 20, 0.5, 1.2));
        var late = events.stream().filter(e -> e.tsNanos() >= io.sluice.detect.TestEvents.t(20)
                && e.tsNanos() < io.sluice.detect.TestEvents.t(21.5)).toList();
        events.removeAll(late);
        var ordered = new ArrayList<>(DetectorHarness.inObservedOrder(events));
        int afterSsh = ordered.size() - 1; // before the SSH flow record, after its creation
        ordered.addAll(afterSsh, late);
        assertThat(DetectorHarness.run(DETECTOR, ordered)).hasSize(1);
    }
}
