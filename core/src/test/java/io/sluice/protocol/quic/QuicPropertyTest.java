package io.sluice.protocol.quic;

import static io.sluice.packet.craft.QuicPackets.concat;
import static io.sluice.packet.craft.QuicPackets.cryptoFrame;
import static io.sluice.packet.craft.QuicPackets.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.packet.craft.QuicPackets;
import io.sluice.protocol.RecordingContext;
import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** Random and mutated datagrams: the dissector and the signature never throw; state stays bounded. */
class QuicPropertyTest {
    static final byte[] DCID = hex("0011223344556677");
    static final byte[] CID = hex("c1c2c3c4");

    /** A real-looking handshake: client Initial, server Initial + Handshake + short, client Handshake. */
    static List<byte[]> handshake() {
        try {
            byte[] ch = QuicPackets.clientHello("example.com", "h3");
            byte[] sh = QuicPackets.serverHello();
            return List.of(
                    QuicPackets.initial(1, true, DCID, DCID, CID, 0, 2, concat(cryptoFrame(0, ch, 0, ch.length),
                            QuicPackets.padding(900))),
                    concat(QuicPackets.initial(1, false, DCID, CID, DCID, 0, 1,
                                    concat(hex("0200000000"), cryptoFrame(0, sh, 0, sh.length))),
                            QuicPackets.longPacket(1, QuicVersion.HANDSHAKE, CID, DCID, 200),
                            QuicPackets.shortPacket(CID, 30)),
                    QuicPackets.longPacket(1, QuicVersion.HANDSHAKE, DCID, CID, 50));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void feed(List<byte[]> datagrams) {
        var d = new QuicDissector();
        var ctx = RecordingContext.udp("10.0.0.1", 5000, "10.0.0.2", 443);
        var sig = new QuicSignature();
        boolean fromOrig = true;
        for (byte[] b : datagrams) {
            sig.matches(fromOrig, ByteBuffer.wrap(b), 0, b.length, 5000, 443);
            d.onData(fromOrig, ByteBuffer.wrap(b), 0, b.length, ctx);
            assertThat(d.bufferedBytes()).isLessThanOrEqualTo(2 * CryptoStream.LIMIT + 2 * 65536);
            fromOrig = !fromOrig;
        }
        d.onEnd(ctx);
        for (var e : ctx.events) {
            if (e instanceof QuicConnection q) assertThat(q.history().length()).isLessThanOrEqualTo(100);
        }
    }

    @Property(tries = 300)
    void randomDatagramsNeverThrow(@ForAll("datagrams") List<byte[]> datagrams) {
        feed(datagrams);
    }

    @Property(tries = 500)
    void mutatedHandshakesNeverThrow(@ForAll("mutations") List<Tuple.Tuple3<Integer, Integer, Byte>> mutations) {
        var datagrams = handshake().stream().map(byte[]::clone).toList();
        for (var m : mutations) {
            byte[] b = datagrams.get(m.get1() % datagrams.size());
            b[m.get2() % b.length] = m.get3();
        }
        feed(datagrams);
    }

    @Property(tries = 200)
    void truncatedHandshakesNeverThrow(@ForAll("cuts") List<Integer> cuts) {
        var hs = handshake();
        var datagrams = new java.util.ArrayList<byte[]>();
        for (int i = 0; i < hs.size(); i++) {
            byte[] b = hs.get(i);
            datagrams.add(java.util.Arrays.copyOf(b, cuts.get(i) % (b.length + 1)));
        }
        feed(datagrams);
    }

    /** Random and mutated frames inside correctly protected Initials reach the frame parser and TLS. */
    @Property(tries = 300)
    void randomFramesInsideValidInitialsNeverThrow(@ForAll("frames") List<byte[]> frames) throws Exception {
        var datagrams = new java.util.ArrayList<byte[]>();
        long pn = 0;
        for (byte[] f : frames) {
            boolean client = datagrams.size() % 2 == 0;
            datagrams.add(client ? QuicPackets.initial(1, true, DCID, DCID, CID, pn++, 2, f)
                    : QuicPackets.initial(1, false, DCID, CID, DCID, pn++, 2, f));
        }
        feed(datagrams);
    }

    @Provide
    Arbitrary<List<byte[]>> frames() {
        byte[] ch = QuicPackets.clientHello("example.com", "h3");
        byte[] sh = QuicPackets.serverHello();
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(1200);
        Arbitrary<byte[]> mutatedHello = Arbitraries.integers().between(0, ch.length - 1)
                .flatMap(at -> Arbitraries.bytes().map(v -> {
                    byte[] m = ch.clone();
                    m[at] = v;
                    return cryptoFrame(0, m, 0, m.length);
                }));
        Arbitrary<byte[]> pieces = Arbitraries.integers().between(0, sh.length - 1)
                .map(at -> concat(cryptoFrame(at, sh, at, sh.length - at), cryptoFrame(0, sh, 0, at)));
        return Arbitraries.oneOf(random, mutatedHello, pieces).list().ofMinSize(1).ofMaxSize(6);
    }

    @Provide
    Arbitrary<List<byte[]>> datagrams() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(1400);
        // random bytes behind a plausible long header, so the parser gets past the first checks
        Arbitrary<byte[]> headed = random.map(r -> concat(hex("c300000001"), new byte[] {8}, DCID, new byte[] {0}, r));
        return Arbitraries.oneOf(random, headed).list().ofMaxSize(12);
    }

    @Provide
    Arbitrary<List<Tuple.Tuple3<Integer, Integer, Byte>>> mutations() {
        return Arbitraries.integers().between(0, 1000).flatMap(i -> Arbitraries.integers().between(0, 5000)
                .flatMap(p -> Arbitraries.bytes().map(v -> Tuple.of(i, p, v)))).list().ofMinSize(1).ofMaxSize(8);
    }

    @Provide
    Arbitrary<List<Integer>> cuts() {
        return Arbitraries.integers().between(0, 2000).list().ofSize(3);
    }
}
