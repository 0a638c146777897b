package io.sluice.protocol.quic;

import static io.sluice.packet.craft.QuicPackets.concat;
import static io.sluice.packet.craft.QuicPackets.cryptoFrame;
import static io.sluice.packet.craft.QuicPackets.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.packet.craft.QuicPackets;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class QuicSignatureTest {
    static final byte[] DCID = hex("0011223344556677");
    static final byte[] CH = QuicPackets.clientHello("example.com", "h3");
    final QuicSignature sig = new QuicSignature();

    boolean matches(byte[] b, int port) {
        return sig.matches(true, ByteBuffer.wrap(b), 0, b.length, 50000, port);
    }

    @Test
    void initialPacketsOfHandledVersionsMatchOnAnyPort() throws Exception {
        for (int v : new int[] {1, QuicVersion.V2, 0xff00001d, 0xff000022, 0xfaceb002}) {
            byte[] p = QuicPackets.initial(v, true, DCID, DCID, new byte[0], 0, 2, cryptoFrame(0, CH, 0, CH.length));
            assertThat(matches(p, 443)).as("%x", v).isTrue();
            assertThat(matches(p, 8443)).as("%x", v).isTrue();
        }
        assertThat(sig.standardPort(443)).isTrue();
        assertThat(sig.standardPort(53)).isFalse();
    }

    @Test
    void otherPacketsAndVersionsDoNotMatch() throws Exception {
        byte[] good = QuicPackets.initial(1, true, DCID, DCID, new byte[0], 0, 2, cryptoFrame(0, CH, 0, CH.length));
        assertThat(matches(QuicPackets.longPacket(1, QuicVersion.HANDSHAKE, DCID, DCID, 100), 443)).isFalse();
        assertThat(matches(QuicPackets.shortPacket(DCID, 100), 443)).isFalse();
        byte[] unknown = good.clone();
        unknown[4] = 7; // version 0x00000007
        assertThat(matches(unknown, 443)).isFalse();
        byte[] noFixedBit = good.clone();
        noFixedBit[0] &= ~0x40;
        assertThat(matches(noFixedBit, 443)).isFalse();
        byte[] longCid = concat(hex("c000000001"), new byte[] {21}, new byte[21], new byte[] {0}, hex("00"),
                hex("4100"), new byte[256]);
        assertThat(matches(longCid, 443)).isFalse();
        // the declared length must fit the datagram
        assertThat(matches(java.util.Arrays.copyOf(good, good.length - 1), 443)).isFalse();
        for (int cut = 0; cut < 30; cut++) assertThat(matches(java.util.Arrays.copyOf(good, cut), 443)).isFalse();
        // a DNS query
        assertThat(matches(hex("12340100000100000000000003777777076578616d706c6503636f6d0000010001"), 53)).isFalse();
    }

    @Test
    void theStandardRegistryIdentifiesQuicOnAnyPort() throws Exception {
        var registry = io.sluice.protocol.Protocols.standard();
        for (int port : new int[] {443, 53, 8443, 5353, 123}) {
            for (int i = 0; i < 50; i++) {
                // random DCIDs: the protected bytes after the header differ every time
                byte[] dcid = new byte[8];
                new java.util.Random(i).nextBytes(dcid);
                byte[] p = QuicPackets.initial(1, true, dcid, dcid, new byte[0], 0, 2, cryptoFrame(0, CH, 0, CH.length));
                assertThat(registry.identify(false, true, ByteBuffer.wrap(p), 0, p.length, 50000, port))
                        .as("port %d", port).isSameAs(QuicProtocol.SIGNATURE);
            }
        }
    }

    @Test
    void versionNegotiationMatches() {
        byte[] vn = concat(hex("c000000000"), new byte[] {4}, hex("01020304"), new byte[] {0}, QuicPackets.u32(1));
        assertThat(sig.matches(false, ByteBuffer.wrap(vn), 0, vn.length, 50000, 443)).isTrue();
        assertThat(sig.matches(false, ByteBuffer.wrap(vn), 0, vn.length - 1, 50000, 443)).isFalse();
    }

    @Test
    void readsOnlyInsideTheGivenWindow() throws Exception {
        byte[] p = QuicPackets.initial(1, true, DCID, DCID, new byte[0], 0, 2, cryptoFrame(0, CH, 0, CH.length));
        byte[] framed = concat(new byte[9], p, new byte[3]);
        assertThat(sig.matches(true, ByteBuffer.wrap(framed), 9, p.length, 1, 443)).isTrue();
        assertThat(sig.matches(true, ByteBuffer.wrap(framed), 9, p.length + 10, 1, 443)).isFalse(); // past the limit
        assertThat(sig.matches(true, ByteBuffer.wrap(framed), -1, 10, 1, 443)).isFalse();
    }
}
