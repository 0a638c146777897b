package io.sluice.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.sluice.capture.Drain.Via;
import io.sluice.packet.LinkType;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Whatever the bytes, a reader ends cleanly or with a CaptureException, within a bounded number
 * of packets and a bounded time; no other exception escapes.
 */
class CaptureFuzzTest {
    private static Path dir;

    @BeforeContainer
    static void makeDir() throws IOException {
        dir = Files.createTempDirectory("capture-fuzz");
    }

    @AfterContainer
    static void removeDir() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    @Provide
    Arbitrary<byte[]> headers() {
        var pcapLe = new PcapBytes(ByteOrder.LITTLE_ENDIAN, PcapReader.MAGIC_MICROS, 0, 1).bytes();
        var pcapBe = new PcapBytes(ByteOrder.BIG_ENDIAN, PcapReader.MAGIC_NANOS, 128, 1).bytes();
        var ng = new PcapngBytes().section(ByteOrder.LITTLE_ENDIAN).idb(LinkType.ETHERNET, 0).bytes();
        return Arbitraries.of(new byte[0], pcapLe, pcapBe, ng, java.util.Arrays.copyOf(ng, 28));
    }

    @Property(tries = 400)
    void randomBytesAfterAValidHeader(@ForAll("headers") byte[] header, @ForAll @Size(max = 600) byte[] body,
            @ForAll Via via) {
        byte[] input = new byte[header.length + body.length];
        System.arraycopy(header, 0, input, 0, header.length);
        System.arraycopy(body, 0, input, header.length, body.length);
        readsSafely(via, input);
    }

    @Property(tries = 600)
    void mutatedValidCaptures(@ForAll @IntRange(min = 0, max = 3) int kind, @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 8) int mutations, @ForAll Via via) {
        var rnd = new Random(seed);
        byte[] input = valid(kind, rnd);
        for (int m = 0; m < mutations && input.length > 0; m++) {
            int at = rnd.nextInt(input.length);
            switch (rnd.nextInt(5)) {
                case 0 -> input[at] ^= (byte) (1 << rnd.nextInt(8));
                case 1 -> input[at] = (byte) 0xFF;
                case 2 -> input[at] = 0;
                case 3 -> input = java.util.Arrays.copyOf(input, at);
                default -> {
                    // a length field set to something large or odd
                    int v = rnd.nextInt();
                    for (int k = 0; k < 4 && at + k < input.length; k++) {
                        input[at + k] = (byte) (v >>> (8 * k));
                    }
                }
            }
        }
        readsSafely(via, input);
    }

    private static byte[] valid(int kind, Random rnd) {
        int packets = 1 + rnd.nextInt(6);
        switch (kind) {
            case 0, 1 -> {
                var b = new PcapBytes(kind == 0 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN,
                        PcapReader.MAGIC_MICROS, 200, LinkType.ETHERNET);
                for (int i = 0; i < packets; i++) {
                    b.packet(i, i, new byte[rnd.nextInt(90)], 100);
                }
                return b.bytes();
            }
            default -> {
                var b = new PcapngBytes().section(kind == 2 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
                b.idb(LinkType.ETHERNET, 0, b.tsresol(0x80 | rnd.nextInt(128)), b.tsoffset(rnd.nextLong()));
                b.idb(LinkType.RAW, 64);
                for (int i = 0; i < packets; i++) {
                    byte[] data = new byte[rnd.nextInt(60)];
                    switch (rnd.nextInt(4)) {
                        case 0 -> b.epb(rnd.nextInt(2), rnd.nextLong(), data, 60);
                        case 1 -> b.spb(data, data.length);
                        case 2 -> b.opb(rnd.nextInt(2), rnd.nextLong(), data, 60);
                        default -> b.block(5, data);
                    }
                }
                return b.bytes();
            }
        }
    }

    private static void readsSafely(Via via, byte[] input) {
        // Via.MAPPED writes a temporary file per call; keep them in one folder that is cleared.
        var r = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> Drain.read(via, input, dir));
        if (r.error() != null) {
            assertThat(r.error().offset()).isBetween(-1L, (long) input.length);
            assertThat(r.error().input()).isEqualTo("test.cap");
        }
        for (var p : r.packets()) {
            assertThat(p.recordPos()).isBetween(0L, (long) input.length);
            assertThat(p.data().length).isLessThanOrEqualTo(input.length);
        }
    }
}
