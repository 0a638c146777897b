package io.sluice.protocol.dhcp;

import static io.sluice.protocol.dhcp.DhcpBytes.addr;
import static io.sluice.protocol.dhcp.DhcpBytes.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.event.ConnId;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.ContentEvent;
import io.sluice.event.FlowRecord;
import io.sluice.event.TunnelEvent;
import io.sluice.event.FlowListener;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DhcpExchangesTest {
    private static final long S = 1_000_000_000L;
    final List<ContentEvent> out = new ArrayList<>();
    final DhcpExchanges exchanges = new DhcpExchanges(new FlowListener() {
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

    DhcpMessage message(byte[] bytes, long ts, String uid, ConnId id, boolean fromOrig) {
        return new DhcpMessageParser().parse(ByteBuffer.wrap(bytes), 0, bytes.length, ts, uid, id, fromOrig);
    }

    @Test
    void joinsDoraAcrossConnections() {
        var bcast = new ConnId("0.0.0.0", 68, "255.255.255.255", 67);
        var serverBcast = new ConnId("10.0.0.1", 67, "255.255.255.255", 68);
        exchanges.content(message(new DhcpBytes(1, 5).type(1).text(12, "pc").build(true), 1 * S, "C1", bcast, true));
        exchanges.content(message(new DhcpBytes(2, 5).yiaddr(ip(10, 0, 0, 7)).type(2).option(54, addr(10, 0, 0, 1))
                .option(51, (byte) 0, (byte) 0, (byte) 1, (byte) 0).build(true), 2 * S, "C2", serverBcast, true));
        exchanges.content(message(new DhcpBytes(1, 5).type(3).option(50, addr(10, 0, 0, 7)).build(true), 3 * S, "C1", bcast, true));
        exchanges.content(message(new DhcpBytes(2, 5).yiaddr(ip(10, 0, 0, 7)).type(5).option(54, addr(10, 0, 0, 1))
                .build(true), 4 * S, "C2", serverBcast, true));
        assertThat(out).isEmpty();
        exchanges.flush();
        assertThat(out).singleElement().isInstanceOfSatisfying(DhcpTransaction.class, t -> {
            assertThat(t.uids()).containsExactly("C1", "C2");
            assertThat(t.msgTypes()).containsExactly("DISCOVER", "OFFER", "REQUEST", "ACK");
            assertThat(t.hostName()).isEqualTo("pc");
            assertThat(t.mac()).isEqualTo("00:11:22:33:44:55");
            assertThat(t.assignedAddr()).isEqualTo("10.0.0.7");
            assertThat(t.clientAddr()).isEqualTo("10.0.0.7");
            assertThat(t.serverAddr()).isEqualTo("10.0.0.1");
            assertThat(t.requestedAddr()).isEqualTo("10.0.0.7");
            assertThat(t.leaseSeconds()).isEqualTo(256L);
            assertThat(t.durationNanos()).isEqualTo(3 * S);
            assertThat(t.serverIds()).containsExactly("10.0.0.1");
            assertThat(t.msgOrig()).containsExactly("0.0.0.0", "10.0.0.1", "0.0.0.0", "10.0.0.1");
        });
    }

    @Test
    void writesAnExchangeAfterFiveQuietSecondsAtTheTenSecondCheck() {
        var bcast = new ConnId("0.0.0.0", 68, "255.255.255.255", 67);
        exchanges.content(message(new DhcpBytes(1, 1).type(1).build(true), 100 * S, "C1", bcast, true));
        exchanges.content(message(new DhcpBytes(1, 2).type(1).build(true), 109 * S, "C1", bcast, true));
        assertThat(out).isEmpty(); // the first check is 10 s after the first message
        exchanges.content(message(new DhcpBytes(1, 3).type(1).build(true), 111 * S, "C1", bcast, true));
        assertThat(out).hasSize(1);
        assertThat(((DhcpTransaction) out.get(0)).msgTypes()).containsExactly("DISCOVER");
    }

    @Test
    void tenUidsWriteTheRowAtOnce() {
        for (int i = 0; i < 10; i++) {
            var id = new ConnId("10.0.0." + (i + 2), 68, "10.0.0.1", 67);
            exchanges.content(message(new DhcpBytes(1, 42).type(8).build(true), S + i, "C" + i, id, true));
        }
        assertThat(out).singleElement().isInstanceOfSatisfying(DhcpTransaction.class, t -> assertThat(t.uids()).hasSize(10));
    }

    @Test
    void otherEventsPassThrough() {
        var w = new io.sluice.event.Weird(5, "C1", null, "x", null, false, "zeek", null);
        exchanges.content(w);
        assertThat(out).containsExactly(w);
    }
}
