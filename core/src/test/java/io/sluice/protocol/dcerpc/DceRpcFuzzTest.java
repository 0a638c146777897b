package io.sluice.protocol.dcerpc;

import static io.sluice.packet.craft.DceRpcPdus.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.RecordingContext;
import java.nio.ByteBuffer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class DceRpcFuzzTest {

    private static final byte[] VALID_ORIG = concat(bind(11, 1, 0, SVCCTL, null), request(2, 0, 12, 64, 3),
            request(3, 0, 19, 2000, 1), request(3, 0, 19, 100, 2));
    private static final byte[] VALID_RESP = concat(bindAck(1, "\\PIPE\\svcctl"), response(2, 0, 30, 3),
            response(3, 0, 10, 3));

    @Property(tries = 300)
    void randomBytesNeverThrow(@ForAll byte[] orig, @ForAll byte[] resp) {
        run(orig, resp);
    }

    @Property(tries = 500)
    void mutatedConversationsNeverThrow(@ForAll("mutatedOrig") byte[] orig, @ForAll("mutatedResp") byte[] resp) {
        var ctx = run(orig, resp);
        assertThat(ctx.events.size()).isLessThanOrEqualTo(DceRpcSession.MAX_PENDING + 10);
    }

    private static RecordingContext run(byte[] orig, byte[] resp) {
        var ctx = RecordingContext.tcp("10.0.0.1", 1, "10.0.0.2", 135);
        var d = new DceRpcDissector();
        int half = orig.length / 2;
        d.onData(true, ByteBuffer.wrap(orig), 0, half, ctx);
        d.onData(true, ByteBuffer.wrap(orig), half, orig.length - half, ctx);
        d.onData(false, ByteBuffer.wrap(resp), 0, resp.length, ctx);
        d.onEnd(ctx);
        return ctx;
    }

    @Provide
    Arbitrary<byte[]> mutatedOrig() {
        return mutations(VALID_ORIG);
    }

    @Provide
    Arbitrary<byte[]> mutatedResp() {
        return mutations(VALID_RESP);
    }

    static Arbitrary<byte[]> mutations(byte[] valid) {
        return Arbitraries.integers().between(0, valid.length - 1).list().ofMinSize(1).ofMaxSize(8)
                .flatMap(positions -> Arbitraries.bytes().list().ofSize(positions.size()).map(values -> {
                    byte[] b = valid.clone();
                    for (int i = 0; i < positions.size(); i++) b[positions.get(i)] = values.get(i);
                    return b;
                }));
    }
}
