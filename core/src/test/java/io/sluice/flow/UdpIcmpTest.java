package io.sluice.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.event.FlowRecord;
import io.sluice.packet.Packet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** UDP and ICMP flows: states, byte counts from payload lengths, Zeek's ICMP "ports", timeouts. */
class UdpIcmpTest {
    RecordingListener out;
    FlowTable table;

    @BeforeEach
    void setUp() {
        out = new RecordingListener();
        table = new FlowTable(FlowConfig.defaults(), out);
    }

    @Test
    void requestAndReplyIsSf() {
        table.process(Pkts.udp(1.0, "192.168.1.5", 33333, "8.8.8.8", 53, 30));
        table.process(Pkts.udp(1.5, "8.8.8.8", 53, "192.168.1.5", 33333, 120));
        table.process(Pkts.udp(2.0, "192.168.1.5", 33333, "8.8.8.8", 53, 10));
        table.flush();
        FlowRecord r = out.only();
        assertThat(r.connState()).isEqualTo("SF");
        assertThat(r.history()).isEqualTo("Dd");
        assertThat(r.origBytes()).isEqualTo(40L);
        assertThat(r.respBytes()).isEqualTo(120L);
        assertThat(r.origPkts()).isEqualTo(2);
        assertThat(r.origIpBytes()).isEqualTo(28 + 30 + 28 + 10);
        assertThat(r.durationNanos()).isEqualTo(1_000_000_000L);
        assertThat(r.proto()).isEqualTo("udp");
        assertThat(r.localOrig()).isTrue();
        assertThat(r.localResp()).isFalse();
    }

    @Test
    void requestOnlyIsS0WithoutDuration() {
        table.process(Pkts.udp(1.0, "10.1.1.1", 5000, "10.1.1.2", 6000, 10));
        table.flush();
        FlowRecord r = out.only();
        assertThat(r.connState()).isEqualTo("S0");
        assertThat(r.history()).isEqualTo("D");
        assertThat(r.durationNanos()).isNull();
        assertThat(r.origBytes()).isNull();
    }

    @Test
    void replyFromServerPortFirstIsFlippedShr() {
        table.process(Pkts.udp(1.0, "128.2.6.152", 67, "128.2.6.97", 68, 300));
        table.flush();
        FlowRecord r = out.only();
        assertThat(r.id().origH()).isEqualTo("128.2.6.97");
        assertThat(r.id().origP()).isEqualTo(68);
        assertThat(r.connState()).isEqualTo("SHR");
        assertThat(r.history()).isEqualTo("^d");
        assertThat(r.respPkts()).isEqualTo(1);
    }

    @Test
    void broadcastDestinationIsNeverFlipped() {
        table.process(Pkts.udp(1.0, "128.2.6.152", 67, "255.255.255.255", 9999, 300));
        table.flush();
        FlowRecord r = out.only();
        assertThat(r.id().origH()).isEqualTo("128.2.6.152");
        assertThat(r.history()).isEqualTo("D");
        assertThat(r.localResp()).isTrue();
    }

    @Test
    void badUdpChecksumIsCountedButNotAnalysed() {
        table = new FlowTable(FlowConfig.defaults(), out, p -> p.payloadLength != 99);
        table.process(Pkts.udp(1.0, "10.1.1.1", 5000, "10.1.1.2", 6000, 99));
        table.flush();
        FlowRecord r = out.only();
        assertThat(r.history()).isEqualTo("C");
        assertThat(r.origPkts()).isEqualTo(1);
        assertThat(r.connState()).isEqualTo("OTH");
    }

    @Test
    void udpFlowExpiresAfterAMinuteWithoutPackets() {
        table.process(Pkts.udp(1.0, "10.1.1.1", 5000, "10.1.1.2", 6000, 10));
        table.process(Pkts.udp(60.9, "10.9.9.9", 1, "10.9.9.8", 2, 10));
        assertThat(out.ended).isEmpty();
        table.process(Pkts.udp(61.0, "10.9.9.9", 1, "10.9.9.8", 2, 10));
        assertThat(out.ended).hasSize(1);
        assertThat(out.ended.get(0).id().origP()).isEqualTo(5000);
        assertThat(table.stats().expired()).isEqualTo(1);
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void echoRequestAndReplyAreOneIcmpFlow() {
        table.process(Pkts.icmp(1.0, "10.0.0.1", "10.0.0.2", 8, 0, 56));
        table.process(Pkts.icmp(1.1, "10.0.0.2", "10.0.0.1", 0, 0, 56));
        table.process(Pkts.icmp(2.0, "10.0.0.1", "10.0.0.2", 8, 0, 56));
        table.flush();
        FlowRecord r = out.only();
        assertThat(r.proto()).isEqualTo("icmp");
        assertThat(r.id().origP()).isEqualTo(8);
        assertThat(r.id().respP()).isEqualTo(0);
        assertThat(r.connState()).isEqualTo("OTH");
        assertThat(r.history()).isEmpty();
        assertThat(r.origBytes()).isEqualTo(112L);
        assertThat(r.respBytes()).isEqualTo(56L);
        assertThat(r.origIpBytes()).isEqualTo(168);
    }

    @Test
    void oneWayIcmpUsesTheCodeAndIsKeyedByDirection() {
        table.process(Pkts.icmp(1.0, "172.28.2.3", "66.59.111.190", 3, 3, 50));
        table.process(Pkts.icmp(1.5, "66.59.111.190", "172.28.2.3", 3, 3, 50));
        table.process(Pkts.icmp(2.0, "172.28.2.3", "66.59.111.190", 3, 3, 50));
        table.flush();
        assertThat(out.ended).hasSize(2);
        FlowRecord a = out.ended.stream().filter(r -> r.id().origH().equals("172.28.2.3")).findFirst().orElseThrow();
        assertThat(a.id().origP()).isEqualTo(3);
        assertThat(a.id().respP()).isEqualTo(3);
        assertThat(a.origPkts()).isEqualTo(2);
        assertThat(a.respPkts()).isZero();
    }

    @Test
    void icmpv6NeighborSolicitationPairsWithAdvertisement() {
        Packet ns = Pkts.icmp(1.0, "10.0.0.1", "10.0.0.2", 135, 0, 24);
        ns.ipProto = 58;
        ns.ipVersion = 6;
        Packet na = Pkts.icmp(1.2, "10.0.0.2", "10.0.0.1", 136, 0, 24);
        na.ipProto = 58;
        na.ipVersion = 6;
        table.process(ns);
        table.process(na);
        table.flush();
        FlowRecord r = out.only();
        assertThat(r.id().origP()).isEqualTo(135);
        assertThat(r.id().respP()).isEqualTo(136);
        assertThat(r.ipProto()).isEqualTo(58);
    }

    @Test
    void vlansSeparateFlows() {
        Packet a = Pkts.udp(1.0, "10.1.1.1", 5000, "10.1.1.2", 6000, 10);
        a.vlan = 13;
        a.innerVlan = 10;
        Packet b = Pkts.udp(1.1, "10.1.1.1", 5000, "10.1.1.2", 6000, 10);
        b.vlan = 14;
        table.process(a);
        table.process(b);
        table.flush();
        assertThat(out.ended).hasSize(2);
        assertThat(out.ended).anySatisfy(r -> {
            assertThat(r.vlan()).isEqualTo(13);
            assertThat(r.innerVlan()).isEqualTo(10);
        });
    }

    @Test
    void nonTransportPacketsAreNotMetered() {
        Packet arp = new Packet();
        arp.tsNanos = 1;
        table.process(arp);
        Packet frag = Pkts.udp(1.0, "10.1.1.1", 5000, "10.1.1.2", 6000, 10);
        frag.fragment = true;
        table.process(frag);
        assertThat(table.size()).isZero();
        assertThat(table.stats().notMetered()).isEqualTo(2);
    }
}
