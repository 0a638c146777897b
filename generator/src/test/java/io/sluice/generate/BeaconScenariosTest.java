package io.sluice.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class BeaconScenariosTest {
    private static final long HOUR = 3_600_000_000_000L;

    private static TrafficGenerator.Result write(Scenario s, long seed, ByteArrayOutputStream out) throws IOException {
        return new TrafficGenerator(TrafficGenerator.DEFAULT_START_NANOS, seed).write(List.of(s), out);
    }

    @Test
    void theBeaconLabelsItsPairItsDayAndItsTechnique() throws IOException {
        var result = write(TrafficGenerator.scenario("beacon"), 1, new ByteArrayOutputStream());
        assertThat(result.labels()).singleElement().satisfies(l -> {
            assertThat(l.scenario()).isEqualTo("beacon");
            assertThat(l.hosts()).containsExactly("10.10.0.77", "203.0.113.7");
            assertThat(l.techniques()).containsExactly("T1071.001");
            assertThat(l.toNanos() - l.fromNanos()).isBetween(23 * HOUR, 24 * HOUR + HOUR / 60);
            // About 1,440 beats less the missed ones and the 20-minute sleep.
            int beats = Integer.parseInt(l.description().replaceAll(".*; (\\d+) connections", "$1"));
            assertThat(beats).isBetween(1_300, 1_420);
        });
    }

    @Test
    void theSlowExfiltrationLabelsItsPairAndSizeLimitTechnique() throws IOException {
        var out = new ByteArrayOutputStream();
        var result = write(TrafficGenerator.scenario("exfil-slow"), 1, out);
        assertThat(result.labels()).singleElement().satisfies(l -> {
            assertThat(l.hosts()).containsExactly("10.10.0.88", "198.51.100.200");
            assertThat(l.techniques()).contains("T1030");
            assertThat(l.toNanos() - l.fromNanos()).isBetween(7 * HOUR, 9 * HOUR);
        });
        // 48 chunks of 512 KiB really are in the capture.
        assertThat(out.size()).isGreaterThan(48 * SlowExfiltration.CHUNK);
    }

    @Test
    void scenariosAreDeterministic() throws IOException {
        var a = new ByteArrayOutputStream();
        var b = new ByteArrayOutputStream();
        write(new DayLongBeacon(60_000_000_000L, 0.1, HOUR, true), 5, a);
        write(new DayLongBeacon(60_000_000_000L, 0.1, HOUR, true), 5, b);
        assertThat(a.toByteArray()).isEqualTo(b.toByteArray());
    }
}
