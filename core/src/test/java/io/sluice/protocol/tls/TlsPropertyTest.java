package io.sluice.protocol.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.packet.craft.TlsBytes;
import io.sluice.protocol.RecordingContext;
import io.sluice.protocol.tls.x509.X509Parser;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Random and mutated input never makes the TLS code throw, and its memory stays within the
 * reassembly bound: the dissector on random chunks and on mutated handshakes split anywhere; the
 * hello parsers and the X.509 parser on random and mutated bytes.
 */
class TlsPropertyTest {

    @Property(tries = 300)
    void randomChunksNeverThrow(@ForAll @Size(max = 40) List<@Size(max = 700) byte[]> chunks,
            @ForAll @Size(max = 40) List<Boolean> directions) {
        var ctx = RecordingContext.tcp("10.0.0.1", 1, "10.0.0.2", 443);
        var d = new TlsDissector();
        for (int i = 0; i < chunks.size(); i++) {
            boolean fromOrig = i >= directions.size() || directions.get(i);
            byte[] c = chunks.get(i);
            if (d.wantsMore()) d.onData(fromOrig, ByteBuffer.wrap(c), 0, c.length, ctx);
        }
        d.onEnd(ctx);
        assertThat(d.bufferedBytes()).isLessThanOrEqualTo(2 * TlsDissector.MAX_MESSAGE);
        assertThat(ctx.eventsOf(TlsHandshake.class)).hasSizeLessThanOrEqualTo(1);
    }

    /** Records that look like TLS (valid header, random body) get deeper into the parser than noise. */
    @Property(tries = 300)
    void plausibleRecordsWithRandomBodiesNeverThrow(@ForAll("records") List<byte[]> records, @ForAll @IntRange(min = 1, max = 64) int chunk) {
        var flights = new ArrayList<TlsDissectorTest.Flight>();
        for (int i = 0; i < records.size(); i++) flights.add(new TlsDissectorTest.Flight(i % 3 != 1, records.get(i)));
        var ctx = TlsDissectorTest.replay(flights, chunk);
        assertThat(ctx.eventsOf(TlsHandshake.class)).hasSizeLessThanOrEqualTo(1);
    }

    @Provide
    Arbitrary<List<byte[]>> records() {
        Arbitrary<byte[]> body = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<Integer> type = Arbitraries.of(20, 21, 22, 22, 22, 23, 24);
        Arbitrary<Integer> hsType = Arbitraries.of(1, 2, 4, 11, 12, 13, 14, 15, 16, 20, 99);
        Arbitrary<byte[]> rec = net.jqwik.api.Combinators.combine(type, hsType, body).as((t, h, b) -> {
            if (t == 22) {
                byte[] msg = TlsBytes.handshake(h, b);
                return TlsBytes.record(22, msg);
            }
            return TlsBytes.record(t, b);
        });
        return rec.list().ofMaxSize(12);
    }

    @Property(tries = 400)
    void mutatedHandshakesNeverThrow(@ForAll @IntRange(min = 0, max = 4) int flight, @ForAll @IntRange(min = 0, max = 100_000) int position,
            @ForAll @Size(min = 1, max = 6) List<Byte> values, @ForAll @IntRange(min = 1, max = 97) int chunk,
            @ForAll boolean truncate) {
        var flights = new ArrayList<>(TlsDissectorTest.tls12Full());
        byte[] b = flights.get(flight).bytes().clone();
        int at = position % b.length;
        for (int i = 0; i < values.size() && at + i < b.length; i++) b[at + i] = values.get(i);
        if (truncate) b = java.util.Arrays.copyOf(b, at);
        flights.set(flight, new TlsDissectorTest.Flight(flights.get(flight).fromOrig(), b));
        var ctx = TlsDissectorTest.replay(flights, chunk);
        assertThat(ctx.eventsOf(TlsHandshake.class)).hasSizeLessThanOrEqualTo(1);
    }

    @Property(tries = 1000)
    void helloParsersTakeAnyBytes(@ForAll @Size(max = 600) byte[] b, @ForAll @IntRange(min = 0, max = 50) int off) {
        int o = Math.min(off, b.length);
        ClientHello.parseBody(b, o, b.length - o);
        ClientHello.parseMessage(b, o, b.length - o);
        ClientHello.parseV2(b, o, b.length - o);
        ServerHello sh = ServerHello.parseBody(b, o, b.length - o);
        ServerHello.parseMessage(b, o, b.length - o);
        if (sh != null) {
            Ja4.ja4s(sh, Ja4.TCP);
            Ja3.ja3s(sh);
        }
        ClientHello ch = ClientHello.parseBody(b, o, b.length - o);
        if (ch != null) {
            Ja4.ja4(ch, Ja4.TCP);
            Ja3.ja3(ch);
        }
    }

    @Property(tries = 1000)
    void mutatedClientHellosStillFingerprint(@ForAll @IntRange(min = 0, max = 10_000) int position, @ForAll byte value) {
        byte[] body = TlsBytes.clientHelloBody(0x0303, new byte[32], new int[] {0x1301, 0xc02f},
                TlsBytes.sni("x.example"), TlsBytes.alpn("h2"), TlsBytes.ext(0x002b, new byte[] {2, 3, 4}),
                TlsBytes.ext(0x000d, TlsBytes.of().vec16(TlsBytes.u16s(0x0403)).build()));
        body[position % body.length] = value;
        ClientHello ch = ClientHello.parseBody(body, 0, body.length);
        if (ch != null) assertThat(Ja4.ja4(ch, Ja4.TCP)).hasSize(36);
    }

    @Property(tries = 500)
    void x509ParserTakesAnyBytes(@ForAll @Size(max = 2000) byte[] b) {
        X509Parser.parse(b, 0, b.length);
        // and DER-looking input: a SEQUENCE wrapper around random content
        byte[] wrapped = TlsBytes.of().u8(0x30).u8(0x82).u16(b.length).bytes(b).build();
        X509Parser.parse(wrapped, 0, wrapped.length);
    }
}
