package io.sluice.protocol.kerberos;

import static io.sluice.packet.craft.KerberosMessages.*;

import io.sluice.packet.craft.KerberosMessages;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.RecordingContext;
import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Random and mutated KDC messages over UDP and TCP never throw and keep the dissector bounded. */
class KerberosPropertyTest {
    private static final List<byte[]> SEEDS = List.of(
            asReq("alice", "EXAMPLE.COM", FORWARDABLE_RENEWABLE_CANONICALIZE, 18, 17, 23),
            asRep("alice", "EXAMPLE.COM", 18, 23),
            tgsReq("EXAMPLE.COM", principal(2, "HTTP", "web"), 23),
            error(24, "EXAMPLE.COM", principal(2, "krbtgt", "EXAMPLE.COM"), "alice", "x"));

    @Provide
    Arbitrary<byte[]> mutated() {
        return Arbitraries.integers().between(0, SEEDS.size() - 1).flatMap(i -> {
            byte[] seed = SEEDS.get(i);
            return Arbitraries.integers().between(0, seed.length - 1).list().ofMaxSize(6).flatMap(positions ->
                    Arbitraries.bytes().list().ofSize(positions.size()).map(values -> {
                        byte[] b = seed.clone();
                        for (int k = 0; k < positions.size(); k++) b[positions.get(k)] = values.get(k);
                        return b;
                    }));
        });
    }

    @Property(tries = 1500)
    void mutatedMessagesNeverThrow(@ForAll("mutated") byte[] b, @ForAll boolean tcp) {
        var ctx = tcp ? RecordingContext.tcp("10.0.0.2", 1, "10.0.0.1", 88) : RecordingContext.udp("10.0.0.2", 1, "10.0.0.1", 88);
        var d = new KerberosDissector();
        byte[] in = tcp ? KerberosMessages.tcp(b) : b;
        d.onData(true, ByteBuffer.wrap(in), 0, in.length, ctx);
        d.onData(false, ByteBuffer.wrap(in), 0, in.length, ctx);
        d.onEnd(ctx);
        assertThat(ctx.events.size()).isLessThanOrEqualTo(2);
    }

    @Property(tries = 1500)
    void randomBytesNeverThrow(@ForAll byte[] b, @ForAll boolean tcp, @ForAll boolean fromOrig) {
        var ctx = tcp ? RecordingContext.tcp("10.0.0.2", 1, "10.0.0.1", 88) : RecordingContext.udp("10.0.0.2", 1, "10.0.0.1", 88);
        var d = new KerberosDissector();
        d.onData(fromOrig, ByteBuffer.wrap(b), 0, b.length, ctx);
        d.onEnd(ctx);
        assertThat(KerberosProtocol.SIGNATURE.matches(fromOrig, ByteBuffer.wrap(b), 0, b.length, 1, 88)).isIn(true, false);
    }
}
