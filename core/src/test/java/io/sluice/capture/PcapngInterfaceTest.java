package io.sluice.capture;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PcapngInterfaceTest {
    private static long nanos(int tsresol, long offset, long raw) {
        return new PcapngInterface(1, 0, 0, tsresol, offset).nanos(raw);
    }

    @Test
    void decimalResolutions() {
        assertThat(nanos(6, 0, 1_234_567L)).isEqualTo(1_234_567_000L);
        assertThat(nanos(9, 0, 1_234_567L)).isEqualTo(1_234_567L);
        assertThat(nanos(0, 0, 3)).isEqualTo(3_000_000_000L);
        assertThat(nanos(3, 0, 5)).isEqualTo(5_000_000L);
        assertThat(nanos(12, 0, 1_234_567L)).isEqualTo(1_234L);
        assertThat(nanos(100, 0, Long.MAX_VALUE)).isZero();
    }

    @Test
    void binaryResolutionsKeepTheFraction() {
        // 2^-20 s units: 1.75 s
        assertThat(nanos(0x80 | 20, 0, (1L << 20) + (3L << 18))).isEqualTo(1_750_000_000L);
        // 2^-30 s: one unit is 0.93 ns, floored
        assertThat(nanos(0x80 | 30, 0, 1)).isZero();
        assertThat(nanos(0x80 | 30, 0, 3)).isEqualTo(2);
        assertThat(nanos(0x80, 0, 7)).isEqualTo(7_000_000_000L);
        // 2^-63: raw 2^62 is half a second; the 128-bit product keeps it exact
        assertThat(nanos(0x80 | 63, 0, 1L << 62)).isEqualTo(500_000_000L);
        // 2^-64 and beyond go through the high half of the product alone
        assertThat(nanos(0x80 | 64, 0, 1L << 62)).isEqualTo(250_000_000L);
        assertThat(nanos(0x80 | 127, 0, Long.MAX_VALUE)).isZero();
    }

    @Test
    void offsetIsAddedInSeconds() {
        assertThat(nanos(6, 1_000, 1)).isEqualTo(1_000_000_001_000L);
        assertThat(nanos(6, -1, 2_000_000)).isEqualTo(1_000_000_000L);
    }
}
