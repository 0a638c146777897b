package io.sluice.protocol.smb;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.RecordingContext;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class SmbFuzzTest {

    private static final byte[][] STREAMS = streams();

    private static byte[][] streams() {
        var o = new ByteArrayOutputStream();
        var r = new ByteArrayOutputStream();
        for (var s : Smb2DissectorTest.psexecLikeSession()) (s.fromOrig() ? o : r).writeBytes(s.bytes());
        return new byte[][] {o.toByteArray(), r.toByteArray()};
    }

    @Property(tries = 300)
    void randomBytesBehindAValidHeaderNeverThrow(@ForAll byte[] body, @ForAll boolean smb1) {
        byte[] b = new byte[8 + body.length];
        b[1] = (byte) ((body.length + 4) >> 16);
        b[2] = (byte) ((body.length + 4) >> 8);
        b[3] = (byte) (body.length + 4);
        b[4] = (byte) (smb1 ? 0xFF : 0xFE);
        b[5] = 'S';
        b[6] = 'M';
        b[7] = 'B';
        System.arraycopy(body, 0, b, 8, body.length);
        run(b, b);
    }

    @Property(tries = 400)
    void mutatedSessionsNeverThrowAndStayBounded(@ForAll("mutatedOrig") byte[] orig, @ForAll("mutatedResp") byte[] resp) {
        var ctx = run(orig, resp);
        assertThat(ctx.events.size()).isLessThan(100);
    }

    private static RecordingContext run(byte[] orig, byte[] resp) {
        var ctx = RecordingContext.tcp("10.0.0.1", 1, "10.0.0.2", 445);
        var d = SmbProtocol.SIGNATURE.create();
        int h = orig.length / 3;
        d.onData(true, ByteBuffer.wrap(orig), 0, h, ctx);
        d.onData(false, ByteBuffer.wrap(resp), 0, resp.length / 2, ctx);
        d.onData(true, ByteBuffer.wrap(orig), h, orig.length - h, ctx);
        d.onData(false, ByteBuffer.wrap(resp), resp.length / 2, resp.length - resp.length / 2, ctx);
        d.onGap(true, 10, ctx);
        d.onEnd(ctx);
        return ctx;
    }

    @Provide
    Arbitrary<byte[]> mutatedOrig() {
        return mutations(STREAMS[0]);
    }

    @Provide
    Arbitrary<byte[]> mutatedResp() {
        return mutations(STREAMS[1]);
    }

    static Arbitrary<byte[]> mutations(byte[] valid) {
        return Arbitraries.integers().between(0, valid.length - 1).list().ofMinSize(1).ofMaxSize(12)
                .flatMap(positions -> Arbitraries.bytes().list().ofSize(positions.size()).map(values -> {
                    byte[] b = valid.clone();
                    for (int i = 0; i < positions.size(); i++) b[positions.get(i)] = values.get(i);
                    return b;
                }));
    }

}
