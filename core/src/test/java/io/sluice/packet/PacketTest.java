package io.sluice.packet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PacketTest {
    @Test
    void resetClearsEveryLayer() {
        var p = new Packet();
        p.ipVersion = 4;
        p.vlan = 7;
        p.tunnel = Tunnel.GRE;
        p.error = DecodeError.TRUNCATED_IP;
        p.reset();
        assertThat(p.ipVersion).isZero();
        assertThat(p.vlan).isEqualTo(-1);
        assertThat(p.tunnel).isEqualTo(Tunnel.NONE);
        assertThat(p.error).isEqualTo(DecodeError.NONE);
    }
}
