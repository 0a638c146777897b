package io.sluice.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.capture.Drain.Via;
import io.sluice.packet.LinkType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PcapReaderTest {
    @TempDir
    Path dir;

    private static byte[] frame(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (seed * 31 + i);
        }
        return b;
    }

    private static final long T0 = 1_700_000_000_123_456_789L;

    private static byte[] written(PcapWriter.Resolution res, int snaplen) throws IOException {
        var out = new ByteArrayOutputStream();
        try (var w = new PcapWriter(out, LinkType.ETHERNET, snaplen, res)) {
            w.write(T0, frame(60, 1), 0, 60, 60);
            w.write(T0 + 1_000, ByteBuffer.wrap(frame(100, 2)), 10, 80, 1500);
            ByteBuffer direct = ByteBuffer.allocateDirect(300).put(frame(300, 3));
            w.write(T0 + 2_000_000_001L, direct, 0, 300, 300);
            w.write(0, new byte[0], 0, 0, 0);
            assertThat(w.packets()).isEqualTo(4);
        }
        return out.toByteArray();
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void microsecondRoundTrip(Via via) throws IOException {
        var r = Drain.read(via, written(PcapWriter.Resolution.MICROS, 0), dir);
        assertThat(r.error()).isNull();
        assertThat(r.packets()).hasSize(4);
        var p = r.packets();
        assertThat(p.get(0).ts()).isEqualTo(T0 - 789);
        assertThat(p.get(0).data()).isEqualTo(frame(60, 1));
        assertThat(p.get(0).linkType()).isEqualTo(LinkType.ETHERNET);
        assertThat(p.get(0).recordPos()).isEqualTo(24);
        assertThat(p.get(1).ts()).isEqualTo(T0 + 1_000 - 789);
        assertThat(p.get(1).data()).isEqualTo(java.util.Arrays.copyOfRange(frame(100, 2), 10, 90));
        assertThat(p.get(1).origLen()).isEqualTo(1500);
        assertThat(p.get(1).recordPos()).isEqualTo(24 + 16 + 60);
        assertThat(p.get(2).ts()).isEqualTo(T0 + 2_000_000_001L - 790);
        assertThat(p.get(2).data()).isEqualTo(frame(300, 3));
        assertThat(p.get(3).ts()).isZero();
        assertThat(p.get(3).data()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void nanosecondRoundTripKeepsEveryNanosecond(Via via) throws IOException {
        var r = Drain.read(via, written(PcapWriter.Resolution.NANOS, 0), dir);
        assertThat(r.error()).isNull();
        assertThat(r.packets()).extracting(Drain.Pkt::ts)
                .containsExactly(T0, T0 + 1_000, T0 + 2_000_000_001L, 0L);
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void writerCutsPacketsToTheSnapLength(Via via) throws IOException {
        var r = Drain.read(via, written(PcapWriter.Resolution.MICROS, 64), dir);
        assertThat(r.error()).isNull();
        assertThat(r.packets()).extracting(p -> p.data().length).containsExactly(60, 64, 64, 0);
        assertThat(r.packets().get(2).origLen()).isEqualTo(300);
        assertThat(r.packets().get(2).data()).isEqualTo(java.util.Arrays.copyOf(frame(300, 3), 64));
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void readsBothByteOrdersAndBothResolutions(Via via) {
        for (ByteOrder order : List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)) {
            for (int magic : new int[] {PcapReader.MAGIC_MICROS, PcapReader.MAGIC_NANOS}) {
                byte[] f = new PcapBytes(order, magic, 65535, LinkType.RAW)
                        .packet(0xF000_0000, 999_999, frame(20, 1), 40)
                        .packet(1, 7, frame(1, 2), 1)
                        .bytes();
                var r = Drain.read(via, f, dir);
                assertThat(r.error()).as("%s %x", order, magic).isNull();
                long scale = magic == PcapReader.MAGIC_NANOS ? 1 : 1000;
                // Seconds are unsigned: 0xF0000000 is the year 2097, not before 1970.
                assertThat(r.packets()).extracting(Drain.Pkt::ts)
                        .containsExactly(0xF000_0000L * 1_000_000_000L + 999_999 * scale, 1_000_000_000L + 7 * scale);
                assertThat(r.packets()).extracting(Drain.Pkt::linkType).containsOnly(LinkType.RAW);
                assertThat(r.packets().get(0).data()).isEqualTo(frame(20, 1));
                assertThat(r.packets().get(0).origLen()).isEqualTo(40);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void kuznetzovRecordsHaveEightMoreHeaderBytes(Via via) {
        byte[] f = new PcapBytes(ByteOrder.LITTLE_ENDIAN, PcapReader.MAGIC_KUZNETZOV, 0, LinkType.ETHERNET)
                .packet(5, 6, frame(30, 1), 30)
                .packet(7, 8, frame(40, 2), 40)
                .bytes();
        var r = Drain.read(via, f, dir);
        assertThat(r.error()).isNull();
        assertThat(r.packets()).extracting(Drain.Pkt::ts).containsExactly(5_000_006_000L, 7_000_008_000L);
        assertThat(r.packets().get(1).data()).isEqualTo(frame(40, 2));
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void fcsBitsAreMaskedOffTheLinkType(Via via) throws CaptureException {
        // FCS present (bit 26), 2 x 16-bit words = 4 bytes, on Ethernet.
        int network = 0x2000_0000 | 0x0400_0000 | LinkType.ETHERNET;
        byte[] f = new PcapBytes(ByteOrder.BIG_ENDIAN, PcapReader.MAGIC_MICROS, 0, network)
                .packet(1, 1, frame(64, 1), 64).bytes();
        try (var s = Drain.open(via, f, dir)) {
            assertThat(s.next()).isTrue();
            assertThat(s.linkType()).isEqualTo(LinkType.ETHERNET);
            assertThat(s.fcsLength()).isEqualTo(4);
        }
        // Reserved bits set without the FCS flag still leave the link type alone.
        byte[] g = new PcapBytes(ByteOrder.LITTLE_ENDIAN, PcapReader.MAGIC_MICROS, 0, 0x03FF_0000 | LinkType.LINUX_SLL)
                .packet(1, 1, frame(64, 1), 64).bytes();
        try (var s = Drain.open(via, g, dir)) {
            assertThat(s.next()).isTrue();
            assertThat(s.linkType()).isEqualTo(LinkType.LINUX_SLL);
            assertThat(s.fcsLength()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void capturedLengthAboveSnapLengthIsDamageAtThatRecord(Via via) {
        var b = new PcapBytes(ByteOrder.LITTLE_ENDIAN, PcapReader.MAGIC_MICROS, 64, LinkType.ETHERNET)
                .packet(1, 0, frame(64, 1), 64)
                .packet(2, 0, frame(65, 2), 65);
        var r = Drain.read(via, b.bytes(), dir);
        assertThat(r.packets()).hasSize(1);
        assertThat(r.packets().get(0).data()).isEqualTo(frame(64, 1));
        assertThat(r.error()).isNotNull();
        assertThat(r.error().offset()).isEqualTo(b.recordStarts.get(1));
        assertThat(r.error().getMessage()).contains("snap length 64");
        assertThat(r.error().input()).isEqualTo("test.cap");
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void capturedLengthAbove256KiBIsDamageEvenWithoutSnapLength(Via via) {
        var b = new PcapBytes(ByteOrder.BIG_ENDIAN, PcapReader.MAGIC_MICROS, 0, LinkType.ETHERNET)
                .packet(1, 0, frame(10, 1), 10)
                .record(2, 0, PcapReader.MAX_CAPLEN + 1, 100, frame(10, 2));
        var r = Drain.read(via, b.bytes(), dir);
        assertThat(r.packets()).hasSize(1);
        assertThat(r.error().offset()).isEqualTo(b.recordStarts.get(1));
        assertThat(r.error().getMessage()).contains("262144");
        var big = new PcapBytes(ByteOrder.BIG_ENDIAN, PcapReader.MAGIC_MICROS, 0, LinkType.ETHERNET)
                .packet(1, 0, frame(PcapReader.MAX_CAPLEN, 1), PcapReader.MAX_CAPLEN);
        var ok = Drain.read(via, big.bytes(), dir);
        assertThat(ok.error()).isNull();
        assertThat(ok.packets()).hasSize(1);
        assertThat(ok.packets().get(0).data()).isEqualTo(frame(PcapReader.MAX_CAPLEN, 1));
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void nextStaysFalseAfterTheException(Via via) throws CaptureException {
        var b = new PcapBytes(ByteOrder.LITTLE_ENDIAN, PcapReader.MAGIC_MICROS, 64, LinkType.ETHERNET)
                .packet(1, 0, frame(10, 1), 10)
                .record(2, 0, 1000, 1000, frame(10, 2))
                .packet(3, 0, frame(10, 3), 10);
        try (var s = Drain.open(via, b.bytes(), dir)) {
            assertThat(s.next()).isTrue();
            try {
                s.next();
                throw new AssertionError("expected a CaptureException");
            } catch (CaptureException expected) {
                assertThat(expected.describe()).startsWith("test.cap: at byte 50: ");
            }
            assertThat(s.next()).isFalse();
            assertThat(s.next()).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void unsupportedVersionIsRefusedAtOpen(Via via) {
        byte[] f = new PcapBytes(ByteOrder.LITTLE_ENDIAN, PcapReader.MAGIC_MICROS, 0, 1).bytes();
        f[4] = 3;
        var r = Drain.read(via, f, dir);
        assertThat(r.error().offset()).isZero();
        assertThat(r.error().getMessage()).contains("version 3.4");
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void progressCountsBytes(Via via) throws IOException, CaptureException {
        byte[] f = written(PcapWriter.Resolution.MICROS, 0);
        try (var s = Drain.open(via, f, dir)) {
            while (s.next()) {
                assertThat(s.bytesRead()).isEqualTo(s.recordPosition() + 16 + s.capturedLength());
            }
            assertThat(s.bytesRead()).isEqualTo(f.length);
            assertThat(s.totalBytes()).isEqualTo(via.name().startsWith("MAPPED") ? f.length : -1);
        }
    }
}
