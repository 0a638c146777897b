package io.sluice.packet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.packet.craft.FrameBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChecksumsTest {
    private static final String A = "00:00:00:00:00:0a", B = "00:00:00:00:00:0b";

    @Test
    void validFramesValidate() {
        for (FrameBuilder b : List.of(
                FrameBuilder.ethernet(A, B).ipv4("1.1.1.1", "2.2.2.2").tcp(1, 2).payload("hello world"),
                FrameBuilder.ethernet(A, B).ipv4("1.1.1.1", "2.2.2.2").udp(1, 2).payload("odd"),
                FrameBuilder.ethernet(A, B).ipv6("2001:db8::1", "2001:db8::2").tcp(1, 2).payload("x"),
                FrameBuilder.ethernet(A, B).ipv6("2001:db8::1", "2001:db8::2").hopByHop().udp(1, 2).payload("xyz"),
                FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").ipOptions(new byte[] {1, 1, 1, 1}).icmpEcho(1, 2).payload("ping"),
                FrameBuilder.raw().ipv6("fe80::1", "ff02::1").icmpEcho(1, 2).payload("ping6"))) {
            Packet p = Decode.frame(b.build(), b.linkType());
            assertThat(Checksums.ipv4HeaderValid(p)).isTrue();
            assertThat(Checksums.transportValid(p)).isTrue();
            assertThat(Checksums.tcpUdpValid(p)).isTrue();
        }
    }

    @Test
    void corruptedChecksumsFail() {
        assertThat(Checksums.tcpUdpValid(Decode.frame(FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").tcp(1, 2).checksum(0x1234).build(), LinkType.RAW))).isFalse();
        assertThat(Checksums.tcpUdpValid(Decode.frame(FrameBuilder.raw().ipv6("::1", "::2").udp(1, 2).checksum(0x1234).payload("a").build(), LinkType.RAW))).isFalse();
        assertThat(Checksums.transportValid(Decode.frame(FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").icmpEcho(1, 1).checksum(7).build(), LinkType.RAW))).isFalse();
        assertThat(Checksums.transportValid(Decode.frame(FrameBuilder.raw().ipv6("::1", "::2").icmpEcho(1, 1).checksum(7).build(), LinkType.RAW))).isFalse();
        assertThat(Checksums.ipv4HeaderValid(Decode.frame(FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").checksum(1).tcp(1, 2).build(), LinkType.RAW))).isFalse();
        byte[] payload = FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").tcp(1, 2).payload("data").build();
        payload[payload.length - 1] ^= 1;
        assertThat(Checksums.tcpUdpValid(Decode.frame(payload, LinkType.RAW))).isFalse();
    }

    @Test
    void zeroUdpChecksumMeansNoneOnIpv4Only() {
        assertThat(Checksums.tcpUdpValid(Decode.frame(FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").udp(1, 2).checksum(0).payload("a").build(), LinkType.RAW))).isTrue();
        assertThat(Checksums.tcpUdpValid(Decode.frame(FrameBuilder.raw().ipv6("::1", "::2").udp(1, 2).checksum(0).payload("a").build(), LinkType.RAW))).isFalse();
    }

    @Test
    void partialCapturesAreNotValidated() {
        byte[] f = FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").tcp(1, 2).checksum(0x1234).payload(new byte[100]).build();
        assertThat(Checksums.tcpUdpValid(Decode.frame(new PacketDecoder(), f, LinkType.RAW, 60, 0))).isTrue();
    }

    @Test
    void littleEndianBufferGivesTheSameAnswer() {
        byte[] f = FrameBuilder.raw().ipv6("2001:db8::1", "2001:db8::2").tcp(1, 2).payload("abcde").build();
        var p = new Packet();
        p.buf = java.nio.ByteBuffer.wrap(f).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        p.linkType = LinkType.RAW;
        p.capLen = f.length;
        p.wireLen = f.length;
        new PacketDecoder().decode(p);
        assertThat(Checksums.tcpUdpValid(p)).isTrue();
    }
}
