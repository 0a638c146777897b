package io.sluice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.capture.CaptureException;
import io.sluice.capture.PacketSource;
import io.sluice.packet.Packet;
import io.sluice.packet.PacketDecoder;
import io.sluice.packet.craft.FrameBuilder;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decoding on a thread of its own must hand the metering thread the packets, in order, exactly as
 * decoding in place would have made them: across batch and byte-chunk boundaries, for frames larger
 * than a chunk, for datagrams reassembled from fragments (whose bytes leave the decoder's reused
 * buffer), with the checksum verdicts worked out ahead, and up to the damage of a broken input.
 */
class DecodeAheadTest {

    /** Frames that touch every path: plain TCP/UDP, fragments, a tunnel, bad checksums, a large frame. */
    static FramesSource mixedFrames() {
        var s = new FramesSource("mixed").linkType(io.sluice.packet.LinkType.RAW);
        double t = 1.0;
        s.add(t += 0.01, FrameBuilder.raw().ipv4("10.0.0.1", "10.0.0.2").tcp(40000, 80).flags(FrameBuilder.SYN).seq(1).build());
        s.add(t += 0.01, FrameBuilder.raw().ipv4("10.0.0.2", "10.0.0.1").tcp(80, 40000)
                .flags(FrameBuilder.SYN | FrameBuilder.ACK).seq(900).ack(2).build());
        s.add(t += 0.01, FrameBuilder.raw().ipv4("10.0.0.1", "10.0.0.2").tcp(40000, 80).flags(FrameBuilder.ACK)
                .seq(2).ack(901).payload("GET / HTTP/1.1\r\nHost: a\r\n\r\n").build());
        for (byte[] f : FrameBuilder.raw().ipv4("10.0.0.3", "10.0.0.4").id(77).udp(5000, 5001)
                .payload(new byte[3000]).buildFragments(1200, 77)) {
            s.add(t += 0.01, f);
        }
        for (byte[] f : FrameBuilder.raw().ipv6("2001:db8::1", "2001:db8::2").udp(6000, 6001)
                .payload(new byte[2500]).buildFragments(1000, 9)) {
            s.add(t += 0.01, f);
        }
        s.add(t += 0.01, FrameBuilder.raw().ipv4("192.168.56.11", "192.168.56.12").vxlan(123)
                .innerEthernet("02:00:00:00:00:01", "02:00:00:00:00:02")
                .ipv4("10.9.0.1", "10.9.0.2").icmpEcho(1, 1).payload(new byte[56]).build());
        byte[] badIp = FrameBuilder.raw().ipv4("10.0.0.5", "10.0.0.6").udp(53, 53).payload("x").build();
        badIp[10] ^= 0x55;
        s.add(t += 0.01, badIp);
        byte[] badTcp = FrameBuilder.raw().ipv4("10.0.0.1", "10.0.0.2").tcp(40000, 80).flags(FrameBuilder.ACK)
                .seq(30).ack(901).payload("zz").build();
        badTcp[badTcp.length - 1] ^= 0x01;
        s.add(t += 0.01, badTcp);
        s.add(t += 0.01, FrameBuilder.raw().ipv4("10.0.0.7", "10.0.0.8").udp(9000, 9001).payload(new byte[1400]).build());
        s.add(t += 0.01, FrameBuilder.raw().ipv4("10.0.0.1", "10.0.0.2").tcp(40000, 80)
                .flags(FrameBuilder.FIN | FrameBuilder.ACK).seq(30).ack(901).build());
        return s;
    }

    /** Every public instance field of a decoded packet but the buffer, and the bytes of its layers. */
    static Map<String, Object> decoded(Packet p) throws IllegalAccessException {
        var out = new LinkedHashMap<String, Object>();
        for (Field f : Packet.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) || f.getName().equals("buf")) continue;
            if (f.getName().endsWith("Offset")) continue; // positions differ once frames are copied
            out.put(f.getName(), f.get(p));
        }
        if (p.l3Offset >= 0 && p.buf != null) {
            int end = p.captureEnd();
            byte[] layers = new byte[Math.max(0, end - p.l3Offset)];
            p.buf.get(p.l3Offset, layers);
            out.put("layers", Arrays.toString(layers));
            if (p.payloadOffset >= 0) out.put("payloadAt", p.payloadOffset - p.l3Offset);
            if (p.l4Offset >= 0) out.put("l4At", p.l4Offset - p.l3Offset);
            if (p.innerOffset >= 0) out.put("innerAt", p.innerOffset - p.l3Offset);
        }
        return out;
    }

    /** What decoding in place gives, packet by packet, with the verdicts the meter would work out. */
    static List<Map<String, Object>> inPlace(PacketSource source) throws Exception {
        var decoder = new PacketDecoder();
        var out = new ArrayList<Map<String, Object>>();
        var p = new Packet();
        while (source.next()) {
            p.frame(source.timestampNanos(), source.buffer(), source.linkType(), source.offset(), source.capturedLength(),
                    source.originalLength());
            decoder.decode(p);
            if (p.ipVersion == 4) p.ipChecksum = io.sluice.packet.Checksums.ipv4HeaderValid(p) ? Packet.VALID : Packet.BAD;
            if (p.ipChecksum != Packet.BAD && p.l4Offset >= 0) {
                p.transportChecksum = TransportChecksums.compute(p) ? Packet.VALID : Packet.BAD;
            }
            out.add(decoded(p));
        }
        return out;
    }

    static List<Map<String, Object>> ahead(DecodeAhead ahead) throws Exception {
        var out = new ArrayList<Map<String, Object>>();
        try (ahead) {
            ahead.start();
            Packet p;
            while ((p = ahead.next()) != null) out.add(decoded(p));
        }
        return out;
    }

    @Test
    void packetsComeOutAsDecodingInPlaceMakesThemAcrossEveryBoundary() throws Exception {
        var expected = inPlace(mixedFrames());
        assertThat(expected).hasSize(14);
        assertThat(expected).anySatisfy(m -> assertThat(m.get("reassembled")).isEqualTo(true));
        assertThat(expected).anySatisfy(m -> assertThat(m.get("ipChecksum")).isEqualTo(Packet.BAD));
        assertThat(expected).anySatisfy(m -> assertThat(m.get("transportChecksum")).isEqualTo(Packet.BAD));
        // batches of 1 to 7 packets, chunks smaller than some frames, one or two batches in flight
        for (int batch = 1; batch <= 7; batch++) {
            for (int bytes : new int[] {64, 700, 1500, 1 << 16}) {
                for (int batches = 1; batches <= 2; batches++) {
                    var got = ahead(new DecodeAhead(mixedFrames(), new PacketDecoder(), true, batch, bytes, batches));
                    assertThat(got).as("batch %d, bytes %d, batches %d", batch, bytes, batches).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void damageEndsTheStreamAfterEveryPacketBeforeIt() throws Exception {
        var ahead = new DecodeAhead(mixedFrames().failAfter(5), new PacketDecoder(), true, 2, 1500, 2);
        int n = 0;
        try (ahead) {
            ahead.start();
            while (ahead.next() != null) n++;
        }
        assertThat(n).isEqualTo(5);
        assertThat(ahead.damage()).isNotNull();
        assertThat(ahead.damage().getMessage()).contains("record length exceeds the file");
        assertThat(ahead.bytesRead()).isPositive();
    }

    @Test
    void aBugWhileReadingIsRethrownOnTheMeteringThread() {
        PacketSource source = new DelegatingSource(mixedFrames()) {
            int calls;

            @Override
            public boolean next() throws CaptureException {
                if (++calls == 4) throw new IllegalStateException("reader bug");
                return super.next();
            }
        };
        var ahead = new DecodeAhead(source, new PacketDecoder(), true, 2, 1500, 2);
        try (ahead) {
            ahead.start();
            assertThatThrownBy(() -> {
                while (ahead.next() != null) {
                    // drain
                }
            }).isInstanceOf(IllegalStateException.class).hasMessage("reader bug");
        }
    }

    @Test
    void closingEarlyStopsTheReadingThread() throws Exception {
        var endless = new DelegatingSource(mixedFrames()) {
            long served;

            @Override
            public boolean next() {
                served++;
                return true; // the same frame again, for ever
            }
        };
        endless.inner.next();
        var ahead = new DecodeAhead(endless, new PacketDecoder(), true, 4, 1500, 2);
        ahead.start();
        assertThat(ahead.next()).isNotNull();
        ahead.close();
        long after = endless.served;
        Thread.sleep(50);
        assertThat(endless.served).as("the reading thread stopped").isEqualTo(after);
    }

    /** The whole pipeline writes the same logs either way, with dissection on. */
    @Test
    void thePipelineWritesTheSameLogsEitherWay(@TempDir Path dir) throws IOException {
        var inPlace = DecodeAheadCorpusTest.logs(mixedFrames(), false, dir.resolve("in-place"));
        assertThat(inPlace).containsKeys("conn.log", "http.log", "weird.log", "tunnel.log");
        assertThat(DecodeAheadCorpusTest.logs(mixedFrames(), true, dir.resolve("ahead"))).isEqualTo(inPlace);
    }

    /** Passes everything to another source; tests override what they need. */
    static class DelegatingSource implements PacketSource {
        final PacketSource inner;

        DelegatingSource(PacketSource inner) {
            this.inner = inner;
        }

        @Override
        public boolean next() throws CaptureException {
            return inner.next();
        }

        @Override
        public long timestampNanos() {
            return inner.timestampNanos();
        }

        @Override
        public int linkType() {
            return inner.linkType();
        }

        @Override
        public ByteBuffer buffer() {
            return inner.buffer();
        }

        @Override
        public int offset() {
            return inner.offset();
        }

        @Override
        public int capturedLength() {
            return inner.capturedLength();
        }

        @Override
        public int originalLength() {
            return inner.originalLength();
        }

        @Override
        public long recordPosition() {
            return inner.recordPosition();
        }

        @Override
        public long bytesRead() {
            return inner.bytesRead();
        }

        @Override
        public long totalBytes() {
            return inner.totalBytes();
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
