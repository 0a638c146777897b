package io.sluice.protocol.natpmp;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.RecordingContext;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class NatPmpDissectorTest {

    /** NAT-PMP map TCP request: version 0, opcode 2, reserved, internal 4444, suggested external 4444, 7200 s. */
    static final byte[] NATPMP_MAP_TCP = {0, 2, 0, 0, 0x11, 0x5c, 0x11, 0x5c, 0, 0, 0x1c, 0x20};
    /** Its answer: opcode 130, result 0, epoch 1000, internal 4444, mapped 40000, 7200 s. */
    static final byte[] NATPMP_MAP_TCP_OK = {0, (byte) 130, 0, 0, 0, 0, 0x03, (byte) 0xe8, 0x11, 0x5c, (byte) 0x9c, 0x40,
        0, 0, 0x1c, 0x20};

    /** A PCP MAP request for TCP internal port 3389, suggested external 3389, lifetime 3600 s. */
    static byte[] pcpMap() {
        var b = ByteBuffer.allocate(60);
        b.put((byte) 2).put((byte) 1).putShort((short) 0).putInt(3600);
        b.put(new byte[10]).putShort((short) 0xffff).put(new byte[] {10, 0, 0, 40}); // client IP, v4-mapped
        b.put(new byte[12]); // nonce
        b.put((byte) 6).put(new byte[3]).putShort((short) 3389).putShort((short) 3389);
        b.put(new byte[16]);
        return b.array();
    }

    private static RecordingContext feed(byte[]... datagrams) {
        var ctx = RecordingContext.udp("10.0.0.40", 5350, "10.0.0.1", 5351);
        var d = new NatPmpDissector();
        boolean orig = true;
        for (byte[] g : datagrams) {
            d.onData(orig, ByteBuffer.wrap(g), 0, g.length, ctx);
            orig = !orig;
        }
        return ctx;
    }

    @Test
    void natPmpMapRequestAndAnswer() {
        var rows = feed(NATPMP_MAP_TCP, NATPMP_MAP_TCP_OK).eventsOf(PortMapping.class);
        assertThat(rows).hasSize(2);
        var req = rows.get(0);
        assertThat(req.protocol()).isEqualTo("nat-pmp");
        assertThat(req.opcode()).isEqualTo("map_tcp");
        assertThat(req.internalPort()).isEqualTo(4444);
        assertThat(req.externalPort()).isEqualTo(4444);
        assertThat(req.lifetime()).isEqualTo(7200);
        assertThat(req.opensMapping()).isTrue();
        var ok = rows.get(1);
        assertThat(ok.response()).isTrue();
        assertThat(ok.resultCode()).isZero();
        assertThat(ok.externalPort()).isEqualTo(40000);
        assertThat(ok.opensMapping()).isFalse();
    }

    @Test
    void pcpMapRequest() {
        assertThat(feed(pcpMap()).eventsOf(PortMapping.class)).singleElement().satisfies(m -> {
            assertThat(m.protocol()).isEqualTo("pcp");
            assertThat(m.opcode()).isEqualTo("map");
            assertThat(m.transport()).isEqualTo("tcp");
            assertThat(m.internalPort()).isEqualTo(3389);
            assertThat(m.lifetime()).isEqualTo(3600);
        });
    }

    @Test
    void truncatedAndUnknownMessagesAreWeirdsNotRows() {
        var ctx = feed(new byte[] {0, 2, 0, 0, 1}, new byte[] {0, 9}, new byte[] {2, 1, 0, 0, 0, 0, 0, 0});
        assertThat(ctx.events).isEmpty();
        assertThat(ctx.weirds).extracting(w -> w.name())
                .containsExactly("NATPMP_truncated_message", "NATPMP_unknown_opcode", "NATPMP_truncated_message");
    }

    @Test
    void theSignatureNeedsThePortAndAValidShape() {
        var s = new NatPmpSignature();
        assertThat(s.matches(true, ByteBuffer.wrap(NATPMP_MAP_TCP), 0, 12, 5350, 5351)).isTrue();
        assertThat(s.matches(true, ByteBuffer.wrap(NATPMP_MAP_TCP), 0, 12, 5350, 5352)).isFalse();
        assertThat(s.matches(true, ByteBuffer.wrap(NATPMP_MAP_TCP), 0, 11, 5350, 5351)).isFalse();
        assertThat(s.matches(true, ByteBuffer.wrap(pcpMap()), 0, 60, 5350, 5351)).isTrue();
    }
}
