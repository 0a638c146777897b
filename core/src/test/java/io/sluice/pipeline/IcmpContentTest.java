package io.sluice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.event.ConnectionCreation;
import io.sluice.event.ContentEvent;
import io.sluice.event.FlowRecord;
import io.sluice.event.TunnelEvent;
import io.sluice.flow.FlowConfig;
import io.sluice.event.FlowListener;
import io.sluice.packet.craft.FrameBuilder;
import io.sluice.protocol.DissectionConfig;
import io.sluice.protocol.Protocols;
import io.sluice.protocol.icmp.IcmpMessage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ICMP messages reach icmp.log through the pipeline when content is on, bounded per connection. */
class IcmpContentTest {
    private final List<IcmpMessage> messages = new ArrayList<>();
    private final List<FlowRecord> conns = new ArrayList<>();
    private final FlowListener listener = new FlowListener() {
        @Override public void connectionCreated(ConnectionCreation event) {}

        @Override public void flowEnded(FlowRecord record) {
            conns.add(record);
        }

        @Override public void tunnel(TunnelEvent event) {}

        @Override public void content(ContentEvent event) {
            if (event instanceof IcmpMessage m) messages.add(m);
        }
    };

    private void run(FramesSource source, DissectionConfig content) {
        var pipeline = new PacketPipeline(FlowConfig.defaults(), content, Protocols.standard(), listener);
        assertThat(pipeline.run(source, null)).isNull();
        pipeline.finish();
    }

    private static FramesSource pings(int count, byte[] payload) {
        var source = new FramesSource("pings");
        for (int i = 1; i <= count; i++) {
            source.add(i * 0.01, FrameBuilder.raw().ipv4("10.0.0.1", "10.0.0.2").icmpEcho(7, i).payload(payload).build());
            source.add(i * 0.01 + 0.001, FrameBuilder.raw().ipv4("10.0.0.2", "10.0.0.1").icmpEchoReply(7, i).payload(payload).build());
        }
        return source;
    }

    @Test
    void echoRequestsAndRepliesBecomeRowsWithPayloadSizeAndEntropy() {
        byte[] payload = new byte[64];
        for (int i = 0; i < payload.length; i++) payload[i] = (byte) i; // 64 distinct bytes: 6 bits per byte
        run(pings(3, payload), DissectionConfig.defaults());
        assertThat(messages).hasSize(6);
        assertThat(messages.get(0).typeName()).isEqualTo("echo_request");
        assertThat(messages.get(1).typeName()).isEqualTo("echo_reply");
        assertThat(messages).allSatisfy(m -> {
            assertThat(m.payloadLen()).isEqualTo(64);
            assertThat(m.payloadEntropy()).isCloseTo(6.0, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(m.echoId()).isEqualTo(7);
            assertThat(m.uid()).isEqualTo(conns.get(0).uid());
        });
    }

    @Test
    void aFloodIsCappedPerConnectionButFullyCountedInConn() {
        run(pings(600, new byte[8]), DissectionConfig.defaults());
        assertThat(messages).hasSize(1000);
        assertThat(conns).singleElement().satisfies(c -> assertThat(c.origPkts() + c.respPkts()).isEqualTo(1200));
    }

    @Test
    void flowsOnlyWritesNoIcmpRows() {
        run(pings(2, new byte[8]), DissectionConfig.off());
        assertThat(messages).isEmpty();
        assertThat(conns).hasSize(1);
    }

    @Test
    void theConnRecordSummarisesEchoPayloadSizesAndEntropy() {
        var source = new FramesSource("tunnel-like pings");
        byte[] small = new byte[16];                    // all zero: 0 bits per byte
        byte[] large = new byte[256];
        for (int i = 0; i < large.length; i++) large[i] = (byte) i; // every byte value once: 8 bits per byte
        source.add(0.01, FrameBuilder.raw().ipv4("10.0.0.1", "10.0.0.2").icmpEcho(9, 1).payload(small).build());
        source.add(0.02, FrameBuilder.raw().ipv4("10.0.0.2", "10.0.0.1").icmpEchoReply(9, 1).payload(large).build());
        source.add(0.03, FrameBuilder.raw().ipv4("10.0.0.1", "10.0.0.2").icmpEcho(9, 2).payload(large).build());
        run(source, DissectionConfig.defaults());

        assertThat(conns).singleElement().satisfies(c -> {
            var echo = c.icmpEcho();
            assertThat(echo).isNotNull();
            assertThat(echo.messages()).isEqualTo(3);
            assertThat(echo.payloadBytes()).isEqualTo(16 + 256 + 256);
            assertThat(echo.payloadMin()).isEqualTo(16);
            assertThat(echo.payloadMax()).isEqualTo(256);
            assertThat(echo.entropyMean()).isCloseTo((0.0 + 8.0 + 8.0) / 3, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(echo.entropyMax()).isCloseTo(8.0, org.assertj.core.data.Offset.offset(1e-9));
        });
    }

    @Test
    void flowsOnlyKeepsEchoSizesButMeasuresNoEntropy() {
        run(pings(2, new byte[40]), DissectionConfig.off());
        assertThat(conns).singleElement().satisfies(c -> {
            assertThat(c.icmpEcho().messages()).isEqualTo(4);
            assertThat(c.icmpEcho().payloadMax()).isEqualTo(40);
            assertThat(c.icmpEcho().entropyMean()).isNull();
        });
    }

    @Test
    void unreachableMessagesAreNotEchoes() {
        var source = new FramesSource("unreachable");
        source.add(0.01, FrameBuilder.raw().ipv4("10.0.0.2", "10.0.0.1").icmp(3, 3).payload(new byte[28]).build());
        run(source, DissectionConfig.defaults());
        assertThat(conns).singleElement().satisfies(c -> assertThat(c.icmpEcho()).isNull());
    }
}
