package io.sluice.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrafficGeneratorTest {

    @Test
    void sameSeedWritesTheSameBytesAndAnotherSeedDoesNot() throws IOException {
        assertThat(ScenarioRun.bytes(7, new OfficeTraffic())).isEqualTo(ScenarioRun.bytes(7, new OfficeTraffic()));
        assertThat(ScenarioRun.bytes(7, new OfficeTraffic())).isNotEqualTo(ScenarioRun.bytes(8, new OfficeTraffic()));
    }

    @Test
    void writesATimeOrderedMicrosecondPcap() throws IOException {
        byte[] pcap = ScenarioRun.bytes(1, new OfficeTraffic());
        var b = ByteBuffer.wrap(pcap).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getInt(0)).isEqualTo(0xa1b2c3d4);
        assertThat(b.getInt(20)).isEqualTo(1); // Ethernet
        long previous = Long.MIN_VALUE;
        int packets = 0;
        for (int pos = 24; pos < pcap.length; packets++) {
            long ts = b.getInt(pos) * 1_000_000L + b.getInt(pos + 4);
            assertThat(ts).isGreaterThanOrEqualTo(previous);
            previous = ts;
            int caplen = b.getInt(pos + 8);
            assertThat(caplen).isBetween(42, 1514);
            pos += 16 + caplen;
        }
        assertThat(packets).isGreaterThan(100);
        assertThat(previous / 1_000_000L).isGreaterThanOrEqualTo(TrafficGenerator.DEFAULT_START_NANOS / 1_000_000_000L);
    }

    @Test
    void labelsWhatItWrote() throws IOException {
        var result = new TrafficGenerator(TrafficGenerator.DEFAULT_START_NANOS, 1)
                .write(List.of(TrafficGenerator.scenario("office")), new ByteArrayOutputStream());
        assertThat(result.labels()).singleElement().satisfies(l -> {
            assertThat(l.scenario()).isEqualTo("office");
            assertThat(l.techniques()).isEmpty();
            assertThat(l.hosts()).contains("10.10.0.23");
        });
        assertThatThrownBy(() -> TrafficGenerator.scenario("nope")).hasMessageContaining("office");
    }
}
