package io.sluice.protocol.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class LineReaderTest {

    /** The lines of {@code bytes} fed in pieces of {@code piece} bytes, as take() gives them, with whether each overflowed. */
    private static List<String> lines(LineReader r, ByteBuffer buf, int piece) {
        var out = new ArrayList<String>();
        int p = 0, end = buf.limit();
        while (p < end) {
            int stop = Math.min(end, p + piece);
            int next = r.feed(buf, p, stop);
            if (next < 0) {
                p = stop;
                continue;
            }
            p = next;
            boolean over = r.overflowed();
            String asBytes = new String(r.array(), 0, r.length(), StandardCharsets.ISO_8859_1);
            String line = r.take();
            assertThat(asBytes).isEqualTo(line);
            out.add((over ? "!" : "") + line);
        }
        return out;
    }

    /** The same, the simple way: split at LF, keep max bytes, drop one CR before the LF if it was kept. */
    private static List<String> expected(byte[] b, int max) {
        var out = new ArrayList<String>();
        int start = 0;
        for (int i = 0; i < b.length; i++) {
            if (b[i] != '\n') continue;
            int n = Math.min(i - start, max);
            if (n > 0 && b[start + n - 1] == '\r') n--;
            out.add((i - start > max ? "!" : "") + new String(b, start, n, StandardCharsets.ISO_8859_1));
            start = i + 1;
        }
        return out;
    }

    @Test
    void linesAcrossPiecesWithCrLfSplitAndOverflow() {
        byte[] b = "USER a\r\nPASS b\nNOOP\r\n\r\nxxxxxxxxxxxx\r\ntail".getBytes(StandardCharsets.ISO_8859_1);
        for (int piece = 1; piece <= b.length; piece++) {
            assertThat(lines(new LineReader(8), ByteBuffer.wrap(b), piece)).as("piece %d", piece)
                    .containsExactly("USER a", "PASS b", "NOOP", "", "!xxxxxxxx");
        }
        var r = new LineReader(8);
        r.feed(ByteBuffer.wrap(b), b.length - 4, b.length);
        assertThat(r.pending()).isEqualTo(4);
        r.discard();
        assertThat(r.pending()).isZero();
    }

    @Test
    void isComparesWithoutTheCr() {
        var r = new LineReader(100);
        r.feed(ByteBuffer.wrap(".\r\n".getBytes(StandardCharsets.US_ASCII)), 0, 3);
        assertThat(r.is(".")).isTrue();
        assertThat(r.is("..")).isFalse();
        assertThat(r.length()).isEqualTo(1);
    }

    /** Any bytes, any bound (past the first buffer's size too), any pieces, either byte order, heap or direct. */
    @Property(tries = 500)
    void sameLinesAsSplittingAtLf(@ForAll @Size(max = 2000) byte[] noise, @ForAll @IntRange(min = 1, max = 700) int max,
            @ForAll @IntRange(min = 1, max = 64) int piece, @ForAll boolean littleEndian, @ForAll boolean direct,
            @ForAll @IntRange(max = 7) int offset) {
        byte[] b = noise.clone();
        for (int i = 0; i < b.length; i++) if ((b[i] & 7) == 0) b[i] = (byte) (i % 3 == 0 ? '\n' : i % 3 == 1 ? '\r' : b[i]);
        ByteBuffer buf = direct ? ByteBuffer.allocateDirect(b.length + offset) : ByteBuffer.allocate(b.length + offset);
        buf.position(offset);
        buf.put(b);
        buf = buf.position(offset).slice().asReadOnlyBuffer().order(littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        assertThat(lines(new LineReader(max), buf, piece)).isEqualTo(expected(b, max));
    }

    @Property(tries = 300)
    void findsTheFirstLf(@ForAll @Size(max = 40) byte[] b, @ForAll @IntRange(max = 40) int from, @ForAll boolean littleEndian) {
        var buf = ByteBuffer.wrap(b).order(littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        int p = Math.min(from, b.length), want = p;
        while (want < b.length && b[want] != '\n') want++;
        assertThat(LineReader.indexOfLf(buf, p, b.length)).as(Arrays.toString(b)).isEqualTo(want);
    }
}
