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
}
