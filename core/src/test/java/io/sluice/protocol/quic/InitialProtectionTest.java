package io.sluice.protocol.quic;

import static io.sluice.packet.craft.QuicPackets.hex;
import static io.sluice.packet.craft.QuicPackets.toHex;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.packet.craft.QuicPackets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Initial keys and packet protection against the published test vectors (RFC 9001 A, RFC 9369 A). */
class InitialProtectionTest {
    static final byte[] DCID = hex("8394c8f03e515708");

    @ParameterizedTest(name = "{0} client={1}")
    @CsvSource({
        // RFC 9001 A.1
        "1, true, 1f369613dd76d5467730efcbe3b1a22d, fa044b2f42a3fd3b46fb255c, 9f50449e04a0e810283a1e9933adedd2",
        "1, false, cf3a5331653c364c88f0f379b6067e37, 0ac1493ca1905853b0bba03e, c206b8d9b9f0f37644430b490eeaa314",
        // RFC 9369 A.1
        "1798521807, true, 8b1a0bc121284290a29e0971b5cd045d, 91f73e2351d8fa91660e909f, 45b95e15235d6f45a6b19cbcb0294ba9",
        "1798521807, false, 82db637861d55e1d011f19ea71d5d2a7, dd13c276499c0249d3310652, edf6d05c83121201b436e16877593c3a",
    })
    void keysMatchThePublishedVectors(int version, boolean client, String key, String iv, String hp) {
        InitialKeys k = InitialKeys.derive(version, DCID, 0, DCID.length, client);
        assertThat(toHex(k.key())).isEqualTo(key);
        assertThat(toHex(k.iv())).isEqualTo(iv);
        assertThat(toHex(k.hp())).isEqualTo(hp);
    }

    static final String A3_PACKET = "cf000000010008f067a5502a4262b5004075c0d95a482cd0991cd25b0aac406a"
            + "5816b6394100f37a1c69797554780bb38cc5a99f5ede4cf73c3ec2493a1839b3"
            + "dbcba3f6ea46c5b7684df3548e7ddeb9c3bf9c73cc3f3bded74b562bfb19fb84"
            + "022f8ef4cdd93795d77d06edbb7aaf2f58891850abbdca3d20398c276456cbc4"
            + "2158407dd074ee";
    static final String A3_PLAIN = "02000000000600405a020000560303eefce7f7b37ba1d1632e96677825ddf739"
            + "88cfc79825df566dc5430b9a045a1200130100002e00330024001d00209d3c94"
            + "0d89690b84d08a60993c144eca684d1081287c834d5311bcf32bb9da1a002b00"
            + "020304";

    @Test
    void opensTheServerInitialOfRfc9001A3() {
        byte[] pkt = hex(A3_PACKET);
        InitialKeys keys = InitialKeys.derive(1, DCID, 0, DCID.length, false);
        var opener = new InitialPacketOpener();
        byte[] out = new byte[pkt.length];
        // header: first byte, version, dcid len 0, scid len 8 + scid, token length 0, length 0x4075
        int n = opener.open(keys, pkt, 0, 18, pkt.length, -1, out);
        assertThat(n).isEqualTo(A3_PLAIN.length() / 2);
        assertThat(toHex(java.util.Arrays.copyOf(out, n))).isEqualTo(A3_PLAIN);
        assertThat(opener.packetNumber).isEqualTo(1);
    }

    @Test
    void theTestBuilderProtectsAsRfc9001A3() throws Exception {
        byte[] built = QuicPackets.initial(1, false, DCID, new byte[0], hex("f067a5502a4262b5"), 1, 2, hex(A3_PLAIN));
        assertThat(toHex(built)).isEqualTo(A3_PACKET);
    }

    @Test
    void wrongKeysOrDamageFailWithoutThrowing() {
        byte[] pkt = hex(A3_PACKET);
        var opener = new InitialPacketOpener();
        byte[] out = new byte[pkt.length];
        InitialKeys client = InitialKeys.derive(1, DCID, 0, DCID.length, true);
        assertThat(opener.open(client, pkt.clone(), 0, 18, pkt.length, -1, out)).isEqualTo(-1);
        byte[] damaged = pkt.clone();
        damaged[damaged.length - 1] ^= 1;
        InitialKeys server = InitialKeys.derive(1, DCID, 0, DCID.length, false);
        assertThat(opener.open(server, damaged, 0, 18, pkt.length, -1, out)).isEqualTo(-1);
        assertThat(opener.open(server, pkt.clone(), 0, 18, 30, -1, out)).isEqualTo(-1); // no room for the sample
    }

    @ParameterizedTest
    @CsvSource({
        // RFC 9000 A.3's example, then wrap-arounds both ways
        "0xa82f30ea, 0x9b32, 16, 0xa82f9b32",
        "-1, 0, 8, 0",
        "255, 1, 8, 257",
        "300, 250, 8, 250",
    })
    void packetNumbersAreDecodedAroundTheExpectedOne(String largest, String truncated, int bits, String expected) {
        assertThat(InitialPacketOpener.decodePacketNumber(Long.decode(largest), Long.decode(truncated), bits))
                .isEqualTo(Long.decode(expected));
    }
}
