package io.sluice.protocol.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.RecordingContext;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Random and mutated payloads never make the HTTP dissector or its signature throw, and state stays bounded. */
class HttpFuzzTest {
    private static final byte[] VALID = ("POST /p?q=%41 HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n"
            + "Content-Encoding: gzip\r\nCookie: a=1; b=2\r\n\r\n5\r\nabcde\r\n0\r\n\r\n"
            + "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nabcd")
            .getBytes(StandardCharsets.ISO_8859_1);

    @Property(tries = 300)
    void randomBytesNeverThrow(@ForAll @Size(max = 40) List<@Size(max = 300) byte[]> chunks,
            @ForAll @Size(max = 40) List<Boolean> sides) {
        feed(chunks, sides);
    }

    @Property(tries = 300)
    void mutatedMessagesNeverThrow(@ForAll("mutations") byte[] data, @ForAll @IntRange(min = 1, max = 64) int step) {
        var d = new HttpDissector();
        var ctx = RecordingContext.tcp("10.0.0.1", 1, "10.0.0.2", 80);
        for (int i = 0; i < data.length; i += step) {
            boolean fromOrig = (i / step) % 3 != 2;
            d.onData(fromOrig, ByteBuffer.wrap(data), i, Math.min(step, data.length - i), ctx);
        }
        d.onGap(false, 10, ctx);
        d.onEnd(ctx);
        assertThat(d.pendingRequests()).isZero();
        HttpProtocol.SIGNATURE.matches(true, ByteBuffer.wrap(data), 0, data.length, 1, 2);
    }

    @Provide
    Arbitrary<byte[]> mutations() {
        return Arbitraries.integers().between(0, VALID.length - 1).list().ofMaxSize(8)
                .flatMap(positions -> Arbitraries.bytes().list().ofSize(positions.size()).map(values -> {
                    byte[] m = VALID.clone();
                    for (int i = 0; i < positions.size(); i++) m[positions.get(i)] = values.get(i);
                    return m;
                }));
    }

    static void feed(List<byte[]> chunks, List<Boolean> sides) {
        var d = new HttpDissector();
        var ctx = RecordingContext.tcp("10.0.0.1", 1, "10.0.0.2", 80);
        for (int i = 0; i < chunks.size(); i++) {
            byte[] c = chunks.get(i);
            boolean fromOrig = i < sides.size() ? sides.get(i) : i % 2 == 0;
            HttpProtocol.SIGNATURE.matches(fromOrig, ByteBuffer.wrap(c), 0, c.length, 1, 2);
            d.onData(fromOrig, ByteBuffer.wrap(c), 0, c.length, ctx);
            assertThat(d.pendingRequests()).isLessThanOrEqualTo(HttpDissector.MAX_PENDING);
        }
        d.onEnd(ctx);
    }
}
