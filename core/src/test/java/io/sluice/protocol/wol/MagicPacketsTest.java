package io.sluice.protocol.wol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class MagicPacketsTest {

    /** {@code prefix} bytes of 0x41, the sync stream, sixteen times {@code mac}, then {@code suffix} bytes. */
    static byte[] magic(int prefix, byte[] mac, int suffix) {
        byte[] b = new byte[prefix + MagicPackets.LENGTH + suffix];
        Arrays.fill(b, 0, prefix, (byte) 0x41);
        Arrays.fill(b, prefix, prefix + 6, (byte) 0xff);
        for (int r = 0; r < 16; r++) System.arraycopy(mac, 0, b, prefix + 6 + r * 6, 6);
        return b;
    }

    private static final byte[] MAC = {0x00, 0x1b, 0x21, 0x3a, 0x4c, 0x5d};

    @Test
    void findsThePatternAtTheStartAfterOtherBytesAndAfterLongerFfRuns() {
        assertThat(MagicPackets.find(ByteBuffer.wrap(magic(0, MAC, 0)), 0, MagicPackets.LENGTH)).isZero();
        byte[] embedded = magic(40, MAC, 6);
        assertThat(MagicPackets.find(ByteBuffer.wrap(embedded), 0, embedded.length)).isEqualTo(40);
        assertThat(MagicPackets.target(ByteBuffer.wrap(embedded), 40)).isEqualTo("00:1b:21:3a:4c:5d");
        byte[] longRun = magic(2, MAC, 0);
        longRun[0] = longRun[1] = (byte) 0xff; // eight FF before the addresses
        assertThat(MagicPackets.find(ByteBuffer.wrap(longRun), 0, longRun.length)).isEqualTo(2);
    }

    @Test
    void rejectsBrokenRepetitionsPaddingAndShortPayloads() {
        byte[] broken = magic(0, MAC, 0);
        broken[6 + 15 * 6 + 5] ^= 1; // the sixteenth copy differs in its last byte
        assertThat(MagicPackets.find(ByteBuffer.wrap(broken), 0, broken.length)).isEqualTo(-1);
        byte[] allFf = new byte[200];
        Arrays.fill(allFf, (byte) 0xff);
        assertThat(MagicPackets.find(ByteBuffer.wrap(allFf), 0, allFf.length)).isEqualTo(-1);
        byte[] zeros = magic(0, new byte[6], 0); // FF then zero filler, as some headers have
        assertThat(MagicPackets.find(ByteBuffer.wrap(zeros), 0, zeros.length)).isEqualTo(-1);
        byte[] multicast = magic(0, new byte[] {0x01, 0x00, 0x5e, 0, 0, 1}, 0);
        assertThat(MagicPackets.find(ByteBuffer.wrap(multicast), 0, multicast.length)).isEqualTo(-1);
        byte[] whole = magic(0, MAC, 0);
        assertThat(MagicPackets.find(ByteBuffer.wrap(whole), 0, whole.length - 1)).isEqualTo(-1);
        byte[] far = magic(MagicPackets.SEARCH + 1, MAC, 0);
        assertThat(MagicPackets.find(ByteBuffer.wrap(far), 0, far.length)).isEqualTo(-1);
    }

    @Property
    void neverThrowsAndAnyHitIsAValidPattern(@ForAll byte[] payload) {
        int at = MagicPackets.find(ByteBuffer.wrap(payload), 0, payload.length);
        if (at >= 0) {
            for (int k = 0; k < 6; k++) assertThat(payload[at + k]).isEqualTo((byte) 0xff);
            for (int r = 1; r < 16; r++) {
                assertThat(Arrays.copyOfRange(payload, at + 6 + r * 6, at + 12 + r * 6))
                        .isEqualTo(Arrays.copyOfRange(payload, at + 6, at + 12));
            }
        }
    }
}
