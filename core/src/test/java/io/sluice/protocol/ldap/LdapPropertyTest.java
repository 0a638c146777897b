package io.sluice.protocol.ldap;

import static io.sluice.packet.craft.LdapMessages.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.RecordingContext;
import io.sluice.packet.craft.BerBytes;
import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Random and mutated LDAP conversations never throw and keep the dissector's state bounded. */
class LdapPropertyTest {
    private static final List<byte[]> SEEDS = List.of(
            BerBytes.concat(saslBind(1, "GSS-SPNEGO"), search(2, "dc=x", 2,
                    and(eq("a", "b"), or(present("c"), not(substring("d", "e", "f", "g"))), extensible("1.2", "t", "v")), "cn")),
            BerBytes.concat(result(0x61, 1, 0, ""), saslWrapped(entry(2, "cn=a")), saslWrapped(result(0x65, 2, 0, "ok"))),
            BerBytes.concat(simpleBind(1, "cn=x", "pw"), extendedRequest(2, "1.3.6.1.4.1.1466.20037")));

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
    void mutatedConversationsNeverThrow(@ForAll("mutated") byte[] b, @ForAll("mutated") byte[] c, @ForAll boolean udp) {
        var ctx = udp ? RecordingContext.udp("10.0.0.2", 1, "10.0.0.1", 389) : RecordingContext.tcp("10.0.0.2", 1, "10.0.0.1", 389);
        var d = new LdapDissector();
        d.onData(true, ByteBuffer.wrap(SEEDS.get(0)), 0, SEEDS.get(0).length, ctx);
        d.onData(false, ByteBuffer.wrap(c), 0, c.length, ctx);
        d.onData(true, ByteBuffer.wrap(b), 0, b.length, ctx);
        d.onEnd(ctx);
        assertThat(ctx.events.size()).isLessThan(2 * LdapDissector.MAX_PENDING + 10);
    }

    @Property(tries = 1500)
    void randomBytesNeverThrow(@ForAll byte[] b, @ForAll boolean fromOrig) {
        var ctx = RecordingContext.tcp("10.0.0.2", 1, "10.0.0.1", 389);
        var d = new LdapDissector();
        d.onData(fromOrig, ByteBuffer.wrap(b), 0, b.length, ctx);
        d.onEnd(ctx);
        LdapProtocol.SIGNATURE.matches(fromOrig, ByteBuffer.wrap(b), 0, b.length, 1, 389);
    }
}
