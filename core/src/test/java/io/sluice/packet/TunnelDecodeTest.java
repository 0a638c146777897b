package io.sluice.packet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.packet.craft.FrameBuilder;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class TunnelDecodeTest {
    private static final String A = "00:00:00:00:00:0a", B = "00:00:00:00:00:0b";
    private final PacketDecoder decoder = new PacketDecoder();

    private Packet outer(FrameBuilder b) {
        return Decode.frame(decoder, b.build(), b.linkType(), b.build().length, 5_000);
    }

    /** Asserts the outer packet names a tunnel and the inner packet is the TCP 1234 → 80 flow from src to dst. */
    private Packet assertInner(Packet outer, Tunnel tunnel, int innerLink, String src, String dst) {
        assertThat(outer.error).isEqualTo(DecodeError.NONE);
        assertThat(outer.tunnel).isEqualTo(tunnel);
        assertThat(outer.innerLinkType).isEqualTo(innerLink);
        Packet in = Decode.inner(decoder, outer);
        assertThat(in.error).isEqualTo(DecodeError.NONE);
        assertThat(in.tunnelDepth).isEqualTo(outer.tunnelDepth + 1);
        assertThat(in.tsNanos).isEqualTo(outer.tsNanos);
        assertThat(Decode.src(in)).isEqualTo(src);
        assertThat(Decode.dst(in)).isEqualTo(dst);
        assertThat(in.srcPort).isEqualTo(1234);
        assertThat(in.dstPort).isEqualTo(80);
        return in;
    }

    @Test
    void greWithIpv4AndIpv6Inside() {
        Packet g4 = outer(FrameBuilder.ethernet(A, B).ipv4("1.1.1.1", "2.2.2.2").gre().ipv4("10.0.0.1", "10.0.0.2").tcp(1234, 80));
        assertThat(g4.ipProto).isEqualTo(47);
        assertInner(g4, Tunnel.GRE, LinkType.IPV4, "10.0.0.1", "10.0.0.2");
        Packet g6 = outer(FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").gre().greChecksum().greKey(7).greSeq(9)
                .ipv6("2001:db8::1", "2001:db8::2").tcp(1234, 80));
        assertInner(g6, Tunnel.GRE, LinkType.IPV6, "2001:db8::1", "2001:db8::2");
        assertThat(g6.l4Offset).isEqualTo(-1);
        assertThat(g6.innerOffset - g6.l3Offset).isEqualTo(20 + 16);
    }

    @Test
    void greTransparentBridgingAndErspan() {
        Packet teb = outer(FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").gre().innerEthernet(A, B).vlan(9).ipv4("10.0.0.1", "10.0.0.2").tcp(1234, 80));
        Packet in = assertInner(teb, Tunnel.GRE, LinkType.ETHERNET, "10.0.0.1", "10.0.0.2");
        assertThat(in.vlan).isEqualTo(9);
        assertThat(in.srcMac).isEqualTo(0x0aL);
        assertInner(outer(FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").erspan2(3).innerEthernet(A, B).ipv4("10.0.0.1", "10.0.0.2").tcp(1234, 80)),
                Tunnel.GRE, LinkType.ETHERNET, "10.0.0.1", "10.0.0.2");
        assertInner(outer(FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").erspan3(3, false).innerEthernet(A, B).ipv4("10.0.0.1", "10.0.0.2").tcp(1234, 80)),
                Tunnel.GRE, LinkType.ETHERNET, "10.0.0.1", "10.0.0.2");
        assertInner(outer(FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").erspan3(3, true).innerEthernet(A, B).ipv4("10.0.0.1", "10.0.0.2").tcp(1234, 80)),
                Tunnel.GRE, LinkType.ETHERNET, "10.0.0.1", "10.0.0.2");
        // ERSPAN type I: protocol 0x88be without a sequence number carries Ethernet directly.
        assertInner(outer(FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").gre().nextProtocol(0x88be).innerEthernet(A, B).ipv4("10.0.0.1", "10.0.0.2").tcp(1234, 80)),
                Tunnel.GRE, LinkType.ETHERNET, "10.0.0.1", "10.0.0.2");
    }

    @Test
    void pptpEnhancedGre() {
        Packet p = outer(FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").pptp(77).ipv4("192.168.0.2", "8.8.8.8").tcp(1234, 80));
        assertInner(p, Tunnel.GRE, LinkType.IPV4, "192.168.0.2", "8.8.8.8");
        Packet v6 = outer(FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").pptp(77).ipv6("fe80::1", "fe80::2").tcp(1234, 80));
        assertInner(v6, Tunnel.GRE, LinkType.IPV6, "fe80::1", "fe80::2");
        Packet lcp = outer(FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").pptp(77).nextProtocol(0xc021).payload(new byte[8]));
        assertThat(lcp.tunnel).isEqualTo(Tunnel.NONE);
        assertThat(lcp.error).isEqualTo(DecodeError.NONE);
    }

    @Test
    void badGreHeaders() {
        byte[] f = FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").gre().ipv4("10.0.0.1", "10.0.0.2").tcp(1234, 80).build();
        byte[] routing = f.clone();
        routing[20] = 0x40;
        assertThat(Decode.frame(routing, LinkType.RAW).error).isEqualTo(DecodeError.BAD_TUNNEL);
        byte[] version = f.clone();
        version[21] = 2;
        assertThat(Decode.frame(version, LinkType.RAW).error).isEqualTo(DecodeError.BAD_TUNNEL);
        byte[] reserved = f.clone();
        reserved[21] = 0x08;
        assertThat(Decode.frame(reserved, LinkType.RAW).error).isEqualTo(DecodeError.BAD_TUNNEL);
        Packet other = Decode.frame(FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").gre().nextProtocol(0x8847).payload(new byte[20]).build(), LinkType.RAW);
        assertThat(other.tunnel).isEqualTo(Tunnel.NONE);
        assertThat(other.error).isEqualTo(DecodeError.NONE);
    }

    @Test
    void ipInIp() {
        assertInner(outer(FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").ipv4("10.0.0.1", "10.0.0.2").tcp(1234, 80)),
                Tunnel.IP, LinkType.IPV4, "10.0.0.1", "10.0.0.2");
        assertInner(outer(FrameBuilder.ethernet(A, B).ipv4("1.1.1.1", "2.2.2.2").ipv6("2002::1", "2002::2").tcp(1234, 80)),
                Tunnel.IP, LinkType.IPV6, "2002::1", "2002::2");
        assertInner(outer(FrameBuilder.raw().ipv6("::1", "::2").ipv6("2002::1", "2002::2").tcp(1234, 80)),
                Tunnel.IP, LinkType.IPV6, "2002::1", "2002::2");
        // Protocol 4 with IPv6 inside is rejected by the inner decode.
        Packet mismatch = outer(FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").nextProtocol(4).ipv6("2002::1", "2002::2").tcp(1234, 80));
        assertThat(Decode.inner(decoder, mismatch).error).isEqualTo(DecodeError.BAD_IP_VERSION);
    }

    @Test
    void vxlanAndGeneve() {
        Packet vx = outer(FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").vxlan(0xabcdef).innerEthernet(A, B).ipv4("10.0.0.1", "10.0.0.2").tcp(1234, 80));
        assertThat(vx.isUdp()).isTrue();
        assertThat(vx.vni).isEqualTo(0xabcdef);
        assertInner(vx, Tunnel.VXLAN, LinkType.ETHERNET, "10.0.0.1", "10.0.0.2");
        byte[] noI = FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").vxlan(1).innerEthernet(A, B).ipv4("10.0.0.1", "10.0.0.2").build();
        noI[28] = 0;
        Packet bad = Decode.frame(noI, LinkType.RAW);
        assertThat(bad.error).isEqualTo(DecodeError.BAD_TUNNEL);
        assertThat(bad.isUdp()).isTrue();
        assertThat(bad.tunnel).isEqualTo(Tunnel.NONE);
        Packet empty = outer(FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").vxlan(1));
        assertThat(empty.tunnel).isEqualTo(Tunnel.NONE);

        Packet gen = outer(FrameBuilder.raw().ipv6("::1", "::2").geneve(42).geneveOptions(new byte[] {1, 2, 3, 1, 9, 9, 9, 9})
                .innerEthernet(A, B).ipv4("10.0.0.1", "10.0.0.2").tcp(1234, 80));
        assertThat(gen.vni).isEqualTo(42);
        assertInner(gen, Tunnel.GENEVE, LinkType.ETHERNET, "10.0.0.1", "10.0.0.2");
        assertInner(outer(FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").geneve(1).ipv6("2001::1", "2001::2").tcp(1234, 80)),
                Tunnel.GENEVE, LinkType.IPV6, "2001::1", "2001::2");
    }

    @Test
    void teredoOnItsPort() {
        assertInner(outer(FrameBuilder.raw().ipv4("192.168.2.16", "65.55.158.80").udp(3797, 3544).ipv6("2001:0:4136:e378::1", "2001:db8::2").tcp(1234, 80)),
                Tunnel.TEREDO, LinkType.IPV6, "2001:0:4136:e378::1", "2001:db8::2");
        assertInner(outer(FrameBuilder.raw().ipv4("65.55.158.80", "192.168.2.16").udp(3544, 3797).teredoOrigin(3797, "1.2.3.4")
                .ipv6("fe80::1", "fe80::2").tcp(1234, 80)), Tunnel.TEREDO, LinkType.IPV6, "fe80::1", "fe80::2");
        assertInner(outer(FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").teredo().teredoAuth(new byte[] {1, 2}, new byte[] {3})
                .teredoOrigin(1, "1.2.3.4").ipv6("fe80::1", "fe80::2").tcp(1234, 80)), Tunnel.TEREDO, LinkType.IPV6, "fe80::1", "fe80::2");
        // Bubble: IPv6 with no next header and no payload.
        Packet bubble = outer(FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").teredo().ipv6("2001::1", "2001::2").nextProtocol(59));
        assertThat(bubble.tunnel).isEqualTo(Tunnel.TEREDO);
    }

    @Test
    void teredoRejectsWhatZeekRejects() {
        // Payload length that does not account for the datagram.
        Packet len = outer(FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").teredo().ipv6("2001::1", "2001::2").ipLength(5).tcp(1234, 80));
        assertThat(len.tunnel).isEqualTo(Tunnel.NONE);
        assertThat(len.error).isEqualTo(DecodeError.BAD_TUNNEL);
        // Two origin indications; authentication after an origin indication.
        Packet twoOrigins = outer(FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").teredo().teredoOrigin(1, "1.1.1.1").teredoOrigin(1, "1.1.1.1")
                .ipv6("2001::1", "2001::2").tcp(1234, 80));
        assertThat(twoOrigins.tunnel).isEqualTo(Tunnel.NONE);
        Packet authAfter = outer(FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").teredo().teredoOrigin(1, "1.1.1.1").teredoAuth(new byte[0], new byte[0])
                .ipv6("2001::1", "2001::2").tcp(1234, 80));
        assertThat(authAfter.tunnel).isEqualTo(Tunnel.NONE);
        Packet dns = outer(FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").udp(3544, 53).payload(new byte[60]));
        assertThat(dns.tunnel).isEqualTo(Tunnel.NONE);
    }

    @Test
    void teredoDetectedByContentOnAnyPort() {
        // Teredo-prefixed source address, no headers: Zeek's DetectProtocol pattern.
        assertInner(outer(FrameBuilder.raw().ipv4("192.168.2.16", "83.170.1.38").udp(3797, 32900).ipv6("2001:0:4136:e378::1", "2001:db8::9").tcp(1234, 80)),
                Tunnel.TEREDO, LinkType.IPV6, "2001:0:4136:e378::1", "2001:db8::9");
        // Origin indication then IPv6, no Teredo prefix.
        assertInner(outer(FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").udp(40000, 40001).teredoOrigin(1, "1.1.1.1").ipv6("fe80::1", "fe80::2").tcp(1234, 80)),
                Tunnel.TEREDO, LinkType.IPV6, "fe80::1", "fe80::2");
        // Plain IPv6 without the prefix on another port is not detected (Zeek neither).
        Packet plain = outer(FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").udp(40000, 40001).ipv6("fe80::1", "fe80::2").tcp(1234, 80));
        assertThat(plain.tunnel).isEqualTo(Tunnel.NONE);
        assertThat(plain.error).isEqualTo(DecodeError.NONE);
        // Authentication without an origin indication is not detected off port 3544 (Zeek's quirk), but is on it.
        Packet authOnly = outer(FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").udp(40000, 40001).teredoAuth(new byte[1], new byte[1]).ipv6("fe80::1", "fe80::2").tcp(1234, 80));
        assertThat(authOnly.tunnel).isEqualTo(Tunnel.NONE);
        Packet authOnPort = outer(FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").teredo().teredoAuth(new byte[1], new byte[1]).ipv6("fe80::1", "fe80::2").tcp(1234, 80));
        assertThat(authOnPort.tunnel).isEqualTo(Tunnel.TEREDO);
    }

    @Test
    void ayiya() {
        byte[] inner = FrameBuilder.raw().ipv6("2001:db8::1", "2001:db8::2").tcp(1234, 80).build();
        // id length 2^4 = 16, id type 1; signature 5 * 4 = 20 bytes, hash 2; auth 1, opcode 1 (forward); next header 41.
        byte[] head = HexFormat.of().parseHex("41" + "52" + "11" + "29" + "00000000");
        byte[] payload = new byte[head.length + 16 + 20 + inner.length];
        System.arraycopy(head, 0, payload, 0, head.length);
        System.arraycopy(inner, 0, payload, head.length + 36, inner.length);
        Packet p = outer(FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").udp(5072, 5072).payload(payload));
        assertInner(p, Tunnel.AYIYA, LinkType.IPV6, "2001:db8::1", "2001:db8::2");
        payload[2] = 0x12; // opcode 2: not a forwarded packet
        Packet echo = outer(FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").udp(5072, 5072).payload(payload));
        assertThat(echo.tunnel).isEqualTo(Tunnel.NONE);
        assertThat(echo.error).isEqualTo(DecodeError.BAD_TUNNEL);
    }

    @Test
    void nestingBeyondTheDepthLimitIsRefused() {
        // ipv4 / GRE / ipv4 / VXLAN / eth / ipv4 / ip-in-ip / ipv4 / tcp: three tunnels.
        var b = FrameBuilder.raw().ipv4("1.0.0.1", "1.0.0.2").gre().ipv4("2.0.0.1", "2.0.0.2").vxlan(1).innerEthernet(A, B)
                .ipv4("3.0.0.1", "3.0.0.2").ipv4("4.0.0.1", "4.0.0.2").tcp(1234, 80);
        Packet p0 = outer(b);
        assertThat(p0.tunnel).isEqualTo(Tunnel.GRE);
        Packet p1 = Decode.inner(decoder, p0);
        assertThat(p1.tunnel).isEqualTo(Tunnel.VXLAN);
        Packet p2 = Decode.inner(decoder, p1);
        assertThat(p2.tunnelDepth).isEqualTo(2);
        assertThat(p2.tunnel).isEqualTo(Tunnel.IP);
        assertThat(Decode.src(p2)).isEqualTo("3.0.0.1");
        var p3 = new Packet();
        assertThat(decoder.decodeInner(p2, p3)).isFalse();
        assertThat(p3.error).isEqualTo(DecodeError.TUNNEL_TOO_DEEP);
        assertThat(PacketDecoder.MAX_TUNNEL_DEPTH).isEqualTo(2);
    }

    @Test
    void decodeInnerWithoutTunnelDoesNothing() {
        Packet p = outer(FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").tcp(1, 2));
        var in = new Packet();
        assertThat(decoder.decodeInner(p, in)).isFalse();
        assertThat(in.error).isEqualTo(DecodeError.NONE);
        assertThat(in.ipVersion).isZero();
    }
}
