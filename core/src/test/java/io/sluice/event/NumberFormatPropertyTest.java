package io.sluice.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import java.util.List;

/** Numbers and six-decimal times in log rows read as Java and BigDecimal print them. */
class NumberFormatPropertyTest {

    private static String written(java.util.function.Consumer<LineBuffer> write) throws IOException {
        var bytes = new ByteArrayOutputStream();
        var b = new LineBuffer(bytes);
        write.accept(b);
        b.flush();
        return bytes.toString(StandardCharsets.US_ASCII);
    }

    @Property(tries = 3000)
    void anyLongIsWrittenAsLongToStringWritesIt(@ForAll long v) throws IOException {
        assertThat(written(b -> b.number(v))).isEqualTo(Long.toString(v));
    }

    @Example
    void edgesOfTheDigitCounts() throws IOException {
        long[] edges = {0, 9, 10, 99, 100, 101, 999, 1000, 1_000_000_000_000_000_000L, Long.MAX_VALUE, Long.MIN_VALUE, -1};
        for (long v : edges) assertThat(written(b -> b.number(v))).isEqualTo(Long.toString(v));
    }

    @Property(tries = 3000)
    void aTimeIsSecondsWithSixDecimalsRoundedHalfUp(
            @ForAll @LongRange(min = -9_000_000_000_000_000_000L, max = 9_000_000_000_000_000_000L) long nanos)
            throws IOException {
        // half up = ties toward +infinity: floor((nanos + 500) / 1000) microseconds
        BigDecimal micros = new BigDecimal(nanos).add(BigDecimal.valueOf(500)).divide(BigDecimal.valueOf(1000), 0,
                RoundingMode.FLOOR);
        String expected = micros.movePointLeft(6).setScale(6).toPlainString();
        assertThat(written(b -> b.decimal6(nanos))).isEqualTo(expected);
    }

    @Example
    void everyPowerOfTenAndItsNeighbours() throws IOException {
        for (long p = 1; p <= 1_000_000_000_000_000_000L; p *= 10) {
            for (long v : new long[] {p - 1, p, p + 1, -p, -p + 1}) {
                assertThat(written(b -> b.number(v))).isEqualTo(Long.toString(v));
            }
        }
    }

    /** time() keeps the last seconds as text: a run of times close together reads as decimal6 writes each. */
    @Property(tries = 1000)
    void timesInARowReadAsDecimal6WritesThem(
            @ForAll @LongRange(min = -4_000_000_000_000_000_000L, max = 4_000_000_000_000_000_000L) long start,
            @ForAll @Size(max = 30) List<@LongRange(min = -3_000_000_000L, max = 3_000_000_000L) Long> steps)
            throws IOException {
        long[] times = new long[steps.size() + 1];
        times[0] = start;
        for (int i = 0; i < steps.size(); i++) times[i + 1] = times[i] + steps.get(i);
        String viaTime = written(b -> {
            for (long t : times) b.time(t).append(' ');
        });
        String viaDecimal6 = written(b -> {
            for (long t : times) b.decimal6(t).append(' ');
        });
        assertThat(viaTime).isEqualTo(viaDecimal6);
    }
}
