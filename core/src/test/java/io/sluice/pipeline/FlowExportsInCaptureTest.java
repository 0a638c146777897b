package io.sluice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.event.ConnectionCreation;
import io.sluice.event.FlowListener;
import io.sluice.event.FlowRecord;
import io.sluice.event.TunnelEvent;
import io.sluice.flow.FlowConfig;
import io.sluice.packet.craft.FrameBuilder;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Export datagrams inside a capture, on a port no flow protocol uses, give the exported flows. */
class FlowExportsInCaptureTest {
    private final List<FlowRecord> flows = new ArrayList<>();
    private final FlowListener listener = new FlowListener() {
        @Override
        public void connectionCreated(ConnectionCreation event) { }

        @Override
        public void flowEnded(FlowRecord record) {
            flows.add(record);
        }

        @Override
        public void tunnel(TunnelEvent event) { }
    };

    @Test
    void netflowV9TemplateThenDataOnAnyPortGivesTheExportedFlow() {
        var template = body(0, u16(256), u16(5), u16(8), u16(4), u16(12), u16(4), u16(7), u16(2), u16(11), u16(2),
                u16(4), u16(1));
        var data = body(256, new byte[] {10, 9, 8, 7, 10, 1, 2, 3}, u16(50000), u16(443), new byte[] {6, 0, 0, 0});
        byte[] first = concat(header(1), template);
        byte[] second = concat(header(2), data);
        var source = new FramesSource("exports")
                .add(1.0, FrameBuilder.raw().ipv4("192.0.2.1", "192.0.2.9").udp(40000, 31337).payload(first).build())
                .add(2.0, FrameBuilder.raw().ipv4("192.0.2.1", "192.0.2.9").udp(40000, 31337).payload(second).build());
        var pipeline = new PacketPipeline(FlowConfig.defaults(), listener);
        assertThat(pipeline.run(source, null)).isNull();
        pipeline.finish();
        FlowRecord carrier = flows.stream().filter(f -> "pcap".equals(f.source())).findFirst().orElseThrow();
        assertThat(carrier.service()).isEqualTo("netflow");
        FlowRecord exported = flows.stream().filter(f -> "netflow-v9".equals(f.source())).findFirst().orElseThrow();
        assertThat(exported.id().origH()).isEqualTo("10.9.8.7");
        assertThat(exported.id().respP()).isEqualTo(443);
        assertThat(exported.exporter()).isEqualTo("192.0.2.1:40000/0");
    }

    private static byte[] header(int sequence) {
        return concat(u16(9), u16(1), u32(1000), u32(1_700_000_000L), u32(sequence), u32(0));
    }

    private static byte[] body(int setId, byte[]... parts) {
        byte[] b = concat(parts);
        return concat(u16(setId), u16(b.length + 4), b);
    }

    private static byte[] u16(int v) {
        return new byte[] {(byte) (v >>> 8), (byte) v};
    }

    private static byte[] u32(long v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    private static byte[] concat(byte[]... parts) {
        var out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }
}
