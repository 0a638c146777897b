package io.sluice.detect;

import static io.sluice.detect.TestEvents.conn;
import static io.sluice.detect.TestEvents.dns;
import static io.sluice.detect.TestEvents.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.event.ConnectionCreation;
import io.sluice.event.FlowRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetectorHarnessTest {

    @Test
    void connBuildsMatchingCreationAndFlowRecords() {
        var c = conn("128.232.110.120", "66.35.250.204", 80).origPort(34855).at(12.5).duration(3).bytes(10, 20);
        var both = c.both();
        var creation = (ConnectionCreation) both.get(0);
        var flow = (FlowRecord) both.get(1);
        assertThat(creation.uid()).isEqualTo(flow.uid());
        assertThat(creation.tsNanos()).isEqualTo(t(12.5)).isEqualTo(flow.tsNanos());
        assertThat(flow.durationNanos()).isEqualTo(3_000_000_000L);
        assertThat(flow.origBytes()).isEqualTo(10);
        assertThat(creation.outcome()).isEqualTo(ConnectionCreation.Outcome.ESTABLISHED);
        // the Community ID spec's own example for this TCP tuple
        assertThat(flow.communityId()).isEqualTo("1:LQU9qZlK+B5F3KDmev6m5PMibrg=");
        assertThat(DetectionEngine.observedNanos(flow)).isEqualTo(t(15.5));
    }

    @Test
    void failedAttemptsCarryNoPayloadAndTheirOutcome() {
        var rej = conn("10.0.0.5", "10.0.0.9", 22).state("REJ");
        assertThat(rej.creation().outcome()).isEqualTo(ConnectionCreation.Outcome.REJECTED);
        assertThat(rej.flow().origBytes()).isNull();
        assertThat(rej.flow().history()).isEqualTo("Sr");
        assertThat(conn("10.0.0.5", "10.0.0.9", 22).state("S0").creation().outcome())
                .isEqualTo(ConnectionCreation.Outcome.UNANSWERED);
    }

    @Test
    void dnsBuildsAZeekShapedTransaction() {
        var q = dns("10.0.0.5", "AbC.Example.com").qtype("TXT").nxdomain().at(3).build();
        assertThat(q.query()).isEqualTo("abc.example.com");
        assertThat(q.originalQuery()).isEqualTo("AbC.Example.com");
        assertThat(q.qtype()).isEqualTo(16);
        assertThat(q.rcodeName()).isEqualTo("NXDOMAIN");
        assertThat(q.answers()).isNull();
        var a = dns("10.0.0.5", "example.com").answer("93.184.216.34", 300).build();
        assertThat(a.answers()).containsExactly("93.184.216.34");
        assertThat(a.ttls()).containsExactly(300L);
        assertThat(a.id().respP()).isEqualTo(53);
    }

    @Test
    void runFeedsEveryEventAndFinishes() {
        var d = new DetectionEngineTest.CountingDetector("test.count", 10 * TestEvents.SECOND);
        var alerts = DetectorHarness.run(d, List.of(conn("10.0.0.1", "10.0.0.2", 80).flow(),
                dns("10.0.0.1", "example.com").build()));
        assertThat(alerts).singleElement().extracting(Alert::explanation).isEqualTo("10.0.0.1 had 1 flows");
    }
}
