package io.sluice.generate;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.detect.analytics.BeaconScore;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BeaconScenarioTest {

    @Test
    void theDayLongBeaconScoresHighOnRitasFormulaThroughThePipeline(@TempDir Path dir) throws Exception {
        Path pcap = dir.resolve("beacon.pcap");
        var result = new TrafficGenerator(TrafficGenerator.DEFAULT_START_NANOS, 11).write(List.of(new DayLongBeacon()), pcap);
        Label label = result.labels().get(0);
        String victim = label.hosts().get(0), c2 = label.hosts().get(1);
        List<Event> events = CaptureEvents.of(pcap);
        long[] ts = new long[2000];
        long[] bytes = new long[2000];
        int n = 0;
        for (Event e : events) {
            if (e instanceof FlowRecord f && f.id().origH().equals(victim) && f.id().respH().equals(c2)) {
                ts[n] = f.tsNanos() / 1_000_000_000L;
                bytes[n++] = f.origIpBytes();
            }
        }
        assertThat(n).isGreaterThan(1200);
        long start = ts[0];
        var s = BeaconScore.score(ts, n, bytes, n, start, start + 86_400, BeaconScore.Params.rita());
        System.out.println("beacon scenario, " + n + " connections: " + s);
        assertThat(s.score()).isGreaterThanOrEqualTo(0.8);
    }
}
