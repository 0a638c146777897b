package io.sluice.protocol.dns;

import static io.sluice.protocol.dns.DnsBytes.RESPONSE;
import static io.sluice.protocol.dns.DnsBytes.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.RecordingContext;
import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * No payload makes the signature or the dissector throw: random bytes, and valid messages with
 * bytes overwritten and cut, over UDP and over TCP fed in random pieces. What the dissector keeps
 * stays bounded (waiting rows, TCP buffer), and every emitted row has its required fields.
 */
class DnsPropertyTest {

    private static final List<byte[]> VALID = List.of(
            header(1, 0x0100, 1, 0, 0, 1).question("www.example.com", 1, 1).name("").u16(41).u16(4096).u32(0x8000)
                    .u16(11).u16(8).u16(7).u16(1).u8(24).u8(0).u8(10).u8(0).u8(0).build(),
            header(1, RESPONSE, 1, 3, 1, 1).question("www.example.com", 28, 1)
                    .pointer(12).u16(5).u16(1).u32(60).u16(6).u8(3).ascii("cdn").pointer(16)
                    .pointer(33).u16(28).u16(1).u32(60).u16(16).bytes(new byte[16])
                    .pointer(12).u16(16).u16(1).u32(60).u16(6).u8(5).ascii("hello")
                    .pointer(16).u16(6).u16(1).u32(60).u16(22).pointer(16).pointer(16).u32(1).u32(2).u32(3).u32(4).u32(5)
                    .name("").u16(41).u16(1232).u32(0).u16(0).build(),
            header(2, RESPONSE, 1, 2, 0, 0).question("upenn.edu", 48, 1)
                    .pointer(12).u16(48).u16(1).u32(5).u16(8).u16(256).u8(3).u8(5).u32(0x01020304)
                    .pointer(12).u16(46).u16(1).u32(5).u16(27).u16(48).u8(5).u8(2).u32(1).u32(2).u32(3).u16(4)
                    .pointer(12).ascii("sig").build(),
            header(3, RESPONSE, 1, 1, 0, 0).question("_sip._udp.example", 33, 1)
                    .pointer(12).u16(33).u16(1).u32(5).u16(13).u16(1).u16(2).u16(5060).u8(3).ascii("sip").pointer(22).build());

    @Provide
    Arbitrary<byte[]> mutated() {
        return Arbitraries.of(VALID).flatMap(base -> Arbitraries.integers().between(0, base.length).flatMap(cut ->
                Arbitraries.integers().between(0, base.length - 1).list().ofMaxSize(6).flatMap(positions ->
                        Arbitraries.bytes().list().ofSize(positions.size()).map(values -> {
                            byte[] b = java.util.Arrays.copyOf(base, base.length);
                            for (int i = 0; i < positions.size(); i++) b[positions.get(i)] = values.get(i);
                            return java.util.Arrays.copyOf(b, cut);
                        }))));
    }

    @Property(tries = 2000)
    void udpNeverThrows(@ForAll("mutated") byte[] a, @ForAll("mutated") byte[] b, @ForAll @Size(max = 300) byte[] random) {
        var ctx = RecordingContext.udp("10.0.0.1", 40000, "10.0.0.53", 53);
        var d = new DnsDissector();
        for (byte[] m : List.of(a, b, random, b, a)) {
            DnsProtocol.SIGNATURE.matches(true, ByteBuffer.wrap(m), 0, m.length, 40000, 53);
            DnsProtocol.SIGNATURE.matches(false, ByteBuffer.wrap(m), 0, m.length, 137, 137);
            ctx.ts += 1000;
            d.onData(ctx.ts % 2 == 0, ByteBuffer.wrap(m), 0, m.length, ctx);
        }
        d.onEnd(ctx);
        checkRows(ctx);
        assertThat(ctx.weirds.size()).isLessThanOrEqualTo(5 * DnsMessageParser.MAX_WEIRDS_PER_MESSAGE);
    }

    @Property(tries = 1000)
    void tcpNeverThrowsWhateverTheSegmentation(@ForAll("mutated") byte[] a, @ForAll("mutated") byte[] b,
            @ForAll @Size(max = 200) byte[] random, @ForAll @IntRange(min = 1, max = 40) int piece,
            @ForAll @IntRange(min = 0, max = 70_000) int gap) {
        var ctx = RecordingContext.tcp("10.0.0.1", 40000, "10.0.0.53", 53);
        var d = new DnsDissector();
        byte[] stream = DnsBytes.concat(prefixed(a), random, prefixed(b));
        for (int i = 0; i < stream.length; i += piece) {
            int n = Math.min(piece, stream.length - i);
            d.onData(i % 3 != 0, ByteBuffer.wrap(stream), i, n, ctx);
            if (i == piece) d.onGap(true, gap, ctx);
        }
        d.wantsMore();
        d.onEnd(ctx);
        checkRows(ctx);
    }

    @Property(tries = 300)
    void randomMessagesKeepTheWaitingRowsBounded(@ForAll @Size(min = 1, max = 400) List<@IntRange(max = 65535) Integer> ids,
            @ForAll boolean responses) {
        var ctx = RecordingContext.udp("10.0.0.1", 40000, "10.0.0.53", 53);
        var d = new DnsDissector();
        for (int id : ids) {
            byte[] m = header(id, responses && id % 2 == 0 ? RESPONSE : 0x0100, 1, 0, 0, 0).question("x.example", 1, 1).build();
            d.onData(true, ByteBuffer.wrap(m), 0, m.length, ctx);
        }
        // Per table: at most 51 ids with at most 51 rows each (Zeek's bounds), plus the fast path.
        int bound = 2 * (DnsTransactions.MAX_PENDING_IDS + 1) * (DnsTransactions.MAX_PENDING_MSGS + 1) + 1;
        assertThat(ids.size() - ctx.eventsOf(DnsTransaction.class).size()).isLessThanOrEqualTo(bound);
        d.onEnd(ctx);
        assertThat(ctx.eventsOf(DnsTransaction.class)).hasSize(ids.size());
    }

    private static byte[] prefixed(byte[] m) {
        return DnsBytes.concat(new byte[] {(byte) (m.length >> 8), (byte) m.length}, m);
    }

    private static void checkRows(RecordingContext ctx) {
        for (DnsTransaction t : ctx.eventsOf(DnsTransaction.class)) {
            assertThat(t.transId()).isBetween(0, 65535);
            if (t.query() != null) assertThat(t.query().length()).isLessThanOrEqualTo(DnsNameReader.MAX_NAME);
            if (t.answers() != null) assertThat(t.answers()).hasSameSizeAs(t.ttls());
            if (t.rttNanos() != null) assertThat(t.rttNanos()).isNotZero();
        }
    }

    @Property(tries = 200)
    void namesNeverExceedTheLimitWhateverThePointers(@ForAll @Size(min = 12, max = 600) byte[] message,
            @ForAll @IntRange(max = 600) int start) {
        var names = new DnsNameReader();
        int after = names.read(ByteBuffer.wrap(message), 0, message.length, Math.min(start, message.length), true, (n, a) -> { });
        assertThat(names.length()).isBetween(0, DnsNameReader.MAX_NAME);
        assertThat(after).isBetween(0, message.length);
    }
}
