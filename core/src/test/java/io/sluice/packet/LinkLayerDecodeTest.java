package io.sluice.packet;

import static io.sluice.packet.craft.FrameBuilder.ACK;
import static io.sluice.packet.craft.FrameBuilder.SYN;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.packet.craft.FrameBuilder;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LinkLayerDecodeTest {
    private static final String A = "00:00:00:00:00:0a", B = "00:00:00:00:00:0b";

    private static void assertTcp(Packet p, String src, String dst) {
        assertThat(p.error).isEqualTo(DecodeError.NONE);
        assertThat(p.isTcp()).isTrue();
        assertThat(Decode.src(p)).isEqualTo(src);
        assertThat(Decode.dst(p)).isEqualTo(dst);
        assertThat(p.srcPort).isEqualTo(1234);
        assertThat(p.dstPort).isEqualTo(80);
    }

    @Test
    void ethernetIpv4Tcp() {
        var b = FrameBuilder.ethernet(A, B).ipv4("10.0.0.1", "10.0.0.2").tcp(1234, 80).flags(SYN | ACK).seq(1000).payload("abc");
        Packet p = Decode.frame(b.build(), b.linkType());
        assertTcp(p, "10.0.0.1", "10.0.0.2");
        assertThat(p.srcMac).isEqualTo(0x0aL);
        assertThat(p.dstMac).isEqualTo(0x0bL);
        assertThat(p.etherType).isEqualTo(0x0800);
        assertThat(p.vlan).isEqualTo(-1);
        assertThat(p.l3Offset).isEqualTo(p.frameOffset + 14);
        assertThat(p.l4Offset).isEqualTo(p.frameOffset + 34);
        assertThat(p.payloadOffset).isEqualTo(p.frameOffset + 54);
        assertThat(p.payloadLength).isEqualTo(3);
        assertThat(p.payloadCaptured).isEqualTo(3);
    }

    @Test
    void ethernetPaddingIsIgnored() {
        byte[] f = FrameBuilder.ethernet(A, B).ipv4("10.0.0.1", "10.0.0.2").tcp(1234, 80).flags(ACK).build();
        byte[] padded = java.util.Arrays.copyOf(f, 60); // minimum Ethernet frame: 6 bytes of padding
        Packet p = Decode.frame(padded, LinkType.ETHERNET);
        assertThat(p.ipLength).isEqualTo(40);
        assertThat(p.payloadLength).isZero();
        assertThat(p.payloadCaptured).isZero();
    }

    @Test
    void vlanAndQinQ() {
        Packet one = Decode.frame(FrameBuilder.ethernet(A, B).vlan(10).ipv4("1.1.1.1", "2.2.2.2").tcp(1234, 80).build(), 1);
        assertThat(one.vlan).isEqualTo(10);
        assertThat(one.innerVlan).isEqualTo(-1);
        assertTcp(one, "1.1.1.1", "2.2.2.2");
        Packet qinq = Decode.frame(FrameBuilder.ethernet(A, B).qinq(13, 10).ipv4("1.1.1.1", "2.2.2.2").tcp(1234, 80).build(), 1);
        assertThat(qinq.vlan).isEqualTo(13);
        assertThat(qinq.innerVlan).isEqualTo(10);
        assertTcp(qinq, "1.1.1.1", "2.2.2.2");
        Packet old = Decode.frame(FrameBuilder.ethernet(A, B).vlan(100, 0x9100).vlan(200).ipv6("::1", "::2").tcp(1234, 80).build(), 1);
        assertThat(old.vlan).isEqualTo(100);
        assertThat(old.innerVlan).isEqualTo(200);
        assertTcp(old, "::1", "::2");
        Packet three = Decode.frame(FrameBuilder.ethernet(A, B).vlan(1).vlan(2).vlan(3).ipv4("1.1.1.1", "2.2.2.2").tcp(1234, 80).build(), 1);
        assertThat(three.vlan).isEqualTo(1);
        assertThat(three.innerVlan).isEqualTo(2);
        assertTcp(three, "1.1.1.1", "2.2.2.2");
    }

    @Test
    void mplsStackToIpv4AndIpv6() {
        Packet v4 = Decode.frame(FrameBuilder.ethernet(A, B).mpls(100).mpls(200).mpls(300).ipv4("1.1.1.1", "2.2.2.2").tcp(1234, 80).build(), 1);
        assertThat(v4.mplsDepth).isEqualTo(3);
        assertThat(v4.etherType).isEqualTo(0x0800);
        assertTcp(v4, "1.1.1.1", "2.2.2.2");
        Packet v6 = Decode.frame(FrameBuilder.ethernet(A, B).vlan(5).mpls(16).ipv6("2001:db8::1", "2001:db8::2").tcp(1234, 80).build(), 1);
        assertThat(v6.mplsDepth).isEqualTo(1);
        assertThat(v6.vlan).isEqualTo(5);
        assertTcp(v6, "2001:db8::1", "2001:db8::2");
    }

    @Test
    void mplsEthernetPseudowireWithAndWithoutControlWord() {
        Packet cw = Decode.frame(FrameBuilder.ethernet(A, B).mpls(100).controlWord()
                .innerEthernet("00:00:00:00:00:0c", "00:00:00:00:00:0d").ipv4("1.1.1.1", "2.2.2.2").tcp(1234, 80).build(), 1);
        assertTcp(cw, "1.1.1.1", "2.2.2.2");
        assertThat(cw.srcMac).isEqualTo(0x0cL);
        Packet bare = Decode.frame(FrameBuilder.ethernet(A, B).mpls(100)
                .innerEthernet("a0:00:00:00:00:0c", "a0:00:00:00:00:0d").vlan(7).ipv4("1.1.1.1", "2.2.2.2").tcp(1234, 80).build(), 1);
        assertTcp(bare, "1.1.1.1", "2.2.2.2");
        assertThat(bare.vlan).isEqualTo(7);
        Packet junk = Decode.frame(FrameBuilder.ethernet(A, B).mpls(100).payload(new byte[30]).build(), 1);
        assertThat(junk.error).isEqualTo(DecodeError.UNSUPPORTED_ETHERTYPE);
    }

    @Test
    void pppoeSession() {
        Packet p = Decode.frame(FrameBuilder.ethernet(A, B).pppoe(0x1234).ipv4("1.1.1.1", "2.2.2.2").tcp(1234, 80).build(), 1);
        assertTcp(p, "1.1.1.1", "2.2.2.2");
        Packet v6 = Decode.frame(FrameBuilder.ethernet(A, B).pppoe(1).ipv6("::1", "::2").tcp(1234, 80).build(), 1);
        assertTcp(v6, "::1", "::2");
        Packet lcp = Decode.frame(FrameBuilder.ethernet(A, B).pppoe(1).nextProtocol(0xc021).payload(new byte[10]).build(), 1);
        assertThat(lcp.error).isEqualTo(DecodeError.UNSUPPORTED_ETHERTYPE);
    }

    /** RFC 1661 6.5: after negotiating protocol-field compression, PPP sends 0x21 for 0x0021. */
    @Test
    void pppoeWithACompressedProtocolField() {
        Packet v4 = Decode.frame(compressProtocolField(FrameBuilder.ethernet(A, B).pppoe(7).ipv4("1.1.1.1", "2.2.2.2")
                .tcp(1234, 80).build()), 1);
        assertTcp(v4, "1.1.1.1", "2.2.2.2");
        assertThat(v4.l3Offset).isEqualTo(v4.frameOffset + 14 + 7);
        Packet v6 = Decode.frame(compressProtocolField(FrameBuilder.ethernet(A, B).pppoe(7).ipv6("::1", "::2")
                .tcp(1234, 80).build()), 1);
        assertTcp(v6, "::1", "::2");
        byte[] cut = java.util.Arrays.copyOf(compressProtocolField(FrameBuilder.ethernet(A, B).pppoe(7)
                .ipv4("1.1.1.1", "2.2.2.2").tcp(1234, 80).build()), 14 + 6);
        assertThat(Decode.frame(cut, 1).error).isEqualTo(DecodeError.TRUNCATED_LINK);
    }

    /** The frame with its PPP protocol field's leading zero octet taken out and the PPPoE length cut by one. */
    private static byte[] compressProtocolField(byte[] frame) {
        int ppp = 14 + 6;
        assertThat(frame[ppp]).isZero();
        byte[] out = new byte[frame.length - 1];
        System.arraycopy(frame, 0, out, 0, ppp);
        System.arraycopy(frame, ppp + 1, out, ppp, frame.length - ppp - 1);
        int len = ((out[14 + 4] & 0xff) << 8 | (out[14 + 5] & 0xff)) - 1;
        out[14 + 4] = (byte) (len >> 8);
        out[14 + 5] = (byte) len;
        return out;
    }

    @Test
    void linuxCooked() {
        var v1 = FrameBuilder.sll().ipv4("1.1.1.1", "2.2.2.2").tcp(1234, 80);
        Packet p1 = Decode.frame(v1.build(), v1.linkType());
        assertTcp(p1, "1.1.1.1", "2.2.2.2");
        assertThat(p1.srcMac).isEqualTo(0x112233445566L);
        assertThat(p1.l3Offset).isEqualTo(p1.frameOffset + 16);
        var v2 = FrameBuilder.sll2().vlan(4).ipv6("::1", "::2").tcp(1234, 80);
        Packet p2 = Decode.frame(v2.build(), v2.linkType());
        assertTcp(p2, "::1", "::2");
        assertThat(p2.vlan).isEqualTo(4);
        assertThat(p2.l3Offset).isEqualTo(p2.frameOffset + 24);
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 24, 28, 30})
    void bsdNullAcceptsEveryInet6FamilyInBothByteOrders(int family) {
        byte[] le = FrameBuilder.bsdNull().ipv6("::1", "::2").tcp(1234, 80).build();
        le[0] = (byte) family;
        assertTcp(Decode.frame(le, LinkType.NULL), "::1", "::2");
        byte[] be = FrameBuilder.bsdNullBigEndian().ipv6("::1", "::2").tcp(1234, 80).build();
        be[3] = (byte) family;
        assertTcp(Decode.frame(be, LinkType.NULL), "::1", "::2");
    }

    @Test
    void bsdNullAndLoop() {
        assertTcp(Decode.frame(FrameBuilder.bsdNull().ipv4("1.1.1.1", "2.2.2.2").tcp(1234, 80).build(), LinkType.NULL), "1.1.1.1", "2.2.2.2");
        assertTcp(Decode.frame(FrameBuilder.bsdNullBigEndian().ipv4("1.1.1.1", "2.2.2.2").tcp(1234, 80).build(), LinkType.NULL), "1.1.1.1", "2.2.2.2");
        assertTcp(Decode.frame(FrameBuilder.loop().ipv4("1.1.1.1", "2.2.2.2").tcp(1234, 80).build(), LinkType.LOOP), "1.1.1.1", "2.2.2.2");
        // LOOP is network byte order only: a little-endian family is not accepted there.
        byte[] le = FrameBuilder.bsdNull().ipv4("1.1.1.1", "2.2.2.2").tcp(1234, 80).build();
        assertThat(Decode.frame(le, LinkType.LOOP).error).isEqualTo(DecodeError.UNSUPPORTED_ETHERTYPE);
        byte[] unknown = FrameBuilder.bsdNull().ipv4("1.1.1.1", "2.2.2.2").build();
        unknown[0] = 7;
        assertThat(Decode.frame(unknown, LinkType.NULL).error).isEqualTo(DecodeError.UNSUPPORTED_ETHERTYPE);
    }

    @ParameterizedTest
    @ValueSource(ints = {LinkType.RAW, LinkType.RAW_BSD_12, LinkType.RAW_BSD_14})
    void rawIpByVersionNibble(int linkType) {
        assertTcp(Decode.frame(FrameBuilder.raw(linkType).ipv4("1.1.1.1", "2.2.2.2").tcp(1234, 80).build(), linkType), "1.1.1.1", "2.2.2.2");
        assertTcp(Decode.frame(FrameBuilder.raw(linkType).ipv6("::1", "::2").tcp(1234, 80).build(), linkType), "::1", "::2");
        assertThat(Decode.frame(new byte[] {0x50, 0, 0, 0}, linkType).error).isEqualTo(DecodeError.BAD_IP_VERSION);
    }

    @Test
    void fixedVersionRawLinkTypes() {
        assertTcp(Decode.frame(FrameBuilder.raw(LinkType.IPV4).ipv4("1.1.1.1", "2.2.2.2").tcp(1234, 80).build(), LinkType.IPV4), "1.1.1.1", "2.2.2.2");
        assertThat(Decode.frame(FrameBuilder.raw().ipv6("::1", "::2").build(), LinkType.IPV4).error).isEqualTo(DecodeError.BAD_IP_VERSION);
        assertTcp(Decode.frame(FrameBuilder.raw().ipv6("::1", "::2").tcp(1234, 80).build(), LinkType.IPV6), "::1", "::2");
    }

    @Test
    void unsupportedLinkType() {
        assertThat(Decode.frame(new byte[40], 127).error).isEqualTo(DecodeError.UNSUPPORTED_LINK);
    }

    @Test
    void ieee8023LlcAndSnap() {
        // 802.3 + LLC (STP: DSAP/SSAP 0x42): counted as unsupported, not decoded.
        byte[] stp = HexFormat.of().parseHex("0180c2000000" + "00000000000a" + "0026" + "424203" + "0000000000");
        Packet p = Decode.frame(stp, LinkType.ETHERNET);
        assertThat(p.error).isEqualTo(DecodeError.UNSUPPORTED_ETHERTYPE);
        assertThat(p.etherType).isZero();
        // 802.3 + LLC/SNAP with OUI 0 and EtherType 0x0800 carries IPv4.
        byte[] ip = FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").tcp(1234, 80).build();
        byte[] head = HexFormat.of().parseHex("00000000000b" + "00000000000a" + String.format("%04x", ip.length + 8) + "aaaa03" + "000000" + "0800");
        byte[] snap = new byte[head.length + ip.length];
        System.arraycopy(head, 0, snap, 0, head.length);
        System.arraycopy(ip, 0, snap, head.length, ip.length);
        assertTcp(Decode.frame(snap, LinkType.ETHERNET), "1.1.1.1", "2.2.2.2");
    }

    @Test
    void unknownEtherType() {
        Packet p = Decode.frame(FrameBuilder.ethernet(A, B).nextProtocol(0x88cc).payload(new byte[20]).build(), 1);
        assertThat(p.error).isEqualTo(DecodeError.UNSUPPORTED_ETHERTYPE);
        assertThat(p.etherType).isEqualTo(0x88cc);
    }

    @Test
    void arpRequestAndReply() {
        Packet req = Decode.frame(FrameBuilder.ethernet(A, "ff:ff:ff:ff:ff:ff").arpRequest(A, "10.0.0.1", "10.0.0.2").build(), 1);
        assertThat(req.error).isEqualTo(DecodeError.NONE);
        assertThat(req.etherType).isEqualTo(0x0806);
        assertThat(req.ipVersion).isZero();
        assertThat(req.arpOperation).isEqualTo(1);
        assertThat(req.arpSenderMac).isEqualTo(0x0aL);
        assertThat(IpAddress.formatV4(req.arpSenderIp)).isEqualTo("10.0.0.1");
        assertThat(IpAddress.formatV4(req.arpTargetIp)).isEqualTo("10.0.0.2");
        Packet rep = Decode.frame(FrameBuilder.ethernet(B, A).arpReply(B, "10.0.0.2", A, "10.0.0.1").build(), 1);
        assertThat(rep.arpOperation).isEqualTo(2);
        assertThat(rep.arpSenderMac).isEqualTo(0x0bL);
        assertThat(rep.arpTargetMac).isEqualTo(0x0aL);
        byte[] cut = java.util.Arrays.copyOf(FrameBuilder.ethernet(A, B).arpRequest(A, "1.1.1.1", "2.2.2.2").build(), 14 + 20);
        Packet t = Decode.frame(cut, 1);
        assertThat(t.error).isEqualTo(DecodeError.TRUNCATED_ARP);
        assertThat(t.arpOperation).isEqualTo(1);
    }

    @Test
    void littleEndianBufferOrderDoesNotChangeTheResult() {
        byte[] f = FrameBuilder.ethernet(A, B).vlan(10).ipv6("2001:db8::1", "2001:db8::2").tcp(1234, 80).seq(0xfffffff0L).build();
        var p = new Packet();
        p.reset();
        p.buf = java.nio.ByteBuffer.wrap(f).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        p.linkType = 1;
        p.capLen = f.length;
        p.wireLen = f.length;
        new PacketDecoder().decode(p);
        assertTcp(p, "2001:db8::1", "2001:db8::2");
        assertThat(p.vlan).isEqualTo(10);
        assertThat(p.seq).isEqualTo(0xfffffff0L);
        assertThat(p.buf.order()).isEqualTo(java.nio.ByteOrder.LITTLE_ENDIAN);
    }
}
