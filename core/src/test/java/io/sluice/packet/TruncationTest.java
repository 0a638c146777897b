package io.sluice.packet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.packet.craft.FrameBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every prefix of a valid frame decodes without an exception and with the error of the layer it cuts. */
class TruncationTest {
    private static final String A = "00:00:00:00:00:0a", B = "00:00:00:00:00:0b";

    private record Layout(String name, FrameBuilder frame, int l3, int l4, int l4Header) {}

    @Test
    void everyCaptureLengthGivesTheErrorOfTheCutLayer() {
        var layouts = List.of(
                new Layout("eth/ipv4/tcp", FrameBuilder.ethernet(A, B).ipv4("1.1.1.1", "2.2.2.2").tcp(1, 2).payload("abcdef"), 14, 34, 20),
                new Layout("eth/vlan/ipv6/udp", FrameBuilder.ethernet(A, B).vlan(3).ipv6("::1", "::2").udp(1, 2).payload("abcdef"), 18, 58, 8),
                new Layout("sll/ipv4/icmp", FrameBuilder.sll().ipv4("1.1.1.1", "2.2.2.2").icmpEcho(1, 1).payload("abcdef"), 16, 36, 8),
                new Layout("sll2/ipv6/tcp", FrameBuilder.sll2().ipv6("::1", "::2").tcp(1, 2).payload("abcdef"), 20, 60, 20),
                new Layout("null/ipv4/udp", FrameBuilder.bsdNull().ipv4("1.1.1.1", "2.2.2.2").udp(1, 2).payload("abcdef"), 4, 24, 8),
                new Layout("mpls/ipv4/tcp", FrameBuilder.ethernet(A, B).mpls(1).mpls(2).ipv4("1.1.1.1", "2.2.2.2").tcp(1, 2).payload("abcdef"), 22, 42, 20));
        var decoder = new PacketDecoder();
        for (Layout l : layouts) {
            byte[] f = l.frame().build();
            for (int cap = 0; cap <= f.length; cap++) {
                Packet p = Decode.frame(decoder, f, l.frame().linkType(), cap, 0);
                String at = l.name() + " capLen=" + cap;
                DecodeError expected;
                if (cap < l.l3()) {
                    expected = DecodeError.TRUNCATED_LINK;
                } else if (cap < l.l4()) {
                    expected = DecodeError.TRUNCATED_IP;
                } else if (cap < l.l4() + l.l4Header()) {
                    expected = DecodeError.TRUNCATED_TRANSPORT;
                } else {
                    expected = DecodeError.NONE;
                }
                if (l.name().startsWith("mpls") && cap >= 14 && cap < l.l3()) {
                    expected = DecodeError.TRUNCATED_LINK;
                }
                assertThat(p.error).as(at).isEqualTo(expected);
                if (expected == DecodeError.NONE) {
                    assertThat(p.payloadLength).as(at).isEqualTo(6);
                    assertThat(p.payloadCaptured).as(at).isEqualTo(cap - l.l4() - l.l4Header());
                }
            }
        }
    }

    @Test
    void truncatedTunnelsNeverThrow() {
        var frames = List.of(
                FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").gre().greKey(1).greSeq(2).greChecksum()
                        .innerEthernet(A, B).ipv4("3.3.3.3", "4.4.4.4").tcp(1, 2),
                FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").erspan3(5, true).innerEthernet(A, B).ipv4("3.3.3.3", "4.4.4.4").udp(1, 2),
                FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").vxlan(5).innerEthernet(A, B).ipv6("::3", "::4").udp(1, 2),
                FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").teredo().teredoAuth(new byte[3], new byte[2]).teredoOrigin(1, "1.2.3.4")
                        .ipv6("2001::1", "2001::2").udp(1, 2),
                FrameBuilder.raw().ipv6("::1", "::2").pptp(3).ipv4("3.3.3.3", "4.4.4.4").tcp(1, 2));
        var decoder = new PacketDecoder();
        for (FrameBuilder b : frames) {
            byte[] f = b.build();
            for (int cap = 0; cap <= f.length; cap++) {
                Packet p = Decode.frame(decoder, f, b.linkType(), cap, 0);
                Packet in = new Packet();
                decoder.decodeInner(p, in);
                if (p.tunnel != Tunnel.NONE) {
                    assertThat(p.innerOffset + p.innerCapLen).isLessThanOrEqualTo(p.frameOffset + cap);
                }
            }
        }
    }
}
