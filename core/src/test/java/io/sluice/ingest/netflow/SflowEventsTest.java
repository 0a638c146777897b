package io.sluice.ingest.netflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.event.ConnectionCreation;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import io.sluice.ingest.IngestContext;
import io.sluice.packet.IpAddress;
import io.sluice.packet.craft.FrameBuilder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SflowEventsTest {
    private final List<Event> events = new ArrayList<>();
    private final List<InterfaceCounters> counters = new ArrayList<>();
    private final SflowDecoder decoder = new SflowDecoder(new ExporterTable(),
            new SflowEvents(IngestContext.collecting("test", events::add), counters::add));

    @Test
    void flowSampleBecomesAFlowRecordScaledBySamplingRate() {
        byte[] frame = FrameBuilder.ethernet("02:00:00:00:00:01", "02:00:00:00:00:02").ipv4("10.0.0.1", "10.0.0.2")
                .tcp(40000, 22).flags(FrameBuilder.SYN).payload(new byte[0]).build();
        int padded = (frame.length + 3) & ~3;
        var record = new ExportBytes().u32(1).u32(frame.length + 4).u32(4).u32(frame.length).bytes(frame)
                .bytes(new byte[padded - frame.length]);
        byte[] rec = record.toBytes();
        var sample = new ExportBytes().u32(17).u32(5).u32(256).u32(1000).u32(0).u32(5).u32(6).u32(1)
                .u32(1).u32(rec.length).bytes(rec);
        byte[] s = sample.toBytes();
        var datagram = new ExportBytes().u32(5).u32(1).ip(192, 0, 2, 1).u32(0).u32(9).u32(123_000).u32(1)
                .u32(1).u32(s.length).bytes(s).toBytes();
        assertThat(decoder.decode(ByteBuffer.wrap(datagram), 0, datagram.length, 0, IpAddress.v4Lo(0xC0000201), 6343,
                5_000_000_000L)).isEqualTo(1);
        FlowRecord r = (FlowRecord) events.get(0);
        assertThat(r.id().origH()).isEqualTo("10.0.0.1");
        assertThat(r.id().respP()).isEqualTo(22);
        assertThat(r.origPkts()).isEqualTo(256);
        assertThat(r.origIpBytes()).isEqualTo(40L * 256);
        assertThat(r.source()).isEqualTo("sflow");
        assertThat(r.tsNanos()).isEqualTo(5_000_000_000L);
        assertThat(r.origL2Addr()).isEqualTo("02:00:00:00:00:01");
        assertThat(events.get(1)).isInstanceOf(ConnectionCreation.class); // a sampled SYN
    }

    @Test
    void counterSampleBecomesInterfaceCounters() {
        byte[] d = ExportDecoderPropertiesTest.sflowCounters();
        decoder.decode(ByteBuffer.wrap(d), 0, d.length, 0, IpAddress.v4Lo(0xC0000201), 6343, 1);
        assertThat(counters).hasSize(1);
        InterfaceCounters c = counters.get(0);
        assertThat(c.agent()).isEqualTo("192.0.2.1");
        assertThat(c.ifIndex()).isEqualTo(0);
        assertThat(c.ifSpeed()).isEqualTo((2L << 32) | 3); // u64 from words 2 and 3
        assertThat(c.promiscuousMode()).isEqualTo(21);
        assertThat(events).isEmpty();
    }
}
