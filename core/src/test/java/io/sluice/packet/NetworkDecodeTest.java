package io.sluice.packet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.packet.craft.FrameBuilder;
import org.junit.jupiter.api.Test;

class NetworkDecodeTest {
    @Test
    void ipv4HeaderFieldsAndOptions() {
        byte[] f = FrameBuilder.raw().ipv4("192.168.1.1", "10.9.8.7").ttl(3).ipOptions(new byte[] {1, 1, 1, 1, 1, 1, 1, 0})
                .udp(53, 5353).payload("hello").build();
        Packet p = Decode.frame(f, LinkType.RAW);
        assertThat(p.error).isEqualTo(DecodeError.NONE);
        assertThat(p.ipVersion).isEqualTo(4);
        assertThat(p.ttl).isEqualTo(3);
        assertThat(p.ipProto).isEqualTo(17);
        assertThat(p.ipLength).isEqualTo(28 + 8 + 5);
        assertThat(p.l4Offset - p.l3Offset).isEqualTo(28);
        assertThat(IpAddress.isV4(p.srcHi, p.srcLo)).isTrue();
        assertThat(Decode.src(p)).isEqualTo("192.168.1.1");
        assertThat(Decode.dst(p)).isEqualTo("10.9.8.7");
    }

    @Test
    void ipv4Errors() {
        byte[] ok = FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").tcp(1, 2).build();
        byte[] shortHl = ok.clone();
        shortHl[0] = 0x44;
        assertThat(Decode.frame(shortHl, LinkType.RAW).error).isEqualTo(DecodeError.BAD_IP_HEADER_LENGTH);
        byte[] longHl = ok.clone();
        longHl[0] = 0x4f; // 60 bytes of header, 40 captured
        assertThat(Decode.frame(longHl, LinkType.RAW).error).isEqualTo(DecodeError.TRUNCATED_IP);
        byte[] smallTotal = FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").ipLength(19).tcp(1, 2).build();
        assertThat(Decode.frame(smallTotal, LinkType.RAW).error).isEqualTo(DecodeError.BAD_IP_TOTAL_LENGTH);
        assertThat(Decode.frame(java.util.Arrays.copyOf(ok, 39), LinkType.IPV6).error).isEqualTo(DecodeError.TRUNCATED_IP);
        byte[] big = java.util.Arrays.copyOf(ok, 60);
        assertThat(Decode.frame(big, LinkType.IPV6).error).isEqualTo(DecodeError.BAD_IP_VERSION);
    }

    @Test
    void ipv4TotalLengthZeroMeansWhatWasCaptured() {
        byte[] f = FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").ipLength(0).tcp(1, 2).payload(new byte[100]).build();
        Packet p = Decode.frame(f, LinkType.RAW);
        assertThat(p.error).isEqualTo(DecodeError.NONE);
        assertThat(p.ipLength).isEqualTo(140);
        assertThat(p.payloadLength).isEqualTo(100);
    }

    @Test
    void ipv4TotalLengthBeyondCaptureKeepsTheStatedLength() {
        byte[] f = FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").tcp(1, 2).payload(new byte[1000]).build();
        Packet p = Decode.frame(new PacketDecoder(), f, LinkType.RAW, 68, 0);
        assertThat(p.error).isEqualTo(DecodeError.NONE);
        assertThat(p.ipLength).isEqualTo(1040);
        assertThat(p.payloadLength).isEqualTo(1000);
        assertThat(p.payloadCaptured).isEqualTo(28);
    }

    @Test
    void ipv6ExtensionChainToTransport() {
        byte[] f = FrameBuilder.raw().ipv6("2001:db8::1", "2001:db8::2").ttl(7).hopByHop().routing().destinationOptions()
                .authenticationHeader().extension(135, new byte[6]).tcp(1234, 443).payload("x").build();
        // Mobility (135) normally ends the chain; here it names TCP as next header, which the decoder follows.
        Packet p = Decode.frame(f, LinkType.RAW);
        assertThat(p.error).isEqualTo(DecodeError.NONE);
        assertThat(p.ipProto).isEqualTo(6);
        assertThat(p.ttl).isEqualTo(7);
        assertThat(p.ipLength).isEqualTo(f.length);
        assertThat(p.dstPort).isEqualTo(443);
        assertThat(p.payloadLength).isEqualTo(1);
        assertThat(p.l4Offset - p.l3Offset).isEqualTo(40 + 8 + 8 + 8 + 24 + 8);
    }

    @Test
    void ipv6ChainStopsAtEspAndNoNextHeader() {
        Packet esp = Decode.frame(FrameBuilder.raw().ipv6("::1", "::2").hopByHop().nextProtocol(50).payload(new byte[16]).build(), LinkType.RAW);
        assertThat(esp.error).isEqualTo(DecodeError.NONE);
        assertThat(esp.ipProto).isEqualTo(50);
        assertThat(esp.l4Offset).isEqualTo(-1);
        Packet none = Decode.frame(FrameBuilder.raw().ipv6("::1", "::2").destinationOptions().nextProtocol(59).build(), LinkType.RAW);
        assertThat(none.error).isEqualTo(DecodeError.NONE);
        assertThat(none.ipProto).isEqualTo(59);
    }

    @Test
    void ipv6ExtensionLongerThanThePayloadIsAnError() {
        byte[] f = FrameBuilder.raw().ipv6("::1", "::2").hopByHop().tcp(1, 2).build();
        f[41] = 10; // hop-by-hop claims 88 bytes
        Packet p = Decode.frame(f, LinkType.RAW);
        assertThat(p.error).isEqualTo(DecodeError.BAD_IPV6_EXTENSION);
        assertThat(p.ipProto).isEqualTo(0);
    }

    @Test
    void ipv6AtomicFragmentIsNotAFragment() {
        byte[] f = FrameBuilder.raw().ipv6("::1", "::2").ipv6Fragment(0, false, 99).udp(1, 2).payload("abc").build();
        Packet p = Decode.frame(f, LinkType.RAW);
        assertThat(p.error).isEqualTo(DecodeError.NONE);
        assertThat(p.fragment).isFalse();
        assertThat(p.isUdp()).isTrue();
        assertThat(p.payloadLength).isEqualTo(3);
    }

    @Test
    void ipv6PayloadLengthZeroMeansWhatWasCaptured() {
        byte[] f = FrameBuilder.raw().ipv6("::1", "::2").ipLength(0).tcp(1, 2).payload(new byte[10]).build();
        Packet p = Decode.frame(f, LinkType.RAW);
        assertThat(p.ipLength).isEqualTo(70);
        assertThat(p.payloadLength).isEqualTo(10);
    }

    @Test
    void otherProtocolsKeepNoTransport() {
        Packet p = Decode.frame(FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").nextProtocol(132).payload(new byte[12]).build(), LinkType.RAW);
        assertThat(p.error).isEqualTo(DecodeError.NONE);
        assertThat(p.ipProto).isEqualTo(132);
        assertThat(p.l4Offset).isEqualTo(-1);
        assertThat(p.isTcp() || p.isUdp() || p.isIcmp()).isFalse();
    }
}
