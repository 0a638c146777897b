package io.sluice.packet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.packet.craft.FrameBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FragmentReassemblyTest {
    private static final long SECOND = 1_000_000_000L;

    private static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7 + 3);
        }
        return b;
    }

    /** Decodes fragments in the given order; returns the packets. */
    private static List<Packet> feed(PacketDecoder d, List<byte[]> frames, int linkType, long ts) {
        var out = new ArrayList<Packet>();
        for (byte[] f : frames) {
            out.add(Decode.frame(d, f, linkType, f.length, ts));
        }
        return out;
    }

    private static void assertReassembledUdp(Packet p, int payload) {
        assertThat(p.error).isEqualTo(DecodeError.NONE);
        assertThat(p.reassembled).isTrue();
        assertThat(p.fragment).isFalse();
        assertThat(p.isUdp()).isTrue();
        assertThat(p.srcPort).isEqualTo(1111);
        assertThat(p.dstPort).isEqualTo(2222);
        assertThat(p.payloadLength).isEqualTo(payload);
        assertThat(p.payloadCaptured).isEqualTo(payload);
        assertThat(Checksums.transportValid(p)).as("UDP checksum over the reassembled datagram").isTrue();
        assertThat(Checksums.ipv4HeaderValid(p)).isTrue();
        byte[] got = new byte[payload];
        p.buf.get(p.payloadOffset, got);
        assertThat(got).isEqualTo(pattern(payload));
    }

    @Test
    void ipv4InOrder() {
        var d = new PacketDecoder();
        var b = FrameBuilder.ethernet("00:00:00:00:00:01", "00:00:00:00:00:02").vlan(4).ipv4("10.0.0.1", "10.0.0.2").udp(1111, 2222).payload(pattern(1000));
        List<byte[]> frags = b.buildFragments(296, 4242);
        assertThat(frags).hasSize(4);
        List<Packet> ps = feed(d, frags, LinkType.ETHERNET, 0);
        for (int i = 0; i < 3; i++) {
            Packet p = ps.get(i);
            assertThat(p.fragment).isTrue();
            assertThat(p.error).isEqualTo(DecodeError.NONE);
            assertThat(p.l4Offset).isEqualTo(-1);
            assertThat(p.ipProto).isEqualTo(17);
            assertThat(Decode.src(p)).isEqualTo("10.0.0.1");
        }
        Packet last = ps.get(3);
        assertReassembledUdp(last, 1000);
        assertThat(last.vlan).isEqualTo(4);
        assertThat(last.ipLength).isEqualTo(20 + 8 + 1000);
        assertThat(last.l3Offset).isZero();
        assertThat(d.reassembler().completed()).isEqualTo(1);
        assertThat(d.reassembler().inFlight()).isZero();
        assertThat(d.reassembler().bytesBuffered()).isZero();
        assertThat(d.stats().fragments()).isEqualTo(3);
        assertThat(d.stats().reassembled()).isEqualTo(1);
    }

    @Test
    void ipv4AnyOrder() {
        var b = FrameBuilder.raw().ipv4("10.0.0.1", "10.0.0.2").udp(1111, 2222).payload(pattern(3000));
        List<byte[]> frags = b.buildFragments(512, 7);
        var rnd = new Random(42);
        for (int round = 0; round < 20; round++) {
            var d = new PacketDecoder();
            var shuffled = new ArrayList<>(frags);
            Collections.shuffle(shuffled, rnd);
            List<Packet> ps = feed(d, shuffled, LinkType.RAW, 0);
            for (int i = 0; i < ps.size() - 1; i++) {
                assertThat(ps.get(i).fragment).isTrue();
            }
            assertReassembledUdp(ps.getLast(), 3000);
        }
    }

    @Test
    void ipv6OutOfOrderWithTcp() {
        var d = new PacketDecoder();
        var b = FrameBuilder.ethernet("00:00:00:00:00:01", "00:00:00:00:00:02").ipv6("2001:db8::1", "2001:db8::2").tcp(1111, 2222).payload(pattern(2000));
        List<byte[]> frags = new ArrayList<>(b.buildFragments(600, 0xdeadbeefL));
        Collections.reverse(frags);
        List<Packet> ps = feed(d, frags, LinkType.ETHERNET, 0);
        assertThat(ps.getFirst().fragment).isTrue();
        assertThat(ps.getFirst().ipProto).isEqualTo(6);
        Packet p = ps.getLast();
        assertThat(p.error).isEqualTo(DecodeError.NONE);
        assertThat(p.reassembled).isTrue();
        assertThat(p.isTcp()).isTrue();
        assertThat(p.ipLength).isEqualTo(40 + 20 + 2000);
        assertThat(p.payloadLength).isEqualTo(2000);
        assertThat(Checksums.transportValid(p)).isTrue();
        assertThat(Decode.dst(p)).isEqualTo("2001:db8::2");
    }

    private static byte[] frag(int id, int offset, boolean more, byte[] data) {
        return FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").id(id).fragment(offset, more).nextProtocol(253).payload(data).build();
    }

    private static byte[] filled(int n, char c) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) c);
        return b;
    }

    @Test
    void overlapKeepsTheFirstData() {
        var d = new PacketDecoder();
        List<Packet> ps = feed(d, List.of(
                frag(9, 0, true, filled(16, 'a')),
                frag(9, 8, true, filled(16, 'b')),
                frag(9, 24, false, filled(8, 'c'))), LinkType.RAW, 0);
        Packet p = ps.getLast();
        assertThat(p.reassembled).isTrue();
        assertThat(p.ipLength).isEqualTo(20 + 32);
        byte[] data = new byte[32];
        p.buf.get(20, data);
        assertThat(new String(data, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("a".repeat(16) + "b".repeat(8) + "c".repeat(8));
    }

    @Test
    void inconsistentDatagramsAreDropped() {
        var d = new PacketDecoder();
        List<Packet> ps = feed(d, List.of(
                frag(1, 0, true, filled(16, 'a')),
                frag(1, 16, false, filled(8, 'b')),
                frag(2, 16, false, filled(8, 'b')),
                frag(2, 24, false, filled(8, 'c')), // second, different end
                frag(3, 0, true, filled(12, 'x')), // non-final length not a multiple of 8
                frag(4, 32, false, filled(8, 'z')),
                frag(4, 32, true, filled(16, 'z'))), // data past the end
                LinkType.RAW, 0);
        assertThat(ps.get(1).reassembled).isTrue();
        assertThat(ps.get(3).error).isEqualTo(DecodeError.FRAGMENT_DROPPED);
        assertThat(ps.get(4).error).isEqualTo(DecodeError.FRAGMENT_DROPPED);
        assertThat(ps.get(6).error).isEqualTo(DecodeError.FRAGMENT_DROPPED);
        assertThat(d.reassembler().dropped()).isEqualTo(3);
        assertThat(d.reassembler().inFlight()).isZero();
        assertThat(d.stats().errors(DecodeError.FRAGMENT_DROPPED)).isEqualTo(3);
    }

    @Test
    void oversizedDatagramIsDropped() {
        var d = new PacketDecoder();
        Packet p = Decode.frame(frag(5, 65528, false, filled(16, 'q')), LinkType.RAW);
        assertThat(p.error).isEqualTo(DecodeError.FRAGMENT_DROPPED);
        assertThat(d.reassembler().inFlight()).isZero();
    }

    @Test
    void truncatedFragmentCannotBeReassembled() {
        var d = new PacketDecoder();
        byte[] f = frag(6, 0, true, filled(64, 'a'));
        Packet p = Decode.frame(d, f, LinkType.RAW, 40, 0);
        assertThat(p.fragment).isTrue();
        assertThat(p.error).isEqualTo(DecodeError.FRAGMENT_DROPPED);
        assertThat(d.reassembler().dropped()).isEqualTo(1);
    }

    @Test
    void timeoutEvictsByPacketTime() {
        var d = new PacketDecoder();
        feed(d, List.of(frag(7, 0, true, filled(8, 'a'))), LinkType.RAW, 0);
        assertThat(d.reassembler().inFlight()).isEqualTo(1);
        List<Packet> later = feed(d, List.of(frag(7, 8, false, filled(8, 'b'))), LinkType.RAW, 31 * SECOND);
        assertThat(d.reassembler().evicted()).isEqualTo(1);
        assertThat(later.getFirst().reassembled).isFalse();
        assertThat(d.reassembler().inFlight()).isEqualTo(1); // the second fragment starts a new datagram
        d.reassembler().expire(62 * SECOND);
        assertThat(d.reassembler().inFlight()).isZero();
        // Within the timeout both halves meet.
        feed(d, List.of(frag(8, 0, true, filled(8, 'a'))), LinkType.RAW, 100 * SECOND);
        List<Packet> ok = feed(d, List.of(frag(8, 8, false, filled(8, 'b'))), LinkType.RAW, 129 * SECOND);
        assertThat(ok.getFirst().reassembled).isTrue();
    }

    @Test
    void datagramLimitEvictsTheOldest() {
        var d = new PacketDecoder(new FragmentReassembler(2, 1 << 20, 30 * SECOND), new DecodeStats());
        feed(d, List.of(frag(1, 0, true, filled(8, 'a')), frag(2, 0, true, filled(8, 'b')), frag(3, 0, true, filled(8, 'c'))), LinkType.RAW, 0);
        assertThat(d.reassembler().inFlight()).isEqualTo(2);
        assertThat(d.reassembler().evicted()).isEqualTo(1);
        List<Packet> ends = feed(d, List.of(frag(1, 8, false, filled(8, 'a')), frag(3, 8, false, filled(8, 'c'))), LinkType.RAW, 1);
        assertThat(ends.get(0).reassembled).as("datagram 1 was evicted").isFalse();
        assertThat(ends.get(1).reassembled).isTrue();
    }

    @Test
    void byteLimitBoundsTheBuffers() {
        var d = new PacketDecoder(new FragmentReassembler(100, 8192, 30 * SECOND), new DecodeStats());
        feed(d, List.of(frag(1, 0, true, filled(1024, 'a'))), LinkType.RAW, 0);
        assertThat(d.reassembler().bytesBuffered()).isLessThanOrEqualTo(8192);
        feed(d, List.of(frag(2, 0, true, filled(1024, 'b'))), LinkType.RAW, 0);
        assertThat(d.reassembler().bytesBuffered()).isLessThanOrEqualTo(8192);
        // A datagram that alone needs more than the budget is dropped, evicting the others first.
        Packet big = Decode.frame(d, frag(3, 0, true, filled(9000, 'c')), LinkType.RAW, 9020, 0);
        assertThat(big.error).isEqualTo(DecodeError.FRAGMENT_DROPPED);
        assertThat(d.reassembler().bytesBuffered()).isLessThanOrEqualTo(8192);
    }

    @Test
    void reassembledOuterPacketCarriesATunnel() {
        var d = new PacketDecoder();
        var b = FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").gre().ipv4("10.0.0.1", "10.0.0.2").udp(1111, 2222).payload(pattern(500));
        List<Packet> ps = feed(d, b.buildOuterFragments(200, 99), LinkType.RAW, 0);
        assertThat(ps).hasSize(3);
        Packet outer = ps.getLast();
        assertThat(outer.reassembled).isTrue();
        assertThat(outer.tunnel).isEqualTo(Tunnel.GRE);
        Packet in = Decode.inner(d, outer);
        assertThat(in.error).isEqualTo(DecodeError.NONE);
        assertThat(in.isUdp()).isTrue();
        assertThat(in.payloadLength).isEqualTo(500);
        assertThat(Checksums.transportValid(in)).isTrue();
    }

    @Test
    void innerFragmentsReassembleSeparatelyFromTheOuterPacket() {
        var d = new PacketDecoder();
        var b = FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").gre().ipv4("10.0.0.1", "10.0.0.2").udp(1111, 2222).payload(pattern(500));
        List<byte[]> frames = b.buildFragments(200, 99); // the inner IP is fragmented, each piece in its own GRE packet
        assertThat(frames).hasSize(3);
        Packet last = null;
        for (byte[] f : frames) {
            Packet outer = Decode.frame(d, f, LinkType.RAW, f.length, 0);
            assertThat(outer.tunnel).isEqualTo(Tunnel.GRE);
            assertThat(outer.reassembled).isFalse();
            last = Decode.inner(d, outer);
        }
        assertThat(last.reassembled).isTrue();
        assertThat(last.tunnelDepth).isEqualTo(1);
        assertThat(last.payloadLength).isEqualTo(500);
        assertThat(Checksums.transportValid(last)).isTrue();
        assertThat(last.buf).isSameAs(d.reassembler().output(1));
    }

    @Test
    void nestedFragmentInsideAReassembledDatagramIsRefused() {
        var d = new PacketDecoder();
        // An IPv6 datagram whose reassembled payload starts with another fragment header.
        byte[] innerFrag = FrameBuilder.raw().ipv6("::1", "::2").ipv6Fragment(8, true, 5).udp(1, 2).build();
        byte[] body = Arrays.copyOfRange(innerFrag, 40, innerFrag.length);
        var b = FrameBuilder.raw().ipv6("::1", "::2").nextProtocol(44).payload(body);
        List<Packet> ps = feed(d, b.buildFragments(8, 77), LinkType.RAW, 0);
        Packet last = ps.getLast();
        assertThat(last.error).isEqualTo(DecodeError.FRAGMENT_DROPPED);
        assertThat(last.fragment).isTrue();
    }
}
