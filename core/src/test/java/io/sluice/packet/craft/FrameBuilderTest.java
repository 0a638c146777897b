package io.sluice.packet.craft;

import static io.sluice.packet.craft.FrameBuilder.ACK;
import static io.sluice.packet.craft.FrameBuilder.SYN;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.packet.LinkType;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Checks crafted frames byte by byte and with an independent checksum verifier. */
class FrameBuilderTest {
    private static final HexFormat HEX = HexFormat.of();

    private static int u16(byte[] b, int o) {
        return ((b[o] & 0xff) << 8) | (b[o + 1] & 0xff);
    }

    /** Sum of 16-bit words folded; a valid checksummed region sums to 0xffff. */
    private static int fold(long s) {
        while ((s >> 16) != 0) {
            s = (s & 0xffff) + (s >> 16);
        }
        return (int) s;
    }

    private static long words(byte[] b, int o, int n) {
        long s = 0;
        for (int i = 0; i < n; i++) {
            s += (i % 2 == 0) ? (b[o + i] & 0xff) << 8 : (b[o + i] & 0xff);
        }
        return s;
    }

    private static void assertIpv4TransportValid(byte[] f, int ip) {
        int ihl = (f[ip] & 0xf) * 4;
        int total = u16(f, ip + 2);
        assertThat(fold(words(f, ip, ihl))).as("IPv4 header checksum").isEqualTo(0xffff);
        int proto = f[ip + 9] & 0xff;
        long pseudo = words(f, ip + 12, 8) + proto + (total - ihl);
        assertThat(fold(pseudo + words(f, ip + ihl, total - ihl))).as("transport checksum").isEqualTo(0xffff);
    }

    @Test
    void tcpSynOverVlanMatchesHandLayout() {
        byte[] f = FrameBuilder.ethernet("00:00:00:00:00:01", "00:00:00:00:00:02").vlan(10)
                .ipv4("10.0.0.1", "10.0.0.2").ttl(61).id(0x1234).tcp(1234, 80).flags(SYN).seq(1000).window(1024)
                .payload(new byte[] {1, 2, 3}).build();
        assertThat(f).hasSize(14 + 4 + 20 + 20 + 3);
        assertThat(HEX.formatHex(f, 0, 16)).isEqualTo("000000000002" + "000000000001" + "8100" + "000a");
        assertThat(u16(f, 16)).isEqualTo(0x0800);
        int ip = 18;
        assertThat(f[ip]).isEqualTo((byte) 0x45);
        assertThat(u16(f, ip + 2)).isEqualTo(43);
        assertThat(u16(f, ip + 4)).isEqualTo(0x1234);
        assertThat(f[ip + 8]).isEqualTo((byte) 61);
        assertThat(f[ip + 9]).isEqualTo((byte) 6);
        assertThat(HEX.formatHex(f, ip + 12, ip + 20)).isEqualTo("0a0000010a000002");
        int tcp = ip + 20;
        assertThat(u16(f, tcp)).isEqualTo(1234);
        assertThat(u16(f, tcp + 2)).isEqualTo(80);
        assertThat(HEX.formatHex(f, tcp + 4, tcp + 8)).isEqualTo("000003e8");
        assertThat(f[tcp + 12]).isEqualTo((byte) 0x50);
        assertThat(f[tcp + 13]).isEqualTo((byte) SYN);
        assertThat(u16(f, tcp + 14)).isEqualTo(1024);
        assertIpv4TransportValid(f, ip);
    }

    @Test
    void knownIpv4HeaderChecksum() {
        // The worked example header from Wikipedia's "IPv4 header checksum" article: 0xb861.
        byte[] f = FrameBuilder.raw().ipv4("192.168.0.1", "192.168.0.199").ttl(64).id(0).dontFragment()
                .nextProtocol(17).payload(new byte[0x73 - 20]).build();
        assertThat(u16(f, 10)).isEqualTo(0xb861);
    }

    @Test
    void udpAndIcmpChecksumsValidate() {
        byte[] u = FrameBuilder.raw().ipv4("1.2.3.4", "5.6.7.8").udp(53, 5353).payload("hello").build();
        assertIpv4TransportValid(u, 0);
        assertThat(u16(u, 24)).isEqualTo(13);
        byte[] i = FrameBuilder.raw().ipv4("1.2.3.4", "5.6.7.8").icmpEcho(7, 9).payload("abcd").build();
        assertThat(i[9]).isEqualTo((byte) 1);
        assertThat(i[20]).isEqualTo((byte) 8);
        assertThat(fold(words(i, 20, i.length - 20))).isEqualTo(0xffff);
        byte[] e = FrameBuilder.raw().ipv4("1.2.3.4", "5.6.7.8").icmp(3, 3)
                .ipv4("5.6.7.8", "1.2.3.4").udp(1000, 53).build();
        assertThat(fold(words(e, 20, e.length - 20))).isEqualTo(0xffff);
        assertIpv4TransportValid(e, 28);
    }

    @Test
    void icmpv6AndTcpOverIpv6ChecksumsValidate() {
        for (FrameBuilder b : List.of(
                FrameBuilder.raw().ipv6("2001:db8::1", "2001:db8::2").icmpEcho(1, 2).payload("x"),
                FrameBuilder.raw().ipv6("2001:db8::1", "2001:db8::2").hopByHop().destinationOptions()
                        .tcp(1, 2).flags(SYN | ACK).payload("yz"))) {
            byte[] f = b.build();
            int nh = f[6] & 0xff;
            int o = 40;
            while (nh == 0 || nh == 60) {
                nh = f[o] & 0xff;
                o += ((f[o + 1] & 0xff) + 1) * 8;
            }
            int len = f.length - o;
            long pseudo = words(f, 8, 32) + len + nh;
            assertThat(fold(pseudo + words(f, o, len))).isEqualTo(0xffff);
            assertThat(u16(f, 4)).isEqualTo(f.length - 40);
            if (nh == 58) {
                assertThat(f[o] & 0xff).isEqualTo(128);
            }
        }
    }

    @Test
    void linkHeaders() {
        assertThat(FrameBuilder.sll().ipv4("1.1.1.1", "2.2.2.2").build()).hasSize(36);
        byte[] sll2 = FrameBuilder.sll2().ipv6("::1", "::2").build();
        assertThat(u16(sll2, 0)).isEqualTo(0x86dd);
        assertThat(FrameBuilder.sll2().linkType()).isEqualTo(LinkType.LINUX_SLL2);
        assertThat(HEX.formatHex(FrameBuilder.bsdNull().ipv4("1.1.1.1", "2.2.2.2").build(), 0, 4)).isEqualTo("02000000");
        assertThat(HEX.formatHex(FrameBuilder.loop().ipv6("::1", "::2").build(), 0, 4)).isEqualTo("0000001e");
        byte[] arp = FrameBuilder.ethernet("00:00:00:00:00:01", "ff:ff:ff:ff:ff:ff")
                .arpRequest("00:00:00:00:00:01", "10.0.0.1", "10.0.0.2").build();
        assertThat(u16(arp, 12)).isEqualTo(0x0806);
        assertThat(arp).hasSize(42);
    }

    @Test
    void mplsStackMarksOnlyTheBottomLabel() {
        byte[] f = FrameBuilder.ethernet("00:00:00:00:00:01", "00:00:00:00:00:02").mpls(100).mpls(200)
                .ipv4("1.1.1.1", "2.2.2.2").build();
        assertThat(u16(f, 12)).isEqualTo(0x8847);
        assertThat(HEX.formatHex(f, 14, 22)).isEqualTo("00064040" + "000c8140");
    }

    @Test
    void tunnelsAnnounceTheirInnerProtocol() {
        byte[] gre = FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").gre().greKey(5).ipv6("::1", "::2").build();
        assertThat(gre[9]).isEqualTo((byte) 47);
        assertThat(HEX.formatHex(gre, 20, 28)).isEqualTo("200086dd00000005");
        byte[] bridged = FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").gre()
                .innerEthernet("00:00:00:00:00:01", "00:00:00:00:00:02").ipv4("3.3.3.3", "4.4.4.4").build();
        assertThat(u16(bridged, 22)).isEqualTo(0x6558);
        byte[] vx = FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").vxlan(42)
                .innerEthernet("00:00:00:00:00:01", "00:00:00:00:00:02").ipv4("3.3.3.3", "4.4.4.4").build();
        assertThat(u16(vx, 22)).isEqualTo(4789);
        assertThat(HEX.formatHex(vx, 28, 36)).isEqualTo("0800000000002a00");
        assertIpv4TransportValid(vx, 0);
        byte[] pptp = FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").pptp(9).ipv4("3.3.3.3", "4.4.4.4").build();
        assertThat(HEX.formatHex(pptp, 20, 24)).isEqualTo("3001880b");
        assertThat(HEX.formatHex(pptp, 32, 36)).isEqualTo("ff030021");
        byte[] teredo = FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").teredo().teredoOrigin(1, "0.0.0.0")
                .ipv6("2001::1", "2001::2").build();
        assertThat(HEX.formatHex(teredo, 28, 36)).isEqualTo("0000fffeffffffff");
        assertThat(teredo[36] & 0xf0).isEqualTo(0x60);
        assertIpv4TransportValid(teredo, 0);
        byte[] ipip = FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").ipv4("3.3.3.3", "4.4.4.4").build();
        assertThat(ipip[9]).isEqualTo((byte) 4);
        byte[] sixin4 = FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").ipv6("::3", "::4").build();
        assertThat(sixin4[9]).isEqualTo((byte) 41);
    }

    @Test
    void fragmentsCarryOffsetsAndReassembleToTheDatagram() {
        var b = FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").udp(1, 2).payload(new byte[100]);
        byte[] whole = b.build();
        List<byte[]> frags = b.buildFragments(48, 77);
        assertThat(frags).hasSize(3);
        var joined = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < frags.size(); i++) {
            byte[] f = frags.get(i);
            assertThat(u16(f, 4)).isEqualTo(77);
            int fo = u16(f, 6);
            assertThat((fo & 0x1fff) * 8).isEqualTo(i * 48);
            assertThat((fo & 0x2000) != 0).isEqualTo(i < 2);
            assertThat(fold(words(f, 0, 20))).isEqualTo(0xffff);
            joined.write(f, 20, f.length - 20);
        }
        assertThat(joined.toByteArray()).isEqualTo(java.util.Arrays.copyOfRange(whole, 20, whole.length));

        var v6 = FrameBuilder.raw().ipv6("::1", "::2").udp(1, 2).payload(new byte[30]);
        List<byte[]> f6 = v6.buildFragments(16, 0xabcdef);
        assertThat(f6).hasSize(3);
        assertThat(f6.get(0)[6]).isEqualTo((byte) 44);
        assertThat(f6.get(0)[40]).isEqualTo((byte) 17);
        assertThat(HEX.formatHex(f6.get(1), 42, 48)).isEqualTo("001100abcdef");
    }

    @Test
    void overridesCraftBrokenFrames() {
        byte[] f = FrameBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").checksum(0).udp(1, 2).udpLength(3).build();
        assertThat(u16(f, 10)).isZero();
        assertThat(u16(f, 24)).isEqualTo(3);
    }
}
