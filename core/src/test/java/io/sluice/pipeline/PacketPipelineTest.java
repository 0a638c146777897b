package io.sluice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.capture.CaptureException;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.FlowRecord;
import io.sluice.event.TunnelEvent;
import io.sluice.flow.FlowConfig;
import io.sluice.event.FlowListener;
import io.sluice.packet.craft.FrameBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pipeline over crafted frames: tunnels, damaged inputs, checksum drops, progress. */
class PacketPipelineTest {
    final List<FlowRecord> conns = new ArrayList<>();
    final List<TunnelEvent> tunnels = new ArrayList<>();
    final FlowListener listener = new FlowListener() {
        @Override
        public void connectionCreated(ConnectionCreation event) {}

        @Override
        public void flowEnded(FlowRecord record) {
            conns.add(record);
        }

        @Override
        public void tunnel(TunnelEvent event) {
            tunnels.add(event);
        }
    };

    FlowRecord conn(String proto) {
        return conns.stream().filter(r -> r.proto().equals(proto)).findFirst().orElseThrow();
    }

    @Test
    void vxlanOuterConnectionIsTheInnerFlowsTunnelParent() {
        var source = new FramesSource("vxlan")
                .add(1.0, FrameBuilder.raw().ipv4("192.168.56.11", "192.168.56.12").vxlan(123)
                        .innerEthernet("02:00:00:00:00:01", "02:00:00:00:00:02")
                        .ipv4("10.0.0.1", "10.0.0.2").icmpEcho(1, 1).payload(new byte[56]).build())
                .add(1.1, FrameBuilder.raw().ipv4("192.168.56.11", "192.168.56.12").vxlan(123)
                        .innerEthernet("02:00:00:00:00:01", "02:00:00:00:00:02")
                        .ipv4("10.0.0.1", "10.0.0.2").icmpEcho(1, 2).payload(new byte[56]).build());
        var pipeline = new PacketPipeline(FlowConfig.defaults(), listener);
        assertThat(pipeline.run(source, null)).isNull();
        pipeline.finish();
        FlowRecord outer = conn("udp");
        FlowRecord inner = conn("icmp");
        assertThat(outer.id().respP()).isEqualTo(4789);
        assertThat(inner.tunnelParents()).containsExactly(outer.uid());
        assertThat(inner.origBytes()).isEqualTo(112L);
        assertThat(tunnels).extracting(TunnelEvent::action).containsExactly("Tunnel::DISCOVER", "Tunnel::CLOSE");
        assertThat(tunnels.get(0).uid()).isEqualTo(outer.uid());
        assertThat(pipeline.stats().innerPackets()).isEqualTo(2);
    }

    @Test
    void greTunnelHasAUidOfItsOwnAndNoConnection() {
        var source = new FramesSource("gre")
                .add(1.0, FrameBuilder.raw().ipv4("172.27.1.66", "66.59.109.137").gre()
                        .ipv4("66.59.111.190", "172.28.2.3").tcp(40264, 22).flags(FrameBuilder.SYN).seq(100).build())
                .add(1.1, FrameBuilder.raw().ipv4("66.59.109.137", "172.27.1.66").gre()
                        .ipv4("172.28.2.3", "66.59.111.190").tcp(22, 40264).flags(FrameBuilder.SYN | FrameBuilder.ACK)
                        .seq(500).ack(101).build());
        var pipeline = new PacketPipeline(FlowConfig.defaults(), listener);
        assertThat(pipeline.run(source, null)).isNull();
        pipeline.finish();
        assertThat(conns).singleElement().satisfies(r -> {
            assertThat(r.history()).isEqualTo("Sh");
            assertThat(r.tunnelParents()).hasSize(1);
        });
        assertThat(tunnels).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("Tunnel::DISCOVER");
            assertThat(e.tunnelType()).isEqualTo("Tunnel::GRE");
            assertThat(e.uid()).isEqualTo(conns.get(0).tunnelParents().get(0));
            assertThat(e.id().origH()).isEqualTo("172.27.1.66");
        });
    }

    @Test
    void damagedInputKeepsWhatCameBeforeAndTheNextInputContinues() {
        byte[] a = FrameBuilder.raw().ipv4("10.0.0.1", "10.0.0.2").udp(5000, 6000).payload("one").build();
        byte[] b = FrameBuilder.raw().ipv4("10.0.0.3", "10.0.0.4").udp(5000, 6000).payload("two").build();
        var first = new FramesSource("first.pcap").add(1.0, a).add(1.5, a).add(2.0, a).failAfter(2);
        var second = new FramesSource("second.pcap").add(3.0, b).add(3.1, a);
        var pipeline = new PacketPipeline(FlowConfig.defaults(), listener);
        CaptureException damage = pipeline.run(first, null);
        assertThat(damage).isNotNull();
        assertThat(damage.input()).isEqualTo("first.pcap");
        assertThat(damage.offset()).isEqualTo(16 + a.length);
        assertThat(pipeline.run(second, null)).isNull();
        pipeline.finish();
        assertThat(conns).hasSize(2);
        FlowRecord r = conns.stream().filter(c -> c.id().origH().equals("10.0.0.1")).findFirst().orElseThrow();
        // One flow table for both inputs: the packet from the second file joins the first's flow.
        assertThat(r.origPkts()).isEqualTo(3);
        assertThat(r.durationNanos()).isEqualTo(2_100_000_000L);
        assertThat(pipeline.stats().packets()).isEqualTo(4);
    }

    @Test
    void badIpv4HeaderChecksumIsDroppedUnlessChecksumsAreIgnored() {
        byte[] f = FrameBuilder.raw().ipv4("10.0.0.1", "10.0.0.2").udp(5000, 6000).payload("x").build();
        f[10] ^= 0x55; // IPv4 header checksum
        var pipeline = new PacketPipeline(FlowConfig.defaults(), listener);
        pipeline.run(new FramesSource("bad").add(1.0, f), null);
        pipeline.finish();
        assertThat(conns).isEmpty();
        assertThat(pipeline.stats().badIpChecksums()).isEqualTo(1);

        var lenient = new PacketPipeline(FlowConfig.defaults().withVerifyChecksums(false), listener);
        lenient.run(new FramesSource("bad").add(1.0, f), null);
        lenient.finish();
        assertThat(conns).hasSize(1);
    }

    @Test
    void badUdpChecksumIsNoteAndItsTunnelPayloadIsNotDecoded() {
        byte[] f = FrameBuilder.raw().ipv4("192.168.56.11", "192.168.56.12").vxlan(1)
                .innerEthernet("02:00:00:00:00:01", "02:00:00:00:00:02").ipv4("10.0.0.1", "10.0.0.2").icmpEcho(1, 1)
                .build();
        f[26] ^= 0x01; // the outer UDP checksum (20-byte IPv4 header + 6)
        f[27] |= 0x01;
        var pipeline = new PacketPipeline(FlowConfig.defaults(), listener);
        pipeline.run(new FramesSource("vx").add(1.0, f), null);
        pipeline.finish();
        assertThat(conns).singleElement().satisfies(r -> {
            assertThat(r.proto()).isEqualTo("udp");
            assertThat(r.history()).isEqualTo("C");
        });
        assertThat(tunnels).isEmpty();
    }

    @Test
    void progressIsReportedWithBytesOfTheInput() {
        var source = new FramesSource("p");
        for (int i = 0; i < 20_000; i++) {
            source.add(1.0 + i * 1e-3, FrameBuilder.raw().ipv4("10.0.0.1", "10.0.0.2").udp(5000, 6000 + (i % 7)).build());
        }
        List<long[]> calls = new ArrayList<>();
        var pipeline = new PacketPipeline(FlowConfig.defaults(), listener);
        pipeline.run(source, (read, total, packets) -> calls.add(new long[] {read, total, packets}));
        assertThat(calls).hasSizeGreaterThanOrEqualTo(2);
        long[] last = calls.get(calls.size() - 1);
        assertThat(last[0]).isEqualTo(last[1]);
        assertThat(last[2]).isEqualTo(20_000);
    }
}
