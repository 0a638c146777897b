package io.sluice.protocol.arp;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.event.ConnectionCreation;
import io.sluice.event.ContentEvent;
import io.sluice.event.FlowRecord;
import io.sluice.event.TunnelEvent;
import io.sluice.event.FlowListener;
import io.sluice.packet.LinkType;
import io.sluice.packet.Packet;
import io.sluice.packet.PacketDecoder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class ArpLogTest {
    final List<ContentEvent> out = new ArrayList<>();
    final ArpLog log = new ArpLog(new FlowListener() {
        @Override
        public void connectionCreated(ConnectionCreation event) {}

        @Override
        public void flowEnded(FlowRecord record) {}

        @Override
        public void tunnel(TunnelEvent event) {}

        @Override
        public void content(ContentEvent event) {
            out.add(event);
        }
    });

    /** An Ethernet frame, optionally 802.1Q-tagged, carrying an Ethernet/IPv4 ARP body. */
    static byte[] frame(int vlan, int op, long senderMac, int senderIp, long targetMac, int targetIp) {
        var b = ByteBuffer.allocate(14 + (vlan >= 0 ? 4 : 0) + 28);
        putMac(b, 0xffffffffffffL);
        putMac(b, senderMac);
        if (vlan >= 0) b.putShort((short) 0x8100).putShort((short) vlan);
        b.putShort((short) 0x0806);
        b.putShort((short) 1).putShort((short) 0x0800).put((byte) 6).put((byte) 4).putShort((short) op);
        putMac(b, senderMac);
        b.putInt(senderIp);
        putMac(b, targetMac);
        b.putInt(targetIp);
        return b.array();
    }

    static void putMac(ByteBuffer b, long mac) {
        for (int i = 5; i >= 0; i--) b.put((byte) (mac >>> (8 * i)));
    }

    void feed(byte[] frame, long ts) {
        var p = new Packet();
        p.reset();
        p.tsNanos = ts;
        p.buf = ByteBuffer.wrap(frame);
        p.linkType = LinkType.ETHERNET;
        p.capLen = frame.length;
        p.wireLen = frame.length;
        new PacketDecoder().decode(p);
        log.packet(p);
    }

    @Test
    void requestReplyWithAddresses() {
        feed(frame(-1, 1, 0x001d09f092abL, 0x0a0a0a01, 0, 0x0a0a0a02), 5);
        feed(frame(-1, 2, 0x001a6b6c0cccL, 0x0a0a0a02, 0x001d09f092abL, 0x0a0a0a01), 6);
        assertThat(out).hasSize(2);
        var req = (ArpMessage) out.get(0);
        assertThat(req.operationName()).isEqualTo("request");
        assertThat(req.srcMac()).isEqualTo("00:1d:09:f0:92:ab");
        assertThat(req.srcIp()).isEqualTo("10.10.10.1");
        assertThat(req.dstMac()).isEqualTo("00:00:00:00:00:00");
        assertThat(req.dstIp()).isEqualTo("10.10.10.2");
        assertThat(req.gratuitous()).isFalse();
        assertThat(req.probe()).isFalse();
        assertThat(req.vlan()).isNull();
        assertThat(req.ethDst()).isEqualTo("ff:ff:ff:ff:ff:ff");
        var rep = (ArpMessage) out.get(1);
        assertThat(rep.operationName()).isEqualTo("reply");
        assertThat(rep.tsNanos()).isEqualTo(6);
    }

    @Test
    void gratuitousAndProbeAndVlan() {
        feed(frame(7, 1, 0x020000000001L, 0x0a000005, 0, 0x0a000005), 1);
        feed(frame(-1, 1, 0x020000000001L, 0, 0, 0x0a000005), 2);
        var announce = (ArpMessage) out.get(0);
        assertThat(announce.gratuitous()).isTrue();
        assertThat(announce.probe()).isFalse();
        assertThat(announce.vlan()).isEqualTo(7);
        var probe = (ArpMessage) out.get(1);
        assertThat(probe.probe()).isTrue();
        assertThat(probe.gratuitous()).isFalse();
    }

    @Test
    void truncatedOrNonEthernetArpIsNotLogged() {
        byte[] f = frame(-1, 1, 1, 1, 0, 2);
        feed(java.util.Arrays.copyOf(f, 30), 1);
        f[14 + 4] = 8; // hardware length 8
        feed(f, 2);
        assertThat(out).isEmpty();
    }

    @Property(tries = 300)
    void randomArpBodiesNeverThrow(@ForAll @Size(max = 60) byte[] body) {
        byte[] f = new byte[14 + body.length];
        f[12] = 0x08;
        f[13] = 0x06;
        System.arraycopy(body, 0, f, 14, body.length);
        feed(f, 1);
        assertThat(out.size()).isLessThanOrEqualTo(1);
        out.clear();
    }
}
