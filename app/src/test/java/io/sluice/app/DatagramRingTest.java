package io.sluice.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The ring between a socket's receiving and decoding threads: order, contents, and when it is full. */
class DatagramRingTest {

    private static ByteBuffer payload(int len, int seed) {
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) b[i] = (byte) (seed * 31 + i);
        return ByteBuffer.wrap(b);
    }

    private static byte[] taken(DatagramRing ring, int slot) {
        int off = ring.offset(slot);
        return Arrays.copyOfRange(ring.bytes(), off, off + ring.length(slot));
    }

    @Test
    void datagramsComeOutInOrderWithTheirSenderAndTime() {
        var ring = new DatagramRing(4, 65536);
        assertThat(ring.peek()).isEqualTo(-1);
        assertThat(ring.offer(payload(10, 1), 1, 2, 3, 4)).isTrue();
        assertThat(ring.offer(payload(0, 2), 5, 6, 7, 8)).isTrue(); // an empty UDP datagram is a datagram
        int s = ring.peek();
        assertThat(taken(ring, s)).isEqualTo(payload(10, 1).array());
        assertThat(new long[] {ring.senderHi(s), ring.senderLo(s), ring.senderPort(s), ring.receivedNanos(s)})
                .containsExactly(1, 2, 3, 4);
        ring.release(s);
        s = ring.peek();
        assertThat(ring.length(s)).isZero();
        assertThat(ring.senderPort(s)).isEqualTo(7);
        ring.release(s);
        assertThat(ring.peek()).isEqualTo(-1);
    }

    @Test
    void fullBySlotsRefusesUntilOneIsReleased() {
        var ring = new DatagramRing(4, 65536);
        for (int i = 0; i < 4; i++) assertThat(ring.offer(payload(8, i), 0, 0, 0, 0)).isTrue();
        assertThat(ring.offer(payload(8, 9), 0, 0, 0, 0)).isFalse();
        ring.release(ring.peek());
        assertThat(ring.offer(payload(8, 9), 0, 0, 0, 0)).isTrue();
    }

    @Test
    void fullByBytesRefusesAndAPayloadNeverStraddlesTheEnd() {
        var ring = new DatagramRing(64, 65536);
        assertThat(ring.offer(payload(40_000, 1), 0, 0, 0, 0)).isTrue();
        assertThat(ring.offer(payload(30_000, 2), 0, 0, 0, 0)).as("only 25,536 bytes left").isFalse();
        ring.release(ring.peek());
        // 25,536 bytes left before the end: the next payload starts the next lap, at 0
        assertThat(ring.offer(payload(30_000, 2), 0, 0, 0, 0)).isTrue();
        int s = ring.peek();
        assertThat(ring.offset(s)).isZero();
        assertThat(taken(ring, s)).isEqualTo(payload(30_000, 2).array());
    }

    /** Random offers and releases against a plain queue: what goes in comes out, in order, intact. */
    @Test
    void randomTrafficMatchesAQueue() {
        for (long seed = 1; seed <= 10; seed++) {
            var rnd = new SplittableRandom(seed);
            var ring = new DatagramRing(16, 65536 + rnd.nextInt(50_000));
            var model = new ArrayDeque<Integer>();
            int next = 0;
            for (int step = 0; step < 3_000; step++) {
                if (rnd.nextInt(3) > 0) {
                    int len = rnd.nextInt(3) == 0 ? rnd.nextInt(65536) : rnd.nextInt(1500);
                    int id = next++;
                    boolean wasEmpty = model.isEmpty();
                    boolean taken = ring.offer(payload(len, id), id, len, 0, 0);
                    if (wasEmpty) assertThat(taken).as("an empty ring takes any datagram").isTrue();
                    if (taken) model.add(id);
                } else if (!model.isEmpty()) {
                    int s = ring.peek();
                    int id = model.poll();
                    assertThat(ring.senderHi(s)).isEqualTo(id);
                    assertThat(taken(ring, s)).isEqualTo(payload((int) ring.senderLo(s), id).array());
                    ring.release(s);
                } else {
                    assertThat(ring.peek()).isEqualTo(-1);
                }
                assertThat(ring.size()).isEqualTo(model.size());
            }
        }
    }

    @Test
    void twoThreadsHandOverEveryDatagramIntact() throws Exception {
        var ring = new DatagramRing(64, 65536);
        int n = 20_000;
        long[] bad = new long[1];
        long[] got = new long[1];
        Thread consumer = new Thread(() -> {
            long expect = 0;
            while (expect < n) {
                int s = ring.peek();
                if (s < 0) {
                    Thread.yield(); // the test may share one core with the producer
                    continue;
                }
                int off = ring.offset(s), len = ring.length(s);
                if (ring.senderHi(s) != expect || len != (int) (expect % 1400) + 1) bad[0]++;
                for (int i = 0; i < len; i++) if (ring.bytes()[off + i] != (byte) (expect + i)) bad[0]++;
                ring.release(s);
                expect++;
            }
            got[0] = expect;
        });
        consumer.start();
        var buf = ByteBuffer.allocateDirect(1400);
        for (long id = 0; id < n; ) {
            buf.clear();
            int len = (int) (id % 1400) + 1;
            for (int i = 0; i < len; i++) buf.put((byte) (id + i));
            buf.flip();
            if (ring.offer(buf, id, 0, 0, 0)) id++;
            else Thread.yield();
        }
        consumer.join(60_000);
        assertThat(got[0]).isEqualTo(n);
        assertThat(bad[0]).isZero();
    }
}
