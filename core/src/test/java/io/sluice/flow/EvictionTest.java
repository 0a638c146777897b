package io.sluice.flow;

import io.sluice.event.FlowListener;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.event.ConnectionCreation;
import io.sluice.event.FlowRecord;
import io.sluice.event.TunnelEvent;
import io.sluice.packet.Packet;
import org.junit.jupiter.api.Test;

/** Memory stays bounded under a flood of new flows: the least recently active flow is evicted. */
class EvictionTest {

    @Test
    void millionFlowSynFloodStaysWithinMaxFlows() {
        long[] ended = new long[1];
        FlowListener counting = new FlowListener() {
            @Override
            public void connectionCreated(ConnectionCreation event) {}

            @Override
            public void flowEnded(FlowRecord record) {
                ended[0]++;
            }

            @Override
            public void tunnel(TunnelEvent event) {}
        };
        int max = 1000;
        FlowTable table = new FlowTable(FlowConfig.defaults().withMaxFlows(max), counting);
        Packet p = Pkts.tcp(1.0, "10.0.0.1", 1, "10.0.0.2", 80, Pkts.SYN, 1, 0, 0);
        int maxSize = 0;
        for (int i = 0; i < 1_000_000; i++) {
            p.srcLo = Pkts.v4("10.0.0.0") + (i >>> 16);
            p.srcPort = i & 0xFFFF;
            p.seq = i;
            p.tsNanos = 1_000_000_000L + i * 1000L; // 1 ms of packet time per 1000 SYNs
            table.process(p);
            maxSize = Math.max(maxSize, table.size());
        }
        assertThat(maxSize).isLessThanOrEqualTo(max);
        assertThat(table.capacity()).isLessThanOrEqualTo(2048);
        FlowStats s = table.stats();
        assertThat(s.created()).isEqualTo(1_000_000);
        assertThat(s.evicted()).isEqualTo(1_000_000 - max);
        assertThat(s.peakActive()).isLessThanOrEqualTo(max);
        table.flush();
        assertThat(ended[0]).isEqualTo(1_000_000);
    }

    @Test
    void activeFlowSurvivesWhileIdleOnesAreEvicted() {
        RecordingListener out = new RecordingListener();
        FlowTable table = new FlowTable(FlowConfig.defaults().withMaxFlows(3), out);
        double t = 1.0;
        for (int i = 0; i < 10; i++) {
            table.process(Pkts.udp(t += 0.01, "10.0.0.1", 5000, "10.0.0.2", 53, 10));
            table.process(Pkts.udp(t += 0.01, "10.0.0.9", 6000 + i, "10.0.0.2", 53, 10));
        }
        assertThat(table.size()).isEqualTo(3);
        assertThat(out.ended).noneSatisfy(r -> assertThat(r.id().origP()).isEqualTo(5000));
    }
}
