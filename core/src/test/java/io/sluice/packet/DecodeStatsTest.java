package io.sluice.packet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.packet.craft.FrameBuilder;
import org.junit.jupiter.api.Test;

class DecodeStatsTest {
    private static final String A = "00:00:00:00:00:0a", B = "00:00:00:00:00:0b";

    @Test
    void countsPerErrorLinkEtherTypeAndTunnel() {
        var d = new PacketDecoder();
        Decode.frame(d, FrameBuilder.ethernet(A, B).vlan(1).ipv4("1.1.1.1", "2.2.2.2").tcp(1, 2).build(), 1, 58, 0);
        Decode.frame(d, FrameBuilder.ethernet(A, B).qinq(1, 2).ipv6("::1", "::2").tcp(1, 2).build(), 1, 82, 0);
        Decode.frame(d, FrameBuilder.ethernet(A, B).arpRequest(A, "1.1.1.1", "2.2.2.2").build(), 1, 42, 0);
        Decode.frame(d, FrameBuilder.ethernet(A, B).mpls(3).ipv4("1.1.1.1", "2.2.2.2").tcp(1, 2).build(), 1, 10, 0);
        byte[] vx = FrameBuilder.sll().ipv4("1.1.1.1", "2.2.2.2").vxlan(1).innerEthernet(A, B).ipv4("3.3.3.3", "4.4.4.4").udp(1, 2).build();
        Packet outer = Decode.frame(d, vx, LinkType.LINUX_SLL, vx.length, 0);
        Decode.inner(d, outer);
        DecodeStats s = d.stats();
        assertThat(s.packets()).isEqualTo(5);
        assertThat(s.innerPackets()).isEqualTo(1);
        assertThat(s.linkType(LinkType.ETHERNET)).isEqualTo(4 + 1);
        assertThat(s.linkType(LinkType.LINUX_SLL)).isEqualTo(1);
        assertThat(s.etherType(0x0800)).isEqualTo(2 + 1);
        assertThat(s.etherType(0x86dd)).isEqualTo(1);
        assertThat(s.etherType(0x0806)).isEqualTo(1);
        assertThat(s.etherType(0)).isEqualTo(1); // truncated MPLS: no network layer
        assertThat(s.errors(DecodeError.NONE)).isEqualTo(5);
        assertThat(s.errors(DecodeError.TRUNCATED_LINK)).isEqualTo(1);
        assertThat(s.vlanTagged()).isEqualTo(2);
        assertThat(s.qinq()).isEqualTo(1);
        assertThat(s.mpls()).isEqualTo(0); // cut before the first label was read whole
        assertThat(s.tunnels(Tunnel.VXLAN)).isEqualTo(1);
        var total = new DecodeStats();
        total.add(s);
        total.add(s);
        assertThat(total.packets()).isEqualTo(10);
        assertThat(total.errors(DecodeError.TRUNCATED_LINK)).isEqualTo(2);
    }
}
