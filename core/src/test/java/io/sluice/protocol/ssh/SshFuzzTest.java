package io.sluice.protocol.ssh;

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

/** Random and mutated payloads never make the SSH dissector or its signature throw. */
class SshFuzzTest {

    @Property(tries = 300)
    void randomBytesNeverThrow(@ForAll @Size(max = 40) List<@Size(max = 300) byte[]> chunks) {
        var d = new SshDissector();
        var ctx = RecordingContext.tcp("10.0.0.1", 1, "10.0.0.2", 22);
        boolean fromOrig = true;
        for (byte[] c : chunks) {
            SshProtocol.SIGNATURE.matches(fromOrig, ByteBuffer.wrap(c), 0, c.length, 1, 22);
            d.onData(fromOrig, ByteBuffer.wrap(c), 0, c.length, ctx);
            d.onPacket(fromOrig, c.length, c.length == 0, ctx);
            fromOrig = !fromOrig;
        }
        d.onEnd(ctx);
    }

    @Property(tries = 300)
    void mutatedSessionsNeverThrow(@ForAll("clientMutations") byte[] client, @ForAll("serverMutations") byte[] server,
            @ForAll @IntRange(min = 1, max = 97) int step) {
        var d = new SshDissector();
        var ctx = RecordingContext.tcp("10.0.0.1", 1, "10.0.0.2", 22);
        int max = Math.max(client.length, server.length);
        for (int i = 0; i < max; i += step) {
            if (i < client.length) d.onData(true, ByteBuffer.wrap(client), i, Math.min(step, client.length - i), ctx);
            if (i < server.length) d.onData(false, ByteBuffer.wrap(server), i, Math.min(step, server.length - i), ctx);
        }
        d.onData(true, ByteBuffer.wrap(new byte[52]), 0, 52, ctx);
        d.onData(false, ByteBuffer.wrap(new byte[52]), 0, 52, ctx);
        d.onEnd(ctx);
    }

    @Provide
    Arbitrary<byte[]> clientMutations() {
        return mutate(SshDissectorTest.clientClear());
    }

    @Provide
    Arbitrary<byte[]> serverMutations() {
        return mutate(SshDissectorTest.serverClear());
    }

    private static Arbitrary<byte[]> mutate(byte[] valid) {
        return Arbitraries.integers().between(0, valid.length - 1).list().ofMaxSize(6)
                .flatMap(positions -> Arbitraries.bytes().list().ofSize(positions.size()).map(values -> {
                    byte[] m = valid.clone();
                    for (int i = 0; i < positions.size(); i++) m[positions.get(i)] = values.get(i);
                    return m;
                }));
    }
}
