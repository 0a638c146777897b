package io.sluice.packet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.packet.craft.FrameBuilder;
import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * No input makes the decoder throw, and whatever it reports stays inside the captured bytes.
 * Random bytes under every link type, and valid frames of every kind with bytes overwritten and
 * the capture cut at random; one decoder is reused so fragments from earlier tries meet later ones.
 */
class DecoderPropertyTest {
    private static final String A = "00:00:00:00:00:0a", B = "00:00:00:00:00:0b";
    private static final int[] LINK_TYPES = {
        LinkType.ETHERNET, LinkType.LINUX_SLL, LinkType.LINUX_SLL2, LinkType.NULL, LinkType.LOOP, LinkType.RAW,
        LinkType.RAW_BSD_12, LinkType.RAW_BSD_14, LinkType.IPV4, LinkType.IPV6, 147,
    };
    private static final List<FrameBuilder> VALID = List.of(
            FrameBuilder.ethernet(A, B).vlan(1).ipv4("1.1.1.1", "2.2.2.2").tcp(1, 2).tcpOptions(new byte[] {2, 4, 5, (byte) 180}).payload("abc"),
            FrameBuilder.ethernet(A, B).qinq(1, 2).ipv6("::1", "::2").hopByHop().routing().udp(1, 2).payload("abc"),
            FrameBuilder.ethernet(A, B).mpls(1).mpls(2).controlWord().innerEthernet(A, B).ipv4("1.1.1.1", "2.2.2.2").icmpEcho(1, 1),
            FrameBuilder.ethernet(A, B).pppoe(3).ipv6("::1", "::2").icmp(1, 4).ipv6("::2", "::1").udp(3, 4),
            FrameBuilder.ethernet(A, B).arpReply(A, "1.1.1.1", B, "2.2.2.2"),
            FrameBuilder.sll().ipv4("1.1.1.1", "2.2.2.2").ipOptions(new byte[] {1, 1, 1, 0}).gre().greKey(1).greSeq(2)
                    .innerEthernet(A, B).ipv4("3.3.3.3", "4.4.4.4").tcp(1, 2),
            FrameBuilder.sll2().ipv4("1.1.1.1", "2.2.2.2").erspan3(1, true).innerEthernet(A, B).ipv6("::1", "::2").tcp(5, 6),
            FrameBuilder.bsdNull().ipv4("1.1.1.1", "2.2.2.2").pptp(4).ipv4("3.3.3.3", "4.4.4.4").udp(1, 2),
            FrameBuilder.loop().ipv6("::1", "::2").vxlan(9).innerEthernet(A, B).vlan(3).ipv4("3.3.3.3", "4.4.4.4").tcp(1, 2),
            FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").geneve(3).geneveOptions(new byte[8]).ipv6("::5", "::6").udp(1, 2),
            FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").teredo().teredoAuth(new byte[2], new byte[3]).teredoOrigin(5, "9.9.9.9")
                    .ipv6("2001::1", "2001::2").tcp(1, 2),
            FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").ipv4("3.3.3.3", "4.4.4.4").ipv6("::1", "::2").tcp(1, 2),
            FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").id(77).fragment(8, true).nextProtocol(17).payload(new byte[16]),
            FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").id(77).fragment(0, true).udp(1, 2).payload(new byte[8]),
            FrameBuilder.raw().ipv6("::1", "::2").ipv6Fragment(0, true, 5).udp(1, 2).payload(new byte[8]),
            FrameBuilder.raw().ipv6("::1", "::2").ipv6Fragment(16, false, 5).payload(new byte[8]));
    private static final byte[][] FRAMES = VALID.stream().map(FrameBuilder::build).toArray(byte[][]::new);

    private final PacketDecoder decoder = new PacketDecoder();
    private final Packet outer = new Packet();
    private final Packet[] inner = {new Packet(), new Packet(), new Packet(), new Packet()};

    @Property(tries = 3000)
    void randomBytesNeverThrow(@ForAll("linkTypes") int linkType, @ForAll("bytes") byte[] frame, @ForAll boolean littleEndian) {
        decodeAll(frame, linkType, frame.length, littleEndian);
    }

    @Property(tries = 5000)
    void mutatedFramesNeverThrow(@ForAll("mutations") Tuple.Tuple3<Integer, int[], Integer> m, @ForAll boolean littleEndian) {
        byte[] f = FRAMES[m.get1()].clone();
        int[] edits = m.get2();
        for (int i = 0; i + 1 < edits.length; i += 2) {
            f[Math.floorMod(edits[i], f.length)] = (byte) edits[i + 1];
        }
        int capLen = Math.floorMod(m.get3(), f.length + 1);
        decodeAll(f, VALID.get(m.get1()).linkType(), capLen, littleEndian);
    }

    private void decodeAll(byte[] frame, int linkType, int capLen, boolean littleEndian) {
        outer.reset();
        byte[] big = new byte[frame.length + 16];
        System.arraycopy(frame, 0, big, 3, frame.length);
        outer.buf = ByteBuffer.wrap(big, 0, 3 + capLen).order(littleEndian ? java.nio.ByteOrder.LITTLE_ENDIAN : java.nio.ByteOrder.BIG_ENDIAN);
        outer.buf = outer.buf.slice(0, 3 + capLen).order(outer.buf.order()); // limit = end of capture
        outer.linkType = linkType;
        outer.frameOffset = 3;
        outer.capLen = capLen;
        outer.wireLen = frame.length;
        outer.tsNanos = 1;
        decoder.decode(outer);
        checkInvariants(outer);
        Packet p = outer;
        for (Packet in : inner) {
            if (!decoder.decodeInner(p, in)) {
                break;
            }
            checkInvariants(in);
            p = in;
        }
    }

    private static void checkInvariants(Packet p) {
        int end = p.reassembled ? p.l3Offset + p.ipLength : p.frameOffset + p.capLen;
        end = Math.min(end, p.buf.limit());
        assertThat(p.payloadLength).isGreaterThanOrEqualTo(0);
        assertThat(p.payloadCaptured).isBetween(0, Math.max(0, p.payloadLength));
        if (p.payloadCaptured > 0) { // with nothing captured (options cut), the offset may point past the capture
            assertThat(p.payloadOffset + p.payloadCaptured).isLessThanOrEqualTo(end);
        }
        if (p.tunnel != Tunnel.NONE) {
            assertThat(p.innerCapLen).isGreaterThanOrEqualTo(0);
            assertThat(p.innerOffset + p.innerCapLen).isLessThanOrEqualTo(end);
        }
        if (p.l4Offset >= 0) {
            assertThat(p.l4Offset).isLessThan(end);
            assertThat(p.ipVersion).isIn(4, 6);
        }
        if (p.error == DecodeError.NONE && p.ipVersion != 0) {
            assertThat(p.l3Offset).isGreaterThanOrEqualTo(0);
        }
    }

    @Provide
    Arbitrary<Integer> linkTypes() {
        return Arbitraries.of(java.util.Arrays.stream(LINK_TYPES).boxed().toList());
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
    }

    @Provide
    Arbitrary<Tuple.Tuple3<Integer, int[], Integer>> mutations() {
        Arbitrary<Integer> frame = Arbitraries.integers().between(0, FRAMES.length - 1);
        Arbitrary<int[]> edits = Arbitraries.integers().between(0, 300).array(int[].class).ofMinSize(0).ofMaxSize(12);
        Arbitrary<Integer> cap = Arbitraries.integers().between(0, 400);
        return Combinators.combine(frame, edits, cap).as(Tuple::of);
    }
}
