package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.conn;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.detect.TestEvents;
import io.sluice.event.ConnId;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InternalMailBurstDetectorTest {

    private static final InternalMailBurstDetector DETECTOR =
            new InternalMailBurstDetector(InternalMailBurstDetector.Config.DEFAULTS);

    @TempDir
    Path dir;

    private static final String GREETING = "220 mail.corp.example ESMTP ready\r\n";

    private static String message(int n) {
        return "EHLO ws23\r\nMAIL FROM:<hr@corp.example>\r\nRCPT TO:<user" + n + "@corp.example>\r\nDATA\r\n"
                + "Subject: Updated holiday policy\r\n\r\nPlease review the attached policy before Friday.\r\n.\r\nQUIT\r\n";
    }

    /** A workstation sending one message per colleague to the internal submission port, as a script does. */
    @Test
    void aWorkstationMailingColleaguesOneByOneThroughThePipelineIsInternalSpearphishing() {
        var capture = new CraftedCapture();
        for (int i = 0; i < 25; i++) capture.tcp("10.0.0.23", 50_000 + i, "10.0.0.5", 587, GREETING, message(i));
        var events = capture.events(dir);
        assertThat(events).filteredOn(FlowRecord.class::isInstance).hasSize(25);
        var alerts = DetectorHarness.run(DETECTOR, events);
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.techniques()).containsExactly(Technique.of("T1534"));
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_TRAFFIC_FLOW);
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.srcHost()).isEqualTo("10.0.0.23");
            assertThat(a.dstHosts()).containsExactly("10.0.0.5");
            assertThat(a.explanation()).contains("10.0.0.23, a host that receives no mail, opened 25 mail sessions",
                    "1 internal mail server (10.0.0.5)");
            assertThat(a.evidenceCount()).isEqualTo(25);
        });
    }

    @Test
    void nineteenSessionsInTheWindowAreQuietAndTwentyFire() {
        assertThat(DetectorHarness.run(DETECTOR, sessions("10.0.0.23", "10.0.0.5", 19, 20))).isEmpty();
        assertThat(DetectorHarness.run(DETECTOR, sessions("10.0.0.23", "10.0.0.5", 20, 20))).hasSize(1);
        // the same twenty spread over more than the window are a busy mailbox, not a burst
        assertThat(DetectorHarness.run(DETECTOR, sessions("10.0.0.23", "10.0.0.5", 20, 40))).isEmpty();
    }

    @Test
    void aHundredSessionsAreHigh() {
        assertThat(DetectorHarness.run(DETECTOR, sessions("10.0.0.23", "10.0.0.5", 100, 5)))
                .singleElement().satisfies(a -> assertThat(a.severity()).isEqualTo(Severity.HIGH));
    }

    /**
     * Ordinary mail: a relay and an MX handing mail to the mailbox server (both receive mail
     * themselves), people's clients submitting now and then, mail to the outside, refused attempts.
     */
    @Test
    void relaysOrdinaryClientsOutsideMailAndRefusedAttemptsAreQuiet() {
        var flows = new ArrayList<Event>();
        for (int i = 0; i < 200; i++) {
            flows.add(conn("10.0.0." + (60 + i % 20), "10.0.0.2", 25).at(i).flow()); // 20 clients, 10 each
            flows.add(conn("10.0.0.2", "10.0.0.5", 25).at(i + 0.5).flow()); // the relay forwarding inside
        }
        for (int i = 0; i < 10; i++) flows.add(conn("10.0.0." + (40 + i), "10.0.0.5", 587).at(i * 30).flow());
        for (int i = 0; i < 100; i++) { // an MX taking the internet's mail and handing it inside
            flows.add(conn("198.51.100." + (1 + i % 50), "10.0.0.3", 25).local(false, true).at(i).flow());
            flows.add(conn("10.0.0.3", "10.0.0.5", 25).at(i + 0.5).flow());
        }
        for (int i = 0; i < 50; i++) flows.add(conn("10.0.0.23", "93.184.216.34", 25).at(i).flow());
        for (int i = 0; i < 50; i++) flows.add(conn("10.0.0.24", "10.0.0.5", 25).at(i).state("REJ").flow());
        assertThat(DetectorHarness.run(DETECTOR, flows)).isEmpty();
    }

    /** NetFlow rows count packets and IP bytes only: the sessions are judged by their packets. */
    @Test
    void flowExportRowsWithoutPayloadCountsAreEnough() {
        var flows = new ArrayList<Event>();
        for (int i = 0; i < 25; i++) flows.add(exported(i, 9, 8)); // sessions
        for (int i = 25; i < 60; i++) flows.add(exported(i, 1, 1)); // refused attempts of another client
        assertThat(DetectorHarness.run(DETECTOR, flows)).singleElement().satisfies(a -> {
            assertThat(a.srcHost()).isEqualTo("10.0.0.23");
            assertThat(a.explanation()).contains("opened 25 mail sessions");
        });
    }

    private static FlowRecord exported(int i, long origPkts, long respPkts) {
        String client = origPkts > 1 ? "10.0.0.23" : "10.0.0.24";
        return new FlowRecord(TestEvents.t(i * 4), "Cnf" + i, new ConnId(client, 50_000 + i, "10.0.0.5", 25), "tcp",
                null, 2_000_000_000L, null, null, null, true, true, 0, null, origPkts, 40 * origPkts + 600, respPkts,
                40 * respPkts + 300, List.of(), 6, -1, -1, "1:test" + i, null, null, "netflow", null, "192.0.2.1",
                null, null);
    }

    @Test
    void listedSendersAreIgnored() {
        var config = new InternalMailBurstDetector.Config(20, 600_000_000_000L, List.of("10.0.0.23"));
        assertThat(DetectorHarness.run(new InternalMailBurstDetector(config), sessions("10.0.0.23", "10.0.0.5", 50, 5)))
                .isEmpty();
    }

    private static List<Event> sessions(String client, String server, int n, double gapSeconds) {
        var flows = new ArrayList<Event>();
        for (int i = 0; i < n; i++) flows.add(conn(client, server, 587).origPort(50_000 + i).at(i * gapSeconds).flow());
        return flows;
    }
}
