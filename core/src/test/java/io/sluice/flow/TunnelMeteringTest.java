package io.sluice.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.event.FlowRecord;
import io.sluice.event.TunnelEvent;
import io.sluice.packet.IpAddress;
import io.sluice.packet.Packet;
import io.sluice.packet.Tunnel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** tunnel_parents and tunnel.log rows as Zeek's tunnels framework writes them. */
class TunnelMeteringTest {
    RecordingListener out;
    FlowTable table;

    @BeforeEach
    void setUp() {
        out = new RecordingListener();
        table = new FlowTable(FlowConfig.defaults(), out);
    }

    Flow outer(double t, String src, int sport, String dst) {
        table.process(Pkts.udp(t, src, sport, dst, 4789, 100));
        Flow f = table.lastFlow();
        f.markTunnel(Tunnel.VXLAN);
        return f;
    }

    @Test
    void innerFlowCarriesEveryOuterUidItWasSeenIn() {
        Flow a = outer(1.0, "192.168.56.11", 48134, "192.168.56.12");
        String aUid = a.uid();
        table.process(Pkts.icmp(1.0, "10.0.0.1", "10.0.0.2", 8, 0, 56), a);
        Flow b = outer(1.1, "192.168.56.12", 38071, "192.168.56.11");
        String bUid = b.uid();
        table.process(Pkts.icmp(1.1, "10.0.0.2", "10.0.0.1", 0, 0, 56), b);
        Flow a2 = outer(2.0, "192.168.56.11", 48134, "192.168.56.12");
        table.process(Pkts.icmp(2.0, "10.0.0.1", "10.0.0.2", 8, 0, 56), a2);
        table.flush();

        FlowRecord inner = out.ended.stream().filter(r -> r.proto().equals("icmp")).findFirst().orElseThrow();
        assertThat(inner.tunnelParents()).containsExactlyInAnyOrder(aUid, bUid);
        assertThat(out.tunnels).extracting(TunnelEvent::action)
                .containsExactly("Tunnel::DISCOVER", "Tunnel::DISCOVER", "Tunnel::CLOSE", "Tunnel::CLOSE");
        assertThat(out.tunnels.get(0).uid()).isEqualTo(aUid);
        assertThat(out.tunnels.get(0).tunnelType()).isEqualTo("Tunnel::VXLAN");
        assertThat(out.tunnels.get(0).id().respP()).isEqualTo(4789);
    }

    @Test
    void outerConnectionWithoutInnerConnectionsIsNoTunnelRow() {
        outer(1.0, "192.168.56.12", 40908, "192.168.56.11");
        table.flush();
        assertThat(out.tunnels).isEmpty();
    }

    @Test
    void ipTunnelKeepsOneUidPerHostPairAndIsNeverClosed() {
        Packet gre = Pkts.ip(1.0, "172.27.1.66", "66.59.109.137", 47, 100);
        IpTunnel t1 = table.ipTunnel(gre, Tunnel.GRE, null);
        table.process(Pkts.icmp(1.0, "66.59.111.190", "172.28.2.3", 8, 0, 56), t1);
        Packet back = Pkts.ip(1.1, "66.59.109.137", "172.27.1.66", 47, 100);
        IpTunnel t2 = table.ipTunnel(back, Tunnel.GRE, null);
        table.process(Pkts.icmp(1.1, "172.28.2.3", "66.59.111.190", 0, 0, 56), t2);
        table.flush();
        assertThat(t2).isSameAs(t1);
        assertThat(out.tunnels).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("Tunnel::DISCOVER");
            assertThat(e.id().origH()).isEqualTo("172.27.1.66");
            assertThat(e.id().origP()).isZero();
            assertThat(e.id().respP()).isZero();
            assertThat(e.tunnelType()).isEqualTo("Tunnel::GRE");
        });
        assertThat(out.only().tunnelParents()).containsExactly(t1.uid());
    }

    @Test
    void tunnelWithoutNewInnerConnectionsForAnHourIsExpired() {
        Packet gre = Pkts.ip(1.0, "172.27.1.66", "66.59.109.137", 47, 100);
        IpTunnel tun = table.ipTunnel(gre, Tunnel.GRE, null);
        table.process(Pkts.icmp(1.0, "66.59.111.190", "172.28.2.3", 8, 0, 56), tun);
        table.advanceTime(Math.round((1.0 + 3599) * 1e9));
        assertThat(out.tunnels).extracting(TunnelEvent::action).containsExactly("Tunnel::DISCOVER");
        table.advanceTime(Math.round((1.0 + 3601) * 1e9));
        assertThat(out.tunnels).extracting(TunnelEvent::action).containsExactly("Tunnel::DISCOVER", "Tunnel::EXPIRE");
    }

    @Test
    void proxyTunnelsAreBoundedAndTheLeastRecentlyRequestedGoesFirst() {
        var proxies = new ProxyTunnels(out, 2);
        long a = IpAddress.v4Lo(0x0a010105), b = IpAddress.v4Lo(0x0a010106), c = IpAddress.v4Lo(0x0a010107),
                proxy = IpAddress.v4Lo(0x0a010109);
        proxies.register(0, a, 0, proxy, 1080, "Tunnel::SOCKS", 1_000_000_000L);
        proxies.register(0, b, 0, proxy, 1080, "Tunnel::SOCKS", 2_000_000_000L);
        proxies.register(0, a, 0, proxy, 1080, "Tunnel::SOCKS", 3_000_000_000L); // refreshes a: b is now the eldest
        proxies.register(0, c, 0, proxy, 1080, "Tunnel::SOCKS", 4_000_000_000L); // full: b is ended to make room
        assertThat(out.tunnels).extracting(e -> e.action() + " " + e.id().origH() + " " + e.tsNanos())
                .containsExactly("Tunnel::DISCOVER 10.1.1.5 1000000000", "Tunnel::DISCOVER 10.1.1.6 2000000000",
                        "Tunnel::EXPIRE 10.1.1.6 4000000000", "Tunnel::DISCOVER 10.1.1.7 4000000000");
        assertThat(proxies.size()).isEqualTo(2);
        assertThat(proxies.evicted()).isEqualTo(1);

        // an hour after a's last request, but not yet after c's: only a expires
        long hour = 3_600_000_000_000L;
        proxies.expire(3_000_000_000L + hour, hour);
        assertThat(out.tunnels).hasSize(5);
        assertThat(out.tunnels.get(4)).satisfies(e -> {
            assertThat(e.action()).isEqualTo("Tunnel::EXPIRE");
            assertThat(e.id().origH()).isEqualTo("10.1.1.5");
            assertThat(e.id().origP()).isZero();
            assertThat(e.id().respP()).isEqualTo(1080);
            assertThat(e.uid()).isNull();
        });
        assertThat(proxies.size()).isEqualTo(1);
    }

    @Test
    void proxyTunnelsExpireByPacketTimeAndStayActiveAtTheEndOfInput() {
        ProxyTunnels proxies = table.proxyTunnels();
        long a = IpAddress.v4Lo(0x0a010105), b = IpAddress.v4Lo(0x0a010106), proxy = IpAddress.v4Lo(0x0a010109);
        table.advanceTime(1_000_000_000L);
        proxies.register(0, a, 0, proxy, 1080, "Tunnel::SOCKS", 1_000_000_000L);
        proxies.register(0, b, 0, proxy, 1080, "Tunnel::SOCKS", 1_000_000_000L);
        table.advanceTime(Math.round((1.0 + 3599) * 1e9));
        proxies.register(0, b, 0, proxy, 1080, "Tunnel::SOCKS", Math.round((1.0 + 3599) * 1e9));
        table.advanceTime(Math.round((1.0 + 3601) * 1e9));
        assertThat(out.tunnels).extracting(e -> e.action() + " " + e.id().origH()).containsExactly(
                "Tunnel::DISCOVER 10.1.1.5", "Tunnel::DISCOVER 10.1.1.6", "Tunnel::EXPIRE 10.1.1.5");
        assertThat(out.tunnels.get(2).tsNanos()).isEqualTo(Math.round((1.0 + 3601) * 1e9));
        table.flush();
        assertThat(out.tunnels).hasSize(3);
        assertThat(proxies.size()).isEqualTo(1);
    }
}
