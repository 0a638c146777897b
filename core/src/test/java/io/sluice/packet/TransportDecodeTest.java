package io.sluice.packet;

import static io.sluice.packet.craft.FrameBuilder.ACK;
import static io.sluice.packet.craft.FrameBuilder.FIN;
import static io.sluice.packet.craft.FrameBuilder.PSH;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.packet.craft.FrameBuilder;
import org.junit.jupiter.api.Test;

class TransportDecodeTest {
    @Test
    void tcpFieldsAsUnsigned() {
        byte[] f = FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").tcp(65535, 443).seq(0xfedcba98L).ack(0x80000001L)
                .flags(ACK | PSH | FIN).window(0xabcd).tcpOptions(new byte[] {2, 4, 5, (byte) 0xb4}).payload("hello").build();
        Packet p = Decode.frame(f, LinkType.RAW);
        assertThat(p.error).isEqualTo(DecodeError.NONE);
        assertThat(p.srcPort).isEqualTo(65535);
        assertThat(p.seq).isEqualTo(0xfedcba98L);
        assertThat(p.ack).isEqualTo(0x80000001L);
        assertThat(p.tcpFlags).isEqualTo(ACK | PSH | FIN);
        assertThat(p.hasFlag(Packet.FIN)).isTrue();
        assertThat(p.window).isEqualTo(0xabcd);
        assertThat(p.payloadOffset - p.l4Offset).isEqualTo(24);
        assertThat(p.payloadLength).isEqualTo(5);
        assertThat(p.payloadCaptured).isEqualTo(5);
        assertThat(p.buf.get(p.payloadOffset)).isEqualTo((byte) 'h');
    }

    @Test
    void tcpBadDataOffset() {
        byte[] f = FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").tcp(1, 2).build();
        f[32] = 0x40; // 16 bytes
        Packet low = Decode.frame(f, LinkType.RAW);
        assertThat(low.error).isEqualTo(DecodeError.BAD_TCP_HEADER_LENGTH);
        assertThat(low.isTcp()).isFalse();
        assertThat(low.srcPort).isEqualTo(1);
        f[32] = (byte) 0xf0; // 60 bytes, more than the segment
        assertThat(Decode.frame(f, LinkType.RAW).error).isEqualTo(DecodeError.BAD_TCP_HEADER_LENGTH);
    }

    @Test
    void udpLengths() {
        Packet ok = Decode.frame(FrameBuilder.raw().ipv6("::1", "::2").udp(53, 1000).payload(new byte[33]).build(), LinkType.RAW);
        assertThat(ok.error).isEqualTo(DecodeError.NONE);
        assertThat(ok.isUdp()).isTrue();
        assertThat(ok.payloadLength).isEqualTo(33);
        // A UDP length shorter than the IP payload: Zeek counts the UDP length (a weird only).
        Packet shorter = Decode.frame(FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").udp(1, 2).udpLength(8 + 10).payload(new byte[20]).build(), LinkType.RAW);
        assertThat(shorter.error).isEqualTo(DecodeError.NONE);
        assertThat(shorter.payloadLength).isEqualTo(10);
        assertThat(shorter.payloadCaptured).isEqualTo(10);
        Packet longer = Decode.frame(FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").udp(1, 2).udpLength(8 + 50).payload(new byte[20]).build(), LinkType.RAW);
        assertThat(longer.error).isEqualTo(DecodeError.BAD_UDP_LENGTH);
        assertThat(longer.isUdp()).isTrue();
        assertThat(longer.payloadLength).isEqualTo(50);
        assertThat(longer.payloadCaptured).isEqualTo(20);
        Packet tiny = Decode.frame(FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").udp(1, 2).udpLength(3).payload(new byte[20]).build(), LinkType.RAW);
        assertThat(tiny.error).isEqualTo(DecodeError.BAD_UDP_LENGTH);
        assertThat(tiny.payloadLength).isEqualTo(20);
    }

    @Test
    void icmpAndIcmpv6() {
        Packet echo = Decode.frame(FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").icmpEcho(1, 2).payload(new byte[56]).build(), LinkType.RAW);
        assertThat(echo.isIcmp()).isTrue();
        assertThat(echo.icmpType).isEqualTo(8);
        assertThat(echo.icmpCode).isZero();
        assertThat(echo.payloadLength).isEqualTo(56);
        Packet unreach = Decode.frame(FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").icmp(3, 3).ipv4("2.2.2.2", "1.1.1.1").udp(5, 53).build(), LinkType.RAW);
        assertThat(unreach.icmpType).isEqualTo(3);
        assertThat(unreach.icmpCode).isEqualTo(3);
        assertThat(unreach.tunnel).as("a quoted packet is not a tunnel").isEqualTo(Tunnel.NONE);
        assertThat(unreach.payloadLength).isEqualTo(28);
        Packet v6 = Decode.frame(FrameBuilder.raw().ipv6("::1", "::2").icmpEchoReply(1, 2).build(), LinkType.RAW);
        assertThat(v6.isIcmp()).isTrue();
        assertThat(v6.ipProto).isEqualTo(58);
        assertThat(v6.icmpType).isEqualTo(129);
        Packet cut = Decode.frame(FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").icmp(3, 1).ipLength(24).build(), LinkType.RAW);
        assertThat(cut.error).isEqualTo(DecodeError.TRUNCATED_TRANSPORT);
        assertThat(cut.icmpType).isEqualTo(3);
    }
}
