package io.sluice.ingest.netflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.packet.IpAddress;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Bad input is data: any bytes decode without an exception, and every datagram is accounted for. */
class ExportDecoderPropertiesTest {
    private static final long EXPORTER = IpAddress.v4Lo(0x0a000001);

    @Property(tries = 2000)
    void anyBytesNeverThrow(@ForAll @Size(max = 1600) byte[] bytes) {
        var table = new ExporterTable();
        var decoder = new FlowExportDecoder(table, r -> { });
        decoder.decode(ByteBuffer.wrap(bytes), 0, bytes.length, 0, EXPORTER, 2055);
        var sflow = new SflowDecoder(new ExporterTable(), new SflowListener() { });
        sflow.decode(ByteBuffer.wrap(bytes), 0, bytes.length, 0, EXPORTER, 6343, 0);
        assertThat(table.exporters().get(0).stats().datagrams()).isEqualTo(1);
    }

    @Property(tries = 2000)
    void mutatedValidDatagramsNeverThrow(@ForAll("seeds") long seed, @ForAll @IntRange(min = 0, max = 3) int kind) {
        var rnd = new SplittableRandom(seed);
        byte[] valid = switch (kind) {
            case 0 -> v9TemplateAndData();
            case 1 -> ipfixVariableLength();
            case 2 -> v5();
            default -> sflowCounters();
        };
        byte[] b = valid.clone();
        int flips = 1 + rnd.nextInt(8);
        for (int i = 0; i < flips; i++) b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
        int len = rnd.nextBoolean() ? b.length : rnd.nextInt(b.length + 1);
        var decoder = new FlowExportDecoder(new ExporterTable(), r -> {
            assertThat(r.samplingRate).isPositive();
        });
        decoder.decode(ByteBuffer.wrap(b), 0, len, 0, EXPORTER, 2055);
        decoder.decode(ByteBuffer.wrap(b), 0, len, 0, EXPORTER, 2055); // again, with whatever templates stuck
        new SflowDecoder(new ExporterTable(), new SflowListener() { })
                .decode(ByteBuffer.wrap(b), 0, len, 0, EXPORTER, 6343, 0);
    }

    @Property(tries = 500)
    void v5RecordsRoundTrip(@ForAll int src, @ForAll int dst, @ForAll @IntRange(max = 65535) int sport,
            @ForAll @IntRange(max = 65535) int dport, @ForAll @IntRange(max = 255) int proto,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int packets) {
        var b = new ExportBytes().u16(5).u16(1).u32(100_000).u32(1_700_000_000).u32(0).u32(1).u16(0).u16(0);
        b.u32(src).u32(dst).u32(0).u16(1).u16(2).u32(packets).u32(packets * 40L).u32(90_000).u32(99_000)
                .u16(sport).u16(dport).u8(0).u8(0).u8(proto).u8(0).u16(0).u16(0).u8(0).u8(0).u16(0);
        var seen = new long[6];
        new FlowExportDecoder(new ExporterTable(), r -> {
            seen[0] = r.srcLo;
            seen[1] = r.dstLo;
            seen[2] = r.srcPort;
            seen[3] = r.dstPort;
            seen[4] = r.proto;
            seen[5] = r.packets;
        }).decode(ByteBuffer.wrap(b.toBytes()), 0, b.size(), 0, EXPORTER, 2055);
        assertThat(seen).containsExactly(IpAddress.v4Lo(src), IpAddress.v4Lo(dst), sport, dport, proto, packets);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Long> seeds() {
        return net.jqwik.api.Arbitraries.longs();
    }

    @Test
    void aMillionGarbageDatagramsAreCountedAndTheDecoderKeepsWorking() {
        var table = new ExporterTable();
        long[] records = new long[1];
        var decoder = new FlowExportDecoder(table, r -> records[0]++);
        var rnd = new SplittableRandom(42);
        byte[] buf = new byte[1500];
        ByteBuffer wrapped = ByteBuffer.wrap(buf);
        for (int i = 0; i < 1_000_000; i++) {
            int len = rnd.nextInt(buf.length + 1);
            for (int k = 0; k < Math.min(len, 64); k++) buf[k] = (byte) rnd.nextInt(256);
            if (rnd.nextInt(4) == 0) { // a quarter claim a real version, so they get past the first check
                buf[0] = 0;
                buf[1] = (byte) (5 + 4 * rnd.nextInt(2) + rnd.nextInt(2));
            }
            decoder.decode(wrapped, 0, len, 0, EXPORTER + (i & 7), 2055);
        }
        long datagrams = 0, drops = 0;
        for (Exporter e : table.exporters()) {
            datagrams += e.stats().datagrams();
            drops += e.stats().totalDrops();
        }
        assertThat(table.exporters()).hasSize(8);
        assertThat(datagrams).isEqualTo(1_000_000);
        assertThat(drops).isGreaterThan(900_000);
        byte[] good = v9TemplateAndData();
        long before = records[0];
        decoder.decode(ByteBuffer.wrap(good), 0, good.length, 0, IpAddress.v4Lo(0x0a0000ff), 2055);
        assertThat(records[0] - before).isEqualTo(1);
    }

    static byte[] v9TemplateAndData() {
        byte[] tpl = ExportBytes.set(0, ExportBytes.template(256, 8, 4, 12, 4, 7, 2, 11, 2, 4, 1, 2, 4, 1, 4));
        byte[] data = ExportBytes.set(256, new ExportBytes().ip(10, 0, 0, 1).ip(10, 0, 0, 2).u16(1).u16(2).u8(6)
                .u32(3).u32(120).toBytes());
        return ExportBytes.v9(1000, 1_700_000_000, 0, tpl, data);
    }

    static byte[] ipfixVariableLength() {
        byte[] tpl = ExportBytes.set(2, new ExportBytes().u16(300).u16(3).u16(8).u16(4).u16(0x8000 | 5).u16(65535)
                .u32(1234).u16(12).u16(4).toBytes());
        byte[] data = ExportBytes.set(300, new ExportBytes().ip(1, 1, 1, 1).u8(3).u8('a').u8('b').u8('c')
                .ip(2, 2, 2, 2).toBytes());
        return ExportBytes.ipfix(1_700_000_000, 7, tpl, data);
    }

    static byte[] v5() {
        var b = new ExportBytes().u16(5).u16(1).u32(100_000).u32(1_700_000_000).u32(0).u32(1).u16(0).u16(0);
        b.ip(1, 2, 3, 4).ip(5, 6, 7, 8).u32(0).u16(1).u16(2).u32(1).u32(40).u32(1).u32(2).u16(3).u16(4)
                .u8(0).u8(0).u8(6).u8(0).u16(0).u16(0).u8(0).u8(0).u16(0);
        return b.toBytes();
    }

    static byte[] sflowCounters() {
        var b = new ExportBytes().u32(5).u32(1).ip(192, 0, 2, 1).u32(0).u32(1).u32(1000).u32(1);
        b.u32(2).u32(4 + 4 + 4 + 8 + 88).u32(1).u32(7).u32(1).u32(1).u32(88);
        for (int i = 0; i < 22; i++) b.u32(i);
        return b.toBytes();
    }
}
