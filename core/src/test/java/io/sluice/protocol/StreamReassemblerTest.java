package io.sluice.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The reassembler alone: any arrival order gives the sent bytes; memory stays within its bounds. */
class StreamReassemblerTest {

    static final class Sink implements StreamSink {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        long gaps;
        int inconsistent;

        @Override
        public void streamData(boolean fromOrig, ByteBuffer buf, int offset, int length) {
            byte[] b = new byte[length];
            buf.get(offset, b);
            out.writeBytes(b);
        }

        @Override
        public void streamGap(boolean fromOrig, long length) {
            gaps += length;
            for (long i = 0; i < length; i++) out.write('?');
        }

        @Override
        public void streamInconsistent(boolean fromOrig, long seq, int length) {
            inconsistent++;
        }
    }

    static byte[] stream(int n, long seed) {
        var r = new Random(seed);
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) ('a' + r.nextInt(26));
        return b;
    }

    /** Cuts the stream into segments (with some duplicated and overlapping) in a shuffled order. */
    static List<int[]> segments(int n, long seed) {
        var r = new Random(seed);
        var segs = new ArrayList<int[]>();
        int at = 0;
        while (at < n) {
            int len = Math.min(n - at, 1 + r.nextInt(1500));
            segs.add(new int[] {at, len});
            if (r.nextInt(5) == 0) segs.add(new int[] {at, len});
            if (r.nextInt(5) == 0 && at > 10) segs.add(new int[] {at - 10, Math.min(len + 10, n - at + 10)});
            at += len;
        }
        Collections.shuffle(segs, r);
        return segs;
    }

    @Property(tries = 200)
    void anyArrivalOrderGivesTheSentBytes(@ForAll @IntRange(min = 1, max = 20_000) int size, @ForAll long seed) {
        byte[] data = stream(size, seed);
        var pool = new SegmentPool(64L << 20);
        var s = new StreamReassembler(pool);
        s.reset(1L << 20, 1 << 20, 1 << 12);
        var sink = new Sink();
        ByteBuffer buf = ByteBuffer.wrap(data);
        for (int[] seg : segments(size, seed)) s.segment(true, 1 + seg[0], buf, seg[0], seg[1], sink);
        assertThat(sink.out.toByteArray()).isEqualTo(data);
        assertThat(sink.inconsistent).isZero();
        assertThat(s.heldSegments()).isZero();
        assertThat(pool.bytesInUse()).isZero();
    }

    @Property(tries = 100)
    void aFloodOfOutOfOrderSegmentsStaysWithinTheBounds(@ForAll @IntRange(min = 1, max = 5_000) int segments,
            @ForAll long seed) {
        var r = new Random(seed);
        var pool = new SegmentPool(1L << 20);
        var streams = new StreamReassembler[8];
        for (int i = 0; i < streams.length; i++) {
            streams[i] = new StreamReassembler(pool);
            streams[i].reset(1L << 30, 64 * 1024, 64);
        }
        var sink = new Sink();
        ByteBuffer buf = ByteBuffer.wrap(new byte[1500]);
        for (int i = 0; i < segments; i++) {
            // Never the first byte: every segment is out of order and must be held or dropped.
            var s = streams[r.nextInt(streams.length)];
            s.segment(true, 2 + r.nextInt(1 << 24), buf, 0, 1 + r.nextInt(1500), sink);
            assertThat(s.heldBytes()).isLessThanOrEqualTo(64 * 1024);
            assertThat(s.heldSegments()).isLessThanOrEqualTo(64);
            assertThat(pool.bytesInUse()).isLessThanOrEqualTo(1L << 20);
        }
        assertThat(sink.out.size()).isZero();
        for (var s : streams) s.stop();
        assertThat(pool.bytesInUse()).isZero();
    }

    @Test
    void advancingDeliversHeldDataAndGaps() {
        var pool = new SegmentPool(1 << 20);
        var s = new StreamReassembler(pool);
        s.reset(1 << 20, 1 << 16, 16);
        var sink = new Sink();
        ByteBuffer b = ByteBuffer.wrap("abcdefghij".getBytes());
        s.segment(true, 6, b, 5, 3, sink);   // "fgh" held
        s.segment(true, 1, b, 0, 2, sink);   // "ab" delivered
        s.advanceTo(true, 11, sink);          // hole 3..5, "fgh", hole 9..10
        assertThat(sink.out.toString()).isEqualTo("ab???fgh??");
        assertThat(sink.gaps).isEqualTo(5);
        assertThat(s.next()).isEqualTo(11);
    }

    @Test
    void depthStopsDeliveryAndHoldingAndFreesChunks() {
        var pool = new SegmentPool(1 << 20);
        var s = new StreamReassembler(pool);
        s.reset(8, 1 << 16, 16);
        var sink = new Sink();
        ByteBuffer b = ByteBuffer.wrap("abcdefghijklmnop".getBytes());
        s.segment(true, 20, b, 0, 4, sink);  // beyond the depth: not held
        assertThat(s.heldSegments()).isZero();
        s.segment(true, 6, b, 5, 2, sink);   // "fg" held
        s.segment(true, 1, b, 0, 12, sink);
        assertThat(sink.out.toString()).isEqualTo("abcdefgh");
        assertThat(s.done()).isTrue();
        assertThat(pool.bytesInUse()).isZero();
    }

    @Test
    void aDeeperDepthSetOnceTheProtocolIsKnownLetsTheStreamGoOn() {
        var pool = new SegmentPool(1 << 20);
        var s = new StreamReassembler(pool);
        s.reset(4, 1 << 16, 16);
        var sink = new Sink();
        ByteBuffer b = ByteBuffer.wrap("abcdefghijklmnop".getBytes());
        s.segment(true, 1, b, 0, 3, sink);
        s.depth(Long.MAX_VALUE);
        s.segment(true, 4, b, 3, 13, sink);
        assertThat(sink.out.toString()).isEqualTo("abcdefghijklmnop");
        assertThat(s.done()).isFalse();
    }

    @Test
    void aStoppedStreamStaysStoppedWhateverTheDepth() {
        var pool = new SegmentPool(1 << 20);
        var s = new StreamReassembler(pool);
        s.reset(1 << 20, 1 << 16, 16);
        var sink = new Sink();
        s.stop();
        s.depth(Long.MAX_VALUE);
        s.segment(true, 1, ByteBuffer.wrap("abc".getBytes()), 0, 3, sink);
        assertThat(sink.out.toString()).isEmpty();
        assertThat(s.done()).isTrue();
    }

    @Test
    void theFirstDataWinsAndADifferenceIsReported() {
        var pool = new SegmentPool(1 << 20);
        var s = new StreamReassembler(pool);
        s.reset(1 << 20, 1 << 16, 16);
        var sink = new Sink();
        s.segment(true, 3, ByteBuffer.wrap("XY".getBytes()), 0, 2, sink);
        s.segment(true, 3, ByteBuffer.wrap("XZ".getBytes()), 0, 2, sink);
        s.segment(true, 1, ByteBuffer.wrap("abcdef".getBytes()), 0, 6, sink);
        assertThat(sink.out.toString()).isEqualTo("abXYef");
        assertThat(sink.inconsistent).isEqualTo(2);
    }
}
