package io.sluice.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.capture.Drain.Via;
import io.sluice.packet.LinkType;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A capture cut at every byte offset either ends cleanly (cut on a record boundary) or fails with a
 * CaptureException at the start of the cut record; the packets before the cut all come out intact.
 */
class TruncationTest {
    @TempDir
    Path dir;

    private static byte[] frame(int n, int seed) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) seed);
        return b;
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void pcapCutAtEveryOffset(Via via) {
        for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
            var b = new PcapBytes(order, PcapReader.MAGIC_NANOS, 0, LinkType.ETHERNET)
                    .packet(1, 1, frame(14, 1), 14)
                    .packet(2, 2, frame(0, 2), 0)
                    .packet(3, 3, frame(33, 3), 60)
                    .packet(4, 4, frame(5, 4), 5);
            byte[] full = b.bytes();
            List<Long> ends = new ArrayList<>(b.recordStarts.subList(1, b.recordStarts.size()));
            ends.add((long) full.length);
            check(via, full, 24, b.recordStarts, ends, b.recordStarts);
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void pcapngCutAtEveryOffset(Via via) {
        var b = PcapngReaderTest.twoSections();
        byte[] full = b.bytes();
        var starts = b.blockStarts;
        List<Long> packetEnds = new ArrayList<>();
        for (long p : b.packetStarts) {
            int k = starts.indexOf(p);
            packetEnds.add(k + 1 < starts.size() ? starts.get(k + 1) : full.length);
        }
        check(via, full, starts.get(1), starts, packetEnds, b.packetStarts);
    }

    /**
     * @param headerEnd bytes the file needs before its first record (a cut before is damage at 0)
     * @param recordStarts start of every record (or block)
     * @param packetEnds end of each packet's record
     * @param packetStarts start of each packet's record
     */
    private void check(Via via, byte[] full, long headerEnd, List<Long> recordStarts, List<Long> packetEnds,
            List<Long> packetStarts) {
        var complete = Drain.read(via, full, dir);
        assertThat(complete.error()).isNull();
        assertThat(complete.packets()).hasSize(packetEnds.size());
        for (int cut = 0; cut < full.length; cut++) {
            var r = Drain.read(via, Arrays.copyOf(full, cut), dir);
            String at = via + " cut at " + cut;
            int expectPackets = 0;
            while (expectPackets < packetEnds.size() && packetEnds.get(expectPackets) <= cut) {
                expectPackets++;
            }
            assertThat(r.packets()).as(at).hasSize(expectPackets);
            for (int k = 0; k < expectPackets; k++) {
                var p = r.packets().get(k);
                var q = complete.packets().get(k);
                assertThat(p.data()).as(at).isEqualTo(q.data());
                assertThat(p.ts()).as(at).isEqualTo(q.ts());
                assertThat(p.recordPos()).as(at).isEqualTo(packetStarts.get(k));
            }
            if (cut == 0) {
                assertThat(r.error()).as(at).isNotNull();
                assertThat(r.error().getMessage()).isEqualTo("empty file");
                assertThat(r.error().offset()).isZero();
            } else if (cut < headerEnd) {
                assertThat(r.error()).as(at).isNotNull();
                assertThat(r.error().offset()).as(at).isZero();
            } else if (recordStarts.contains((long) cut)) {
                assertThat(r.error()).as(at).isNull();
            } else {
                long start = 0;
                for (long s : recordStarts) {
                    if (s <= cut) {
                        start = s;
                    }
                }
                assertThat(r.error()).as(at).isNotNull();
                assertThat(r.error().offset()).as(at).isEqualTo(start);
                assertThat(r.error().getMessage()).as(at).startsWith("truncated");
                assertThat(r.error().input()).isEqualTo("test.cap");
            }
        }
    }
}
