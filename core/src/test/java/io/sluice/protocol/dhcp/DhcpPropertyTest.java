package io.sluice.protocol.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.RecordingContext;
import java.nio.ByteBuffer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

class DhcpPropertyTest {

    @Property(tries = 500)
    void randomBytesNeverThrow(@ForAll @Size(max = 600) byte[] bytes) {
        var ctx = RecordingContext.udp("0.0.0.0", 68, "255.255.255.255", 67);
        var d = DhcpProtocol.SIGNATURE.create();
        DhcpProtocol.SIGNATURE.matches(true, ByteBuffer.wrap(bytes), 0, bytes.length, 68, 67);
        d.onData(true, ByteBuffer.wrap(bytes), 0, bytes.length, ctx);
        d.onEnd(ctx);
        // at most one message, and its JA4D row with it
        assertThat(ctx.eventsOf(DhcpMessage.class).size()).isLessThanOrEqualTo(1);
        assertThat(ctx.eventsOf(Ja4dFingerprint.class)).hasSameSizeAs(ctx.eventsOf(DhcpMessage.class));
    }

    @Provide
    Arbitrary<byte[]> mutatedMessages() {
        byte[] base = new DhcpBytes(1, 77).type(3).text(12, "host").option(55, (byte) 1, (byte) 3)
                .option(61, (byte) 1, (byte) 1, (byte) 2, (byte) 3, (byte) 4, (byte) 5, (byte) 6)
                .option(81, (byte) 4, (byte) 0, (byte) 0, (byte) 1, (byte) 'a', (byte) 0).build(true);
        return Arbitraries.integers().between(236, base.length - 1).list().ofMaxSize(8)
                .flatMap(positions -> Arbitraries.bytes().list().ofSize(positions.size()).map(values -> {
                    byte[] b = base.clone();
                    for (int i = 0; i < positions.size(); i++) b[positions.get(i)] = values.get(i);
                    return b;
                }));
    }

    @Property(tries = 1000)
    void mutatedOptionsNeverThrow(@ForAll("mutatedMessages") byte[] bytes) {
        var ctx = RecordingContext.udp("0.0.0.0", 68, "255.255.255.255", 67);
        var d = DhcpProtocol.SIGNATURE.create();
        d.onData(true, ByteBuffer.wrap(bytes), 0, bytes.length, ctx);
        assertThat(ctx.eventsOf(DhcpMessage.class).size()).isLessThanOrEqualTo(1);
        assertThat(ctx.eventsOf(Ja4dFingerprint.class)).hasSameSizeAs(ctx.eventsOf(DhcpMessage.class));
    }
}
