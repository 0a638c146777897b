package io.sluice.protocol.quic;

import static io.sluice.protocol.quic.InitialProtectionTest.A3_PACKET;
import static io.sluice.protocol.quic.InitialProtectionTest.A3_PLAIN;
import static io.sluice.protocol.quic.InitialProtectionTest.DCID;
import static io.sluice.packet.craft.QuicPackets.hex;
import static io.sluice.packet.craft.QuicPackets.toHex;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.packet.craft.QuicPackets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The per-thread key cache returns the keys a fresh derivation gives, and packets of both
 * directions, opened alternately with the cached keys and their own ciphers, still open.
 */
class InitialCryptoTest {

    @Test
    void cachedKeysAreTheDerivedOnesAndReused() {
        InitialCrypto crypto = InitialCrypto.get();
        byte[] padded = new byte[DCID.length + 5];
        System.arraycopy(DCID, 0, padded, 3, DCID.length);
        InitialKeys first = crypto.keys(1, DCID, 0, DCID.length, true);
        InitialKeys again = crypto.keys(1, padded, 3, DCID.length, true);
        InitialKeys derived = InitialKeys.derive(1, DCID, 0, DCID.length, true);
        assertThat(again).isSameAs(first);
        assertThat(toHex(first.key())).isEqualTo(toHex(derived.key()));
        assertThat(toHex(first.iv())).isEqualTo(toHex(derived.iv()));
        assertThat(toHex(first.hp())).isEqualTo(toHex(derived.hp()));
        InitialKeys server = crypto.keys(1, DCID, 0, DCID.length, false);
        assertThat(server).isNotSameAs(first);
        assertThat(toHex(server.key())).isEqualTo(toHex(InitialKeys.derive(1, DCID, 0, DCID.length, false).key()));
        assertThat(crypto.keys(0x0badbad0, DCID, 0, DCID.length, true)).isNull(); // no salt: no keys
    }

    @Test
    void bothDirectionsOpenAlternatelyWithCachedKeys() throws Exception {
        InitialCrypto crypto = InitialCrypto.get();
        InitialKeys client = crypto.keys(1, DCID, 0, DCID.length, true);
        InitialKeys server = crypto.keys(1, DCID, 0, DCID.length, false);
        byte[] frames = hex("0600400f0100000b0303" + "00".repeat(40));
        var opener = new InitialPacketOpener();
        for (int round = 0; round < 3; round++) {
            byte[] fromClient = QuicPackets.initial(1, true, DCID, DCID, hex("0102"), round, 2, frames);
            byte[] out = new byte[fromClient.length];
            int n = opener.open(client, fromClient, 0, 1 + 4 + 1 + DCID.length + 1 + 2 + 1 + 2, fromClient.length, round - 1, out);
            assertThat(Arrays.copyOf(out, Math.max(n, 0))).isEqualTo(frames);

            byte[] fromServer = hex(A3_PACKET);
            byte[] plain = new byte[fromServer.length];
            n = opener.open(server, fromServer, 0, 18, fromServer.length, -1, plain);
            assertThat(toHex(Arrays.copyOf(plain, Math.max(n, 0)))).isEqualTo(A3_PLAIN);
        }
        // the wrong direction's keys fail, and the right ones still work afterwards
        byte[] fromServer = hex(A3_PACKET);
        assertThat(opener.open(client, fromServer.clone(), 0, 18, fromServer.length, -1, new byte[fromServer.length]))
                .isEqualTo(-1);
        byte[] plain = new byte[fromServer.length];
        int n = opener.open(server, fromServer, 0, 18, fromServer.length, -1, plain);
        assertThat(toHex(Arrays.copyOf(plain, Math.max(n, 0)))).isEqualTo(A3_PLAIN);
    }
}
