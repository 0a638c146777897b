package io.sluice.ingest.netflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.event.ConnectionCreation;
import io.sluice.event.Event;
import io.sluice.event.FlowRecord;
import io.sluice.ingest.IngestContext;
import io.sluice.packet.IpAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlowExportDecoderTest {
    private static final long EXPORTER = IpAddress.v4Lo(0xC0000201); // 192.0.2.1

    private final List<Event> events = new ArrayList<>();
    private final List<String> records = new ArrayList<>();
    private final FlowExportEvents flows = new FlowExportEvents(IngestContext.collecting("test", events::add));
    private final FlowExportDecoder decoder = new FlowExportDecoder(new ExporterTable(), r -> {
        records.add((r.options ? "options " : "flow ") + IpAddress.format(r.srcHi, r.srcLo) + ":" + r.srcPort + ">"
                + IpAddress.format(r.dstHi, r.dstLo) + ":" + r.dstPort + " p" + r.proto + " " + r.packets + "/"
                + r.bytes + " rev " + r.revPackets + "/" + r.revBytes + " x" + r.samplingRate);
        flows.onRecord(r);
    });

    private int decode(byte[] datagram) {
        return decoder.decode(ByteBuffer.wrap(datagram), 0, datagram.length, 0, EXPORTER, 2055);
    }

    private ExporterStats stats() {
        return decoder.exporters().get(0, EXPORTER, 2055).stats();
    }

    private List<FlowRecord> flowRecords() {
        return events.stream().filter(FlowRecord.class::isInstance).map(FlowRecord.class::cast).toList();
    }

    @Test
    void v5RecordBecomesAFlowWithHeaderSamplingApplied() {
        var b = new ExportBytes().u16(5).u16(1).u32(10_000).u32(1_700_000_000).u32(500_000_000).u32(7)
                .u8(0).u8(0).u16(0x4000 | 100); // mode 1, 1 in 100
        b.ip(10, 0, 0, 1).ip(10, 0, 0, 2).ip(0, 0, 0, 0).u16(1).u16(2).u32(3).u32(180).u32(4_000).u32(9_000)
                .u16(40000).u16(443).u8(0).u8(0x12).u8(6).u8(0).u16(0).u16(0).u8(24).u8(24).u16(0);
        assertThat(decode(b.toBytes())).isEqualTo(1);
        FlowRecord r = flowRecords().get(0);
        assertThat(r.id().origH()).isEqualTo("10.0.0.1");
        assertThat(r.id().respP()).isEqualTo(443);
        assertThat(r.origPkts()).isEqualTo(300);
        assertThat(r.origIpBytes()).isEqualTo(18_000);
        // start = export (1,700,000,000.5 s) - (sysUptime 10,000 - first 4,000) ms
        assertThat(r.tsNanos()).isEqualTo(1_700_000_000_500_000_000L - 6_000_000_000L);
        assertThat(r.durationNanos()).isEqualTo(5_000_000_000L);
        assertThat(r.source()).isEqualTo("netflow-v5");
        assertThat(r.exporter()).isEqualTo("192.0.2.1:2055/0");
        assertThat(r.connState()).isNull();
        assertThat(r.communityId()).startsWith("1:");
        var creation = (ConnectionCreation) events.get(1);
        assertThat(creation.uid()).isEqualTo(r.uid());
        assertThat(creation.outcome()).isEqualTo(ConnectionCreation.Outcome.UNKNOWN); // SYN seen, no reverse counts
    }

    @Test
    void withoutCreationsOnlyTheFlowRecordIsEmitted() {
        var only = new ArrayList<Event>();
        var decoderWithout = new FlowExportDecoder(new ExporterTable(),
                new FlowExportEvents(IngestContext.collecting("test", only::add), false));
        var b = new ExportBytes().u16(5).u16(1).u32(10_000).u32(1_700_000_000).u32(0).u32(7).u8(0).u8(0).u16(0);
        b.ip(10, 0, 0, 1).ip(10, 0, 0, 2).ip(0, 0, 0, 0).u16(1).u16(2).u32(3).u32(180).u32(4_000).u32(9_000)
                .u16(40000).u16(443).u8(0).u8(0x12).u8(6).u8(0).u16(0).u16(0).u8(24).u8(24).u16(0);
        byte[] d = b.toBytes();
        assertThat(decoderWithout.decode(ByteBuffer.wrap(d), 0, d.length, 0, EXPORTER, 2055)).isEqualTo(1);
        assertThat(only).hasSize(1).first().isInstanceOf(FlowRecord.class);
        assertThat(decode(d)).isEqualTo(1);
        assertThat(events).hasSize(2); // the default still makes both
    }

    @Test
    void v9DataNeedsItsTemplateAndUsesSysUptime() {
        byte[] tpl = ExportBytes.set(0, ExportBytes.template(256, 8, 4, 12, 4, 7, 2, 11, 2, 4, 1, 1, 4, 2, 4, 22, 4,
                21, 4));
        byte[] data = ExportBytes.set(256, new ExportBytes().ip(10, 1, 1, 1).ip(10, 2, 2, 2).u16(5353).u16(53).u8(17)
                .u32(120).u32(2).u32(1_000).u32(2_000).u16(0).toBytes()); // 2 bytes of padding
        assertThat(decode(ExportBytes.v9(5_000, 1_700_000_000, 3, data))).isZero();
        assertThat(stats().drops(DropReason.UNKNOWN_TEMPLATE)).isEqualTo(1);
        assertThat(decode(ExportBytes.v9(5_000, 1_700_000_000, 3, tpl, data))).isEqualTo(1);
        assertThat(records).containsExactly("flow 10.1.1.1:5353>10.2.2.2:53 p17 2/120 rev 0/0 x1");
        FlowRecord r = flowRecords().get(0);
        assertThat(r.tsNanos()).isEqualTo((1_700_000_000_000L - 4_000) * 1_000_000L);
        assertThat(r.proto()).isEqualTo("udp");
        assertThat(r.exporter()).isEqualTo("192.0.2.1:2055/3");
        // another source id of the same exporter has no templates
        assertThat(decode(ExportBytes.v9(5_000, 1_700_000_000, 4, data))).isZero();
        assertThat(stats().drops(DropReason.UNKNOWN_TEMPLATE)).isEqualTo(2);
    }

    @Test
    void ipfixWithdrawalRemovesTheTemplate() {
        byte[] tpl = ExportBytes.set(2, ExportBytes.template(300, 8, 4, 12, 4, 4, 1));
        byte[] data = ExportBytes.set(300, new ExportBytes().ip(1, 1, 1, 1).ip(2, 2, 2, 2).u8(6).toBytes());
        assertThat(decode(ExportBytes.ipfix(1_700_000_000, 1, tpl, data))).isEqualTo(1);
        byte[] withdraw = ExportBytes.set(2, new ExportBytes().u16(300).u16(0).toBytes());
        assertThat(decode(ExportBytes.ipfix(1_700_000_000, 1, withdraw, data))).isZero();
        assertThat(stats().withdrawals()).isEqualTo(1);
        assertThat(stats().drops(DropReason.UNKNOWN_TEMPLATE)).isEqualTo(1);
        // refresh brings it back with a different layout
        byte[] tpl2 = ExportBytes.set(2, ExportBytes.template(300, 12, 4, 8, 4));
        byte[] data2 = ExportBytes.set(300, new ExportBytes().ip(2, 2, 2, 2).ip(1, 1, 1, 1).toBytes());
        assertThat(decode(ExportBytes.ipfix(1_700_000_000, 1, tpl2, data2))).isEqualTo(1);
        assertThat(records.get(1)).startsWith("flow 1.1.1.1:0>2.2.2.2:0");
    }

    @Test
    void ipfixVariableLengthEnterpriseAndReverseFields() {
        // src, dst, proto, an enterprise string (PEN 9999, variable), reverse octets and packets (RFC 5103),
        // forward octets and packets
        var t = new ExportBytes().u16(400).u16(7)
                .u16(8).u16(4).u16(12).u16(4).u16(4).u16(1)
                .u16(0x8000 | 77).u16(65535).u32(9999)
                .u16(0x8000 | 1).u16(8).u32(29305)
                .u16(0x8000 | 2).u16(4).u32(29305)
                .u16(1).u16(8);
        byte[] tpl = ExportBytes.set(2, t.toBytes());
        byte[] longString = new byte[300];
        var d = new ExportBytes()
                .ip(10, 0, 0, 1).ip(10, 0, 0, 2).u8(6).u8(3).bytes("abc".getBytes()).u64(5000).u32(7).u64(900)
                .ip(10, 0, 0, 3).ip(10, 0, 0, 4).u8(17).u8(255).u16(300).bytes(longString).u64(0).u32(0).u64(64);
        assertThat(decode(ExportBytes.ipfix(1_700_000_000, 0, tpl, ExportBytes.set(400, d.toBytes())))).isEqualTo(2);
        assertThat(records).containsExactly(
                "flow 10.0.0.1:0>10.0.0.2:0 p6 0/900 rev 7/5000 x1",
                "flow 10.0.0.3:0>10.0.0.4:0 p17 0/64 rev 0/0 x1");
        assertThat(flowRecords().get(0).respIpBytes()).isEqualTo(5000);
        assertThat(((ConnectionCreation) events.get(1)).outcome()).isEqualTo(ConnectionCreation.Outcome.ESTABLISHED);
        assertThat(((ConnectionCreation) events.get(3)).outcome()).isEqualTo(ConnectionCreation.Outcome.NOT_ANSWERED);
    }

    @Test
    void samplingFromOptionsDataMultipliesCounts() {
        // options template 500: scope observationDomainId (149), samplingInterval (34)
        byte[] opt = ExportBytes.set(3, new ExportBytes().u16(500).u16(2).u16(1).u16(149).u16(4).u16(34).u16(4)
                .toBytes());
        byte[] optData = ExportBytes.set(500, new ExportBytes().u32(0).u32(1000).toBytes());
        byte[] tpl = ExportBytes.set(2, ExportBytes.template(501, 8, 4, 12, 4, 2, 4, 1, 4, 152, 8, 153, 8));
        byte[] data = ExportBytes.set(501, new ExportBytes().ip(1, 1, 1, 1).ip(2, 2, 2, 2).u32(3).u32(150)
                .u64(1_699_999_990_000L).u64(1_699_999_995_500L).toBytes());
        assertThat(decode(ExportBytes.ipfix(1_700_000_000, 0, opt, optData, tpl, data))).isEqualTo(2);
        assertThat(stats().optionsRecords()).isEqualTo(1);
        FlowRecord r = flowRecords().get(0);
        assertThat(r.origPkts()).isEqualTo(3000);
        assertThat(r.origIpBytes()).isEqualTo(150_000);
        assertThat(r.tsNanos()).isEqualTo(1_699_999_990_000L * 1_000_000L);
        assertThat(r.durationNanos()).isEqualTo(5_500_000_000L);
    }

    @Test
    void ipfixSysUpTimeIsRelativeToSystemInitTime() {
        byte[] opt = ExportBytes.set(3, new ExportBytes().u16(510).u16(2).u16(1).u16(149).u16(4).u16(160).u16(8)
                .toBytes());
        byte[] optData = ExportBytes.set(510, new ExportBytes().u32(0).u64(1_600_000_000_000L).toBytes());
        byte[] tpl = ExportBytes.set(2, ExportBytes.template(511, 8, 4, 12, 4, 22, 4, 21, 4));
        byte[] data = ExportBytes.set(511, new ExportBytes().ip(1, 1, 1, 1).ip(2, 2, 2, 2).u32(1000).u32(3000)
                .toBytes());
        decode(ExportBytes.ipfix(1_700_000_000, 0, opt, optData, tpl, data));
        FlowRecord r = flowRecords().get(0);
        assertThat(r.tsNanos()).isEqualTo(1_600_000_001_000L * 1_000_000L);
        assertThat(r.durationNanos()).isEqualTo(2_000_000_000L);
    }

    @Test
    void zeroLengthTemplateIsRefusedAndItsDataCountedUnknown() {
        byte[] tpl = ExportBytes.set(0, ExportBytes.template(260, 8, 0, 12, 0));
        byte[] data = ExportBytes.set(260, new byte[8]);
        assertThat(decode(ExportBytes.v9(1, 1_700_000_000, 0, tpl, data))).isZero();
        assertThat(stats().drops(DropReason.ZERO_LENGTH_TEMPLATE)).isEqualTo(1);
        assertThat(stats().drops(DropReason.UNKNOWN_TEMPLATE)).isEqualTo(1);
    }

    @Test
    void zeroLengthFieldsBesideRealOnesAreSkipped() {
        byte[] tpl = ExportBytes.set(0, ExportBytes.template(261, 8, 4, 1, 0, 12, 4, 23, 4));
        byte[] data = ExportBytes.set(261, new ExportBytes().ip(1, 2, 3, 4).ip(5, 6, 7, 8).u32(32).toBytes());
        assertThat(decode(ExportBytes.v9(1, 1_700_000_000, 0, tpl, data))).isEqualTo(1);
        assertThat(records.get(0)).startsWith("flow 1.2.3.4:0>5.6.7.8:0 p-1 0/32"); // OUT_BYTES as the only count
    }

    @Test
    void truncatedRecordsAndSetsAreCountedNotThrown() {
        byte[] tpl = ExportBytes.set(2, new ExportBytes().u16(600).u16(2).u16(8).u16(4).u16(82).u16(65535).toBytes());
        // a variable-length field claiming 200 bytes where 3 are left
        byte[] data = ExportBytes.set(600, new ExportBytes().ip(1, 1, 1, 1).u8(200).u8(1).u8(2).u8(3).toBytes());
        decode(ExportBytes.ipfix(1_700_000_000, 0, tpl, data));
        assertThat(stats().drops(DropReason.TRUNCATED_RECORD)).isEqualTo(1);
        // a set longer than the message
        byte[] bad = ExportBytes.ipfix(1_700_000_000, 0, new ExportBytes().u16(600).u16(400).u32(0).toBytes());
        decode(bad);
        assertThat(stats().drops(DropReason.TRUNCATED_SET)).isEqualTo(1);
        // message length beyond the datagram
        byte[] longer = ExportBytes.ipfix(1_700_000_000, 0);
        longer[3] = 100;
        decode(longer);
        assertThat(stats().drops(DropReason.BAD_LENGTH)).isEqualTo(1);
        decode(new byte[] {0, 7, 1});
        decode(new byte[] {0, 7, 1, 2, 3});
        assertThat(stats().drops(DropReason.TOO_SHORT)).isEqualTo(1);
        assertThat(stats().drops(DropReason.BAD_VERSION)).isEqualTo(1);
        assertThat(stats().datagrams()).isEqualTo(5);
        assertThat(events).isEmpty();
    }

    @Test
    void exportersAreKeptApartByAddressAndPort() {
        byte[] tpl = ExportBytes.set(0, ExportBytes.template(256, 8, 4, 12, 4));
        byte[] data = ExportBytes.set(256, new ExportBytes().ip(1, 1, 1, 1).ip(2, 2, 2, 2).toBytes());
        decode(ExportBytes.v9(1, 1_700_000_000, 0, tpl));
        byte[] d = ExportBytes.v9(1, 1_700_000_000, 0, data);
        assertThat(decoder.decode(ByteBuffer.wrap(d), 0, d.length, 0, EXPORTER, 2056)).isZero();
        assertThat(decode(d)).isEqualTo(1);
        assertThat(decoder.exporters().exporters()).hasSize(2);
    }
}
