package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.conn;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MailFollowUpDetectorTest {

    private static final double DAY = 86_400;

    private static List<Alert> run(List<? extends Event> events) {
        return DetectorHarness.run(new MailFollowUpDetector(MailFollowUpDetector.Config.DEFAULTS), events);
    }

    private static FlowRecord web(String dst, double at, long respBytes) {
        return conn("10.0.0.30", dst, 443).at(at).service("ssl").state("SF").duration(3).bytes(900, respBytes)
                .pkts(12, 20).flow();
    }

    private static FlowRecord imap(double at, long respBytes) {
        return conn("10.0.0.30", "10.0.0.5", 993).at(at).service("ssl").state("SF").duration(2).bytes(300, respBytes)
                .pkts(10, 14).uid("Cimap").flow();
    }

    /** A day of ordinary browsing: the host's known destinations. */
    private static List<Event> learnedDay() {
        var events = new ArrayList<Event>();
        for (int i = 0; i < 20; i++) events.add(web("93.184.216." + i, i * 3_600, 40_000));
        return events;
    }

    @Test
    void aPayloadSizedDownloadFromANewDestinationRightAfterMailIsAMediumLead() {
        var events = learnedDay();
        events.add(imap(DAY + 100, 48_000));
        events.add(web("203.0.113.80", DAY + 160, 2_400_000));
        assertThat(run(events)).singleElement().satisfies(a -> {
            assertThat(a.techniques()).containsExactly(Technique.of("T1566"), Technique.of("T1566.002"),
                    Technique.of("T1566.001"), Technique.of("T1598"), Technique.of("T1598.003"));
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.explanation()).isEqualTo("10.0.0.30 contacted 203.0.113.80:443, a destination it had not "
                    + "reached in 24.0 h, 58 s after fetching mail from 10.0.0.5; it downloaded 2.3 MiB "
                    + "(a payload-sized download)");
            assertThat(a.evidence()).hasSize(2);
        });
    }

    @Test
    void aSmallPageFromANewDestinationAfterMailIsALowLinkLead() {
        var events = learnedDay();
        events.add(imap(DAY + 100, 48_000));
        events.add(web("203.0.113.80", DAY + 400, 30_000));
        events.add(web("203.0.113.81", DAY + 401, 30_000)); // one alert per mail fetch
        assertThat(run(events)).singleElement().satisfies(a -> {
            assertThat(a.techniques()).doesNotContain(Technique.of("T1566.001"))
                    .contains(Technique.of("T1598.003"), Technique.of("T1598.002"));
            assertThat(a.severity()).isEqualTo(Severity.LOW);
        });
    }

    @Test
    void knownDestinationsLateContactsEmptyPollsAndLearningHostsAreQuiet() {
        var known = learnedDay();
        known.add(imap(DAY + 100, 48_000));
        known.add(web("93.184.216.4", DAY + 130, 2_400_000));
        assertThat(run(known)).isEmpty();

        var late = learnedDay();
        late.add(imap(DAY + 100, 48_000));
        late.add(web("203.0.113.80", DAY + 100 + 2 + 301, 2_400_000));
        assertThat(run(late)).isEmpty();

        var poll = learnedDay();
        poll.add(imap(DAY + 100, 1_500));
        poll.add(web("203.0.113.80", DAY + 130, 2_400_000));
        assertThat(run(poll)).isEmpty();

        var learning = new ArrayList<Event>(List.of(web("93.184.216.1", 0, 1000), imap(3_600, 48_000),
                web("203.0.113.80", 3_630, 2_400_000)));
        assertThat(run(learning)).isEmpty();
    }

    @Test
    void theWindowEdgeCounts() {
        var events = learnedDay();
        events.add(imap(DAY + 100, 48_000));
        events.add(web("203.0.113.80", DAY + 100 + 2 + 300, 30_000));
        assertThat(run(events)).hasSize(1);
    }
}
