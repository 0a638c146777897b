package io.sluice.protocol.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.RecordingContext;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class HttpDissectorTest {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Feeds client and server bytes, each in chunks of {@code step} bytes (0: whole). */
    private static RecordingContext run(List<Object[]> parts, int step) {
        var d = new HttpDissector();
        var ctx = RecordingContext.tcp("10.0.0.1", 40000, "10.0.0.2", 80);
        for (Object[] p : parts) {
            boolean fromOrig = (Boolean) p[0];
            byte[] b = (byte[]) p[1];
            int n = step <= 0 ? b.length : step;
            for (int i = 0; i < b.length; i += n) {
                ctx.ts += 1000;
                d.onData(fromOrig, ByteBuffer.wrap(b), i, Math.min(n, b.length - i), ctx);
            }
        }
        d.onEnd(ctx);
        return ctx;
    }

    private static List<Object[]> parts(Object[]... p) {
        return List.<Object[]>of(p);
    }

    private static Object[] c(String s) {
        return new Object[] {true, ascii(s)};
    }

    private static Object[] s(String s) {
        return new Object[] {false, ascii(s)};
    }

    private static Object[] s(byte[] b) {
        return new Object[] {false, b};
    }

    @Test
    void logsARequestAndItsResponseTheSameAtEveryByteBoundary() {
        var parts = parts(
                c("GET /a%20b?x=1 HTTP/1.1\r\nHost: example.com\r\nUser-Agent: t/1\r\nReferer: http://r/\r\n"
                        + "Origin: http://o\r\nAccept-Language: de-DE,de;q=0.9\r\n\r\n"),
                s("HTTP/1.1 200 OK\r\nContent-Length: 15\r\nContent-Type: text/html\r\n\r\n<html>hi</html>"));
        var whole = run(parts, 0).eventsOf(HttpTransaction.class);
        assertThat(whole).hasSize(1);
        var t = whole.get(0);
        assertThat(t.method()).isEqualTo("GET");
        assertThat(t.uri()).isEqualTo("/a b?x=1");
        assertThat(t.host()).isEqualTo("example.com");
        assertThat(t.userAgent()).isEqualTo("t/1");
        assertThat(t.referrer()).isEqualTo("http://r/");
        assertThat(t.origin()).isEqualTo("http://o");
        assertThat(t.version()).isEqualTo("1.1");
        assertThat(t.statusCode()).isEqualTo(200L);
        assertThat(t.statusMsg()).isEqualTo("OK");
        assertThat(t.responseBodyLen()).isEqualTo(15);
        assertThat(t.respMimeTypes()).containsExactly("text/html");
        assertThat(t.ja4h()).startsWith("ge11nr04dede_"); // Referer is not counted
        for (int step = 1; step <= 7; step++) {
            var split = run(parts, step).eventsOf(HttpTransaction.class);
            assertThat(split).as("step %d", step).hasSize(1);
            assertThat(ZeekLog.render(split.get(0))).isEqualTo(ZeekLog.render(t));
        }
    }

    @Test
    void matchesPipelinedResponsesToRequestsInOrder() {
        var ctx = run(parts(
                c("GET /1 HTTP/1.1\r\nHost: h\r\n\r\nGET /2 HTTP/1.1\r\nHost: h\r\n\r\nHEAD /3 HTTP/1.1\r\nHost: h\r\n\r\n"),
                s("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nabHTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
                        + "HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n")), 0);
        var ts = ctx.eventsOf(HttpTransaction.class);
        assertThat(ts).extracting(HttpTransaction::uri).containsExactly("/1", "/2", "/3");
        assertThat(ts).extracting(HttpTransaction::transDepth).containsExactly(1L, 2L, 3L);
        assertThat(ts).extracting(HttpTransaction::statusCode).containsExactly(200L, 404L, 200L);
        assertThat(ts).extracting(HttpTransaction::responseBodyLen).containsExactly(2L, 0L, 0L); // HEAD: no body
        assertThat(ctx.weirds).isEmpty();
        assertThat(ctx.confirmed).containsExactly("http");
    }

    @Test
    void countsChunkedGzipBodiesUncompressedAndSniffsTheirType() throws Exception {
        var bytes = new ByteArrayOutputStream();
        byte[] json = ascii("{\"a\": 1, \"padding\": \"" + "x".repeat(5000) + "\"}");
        try (var gz = new GZIPOutputStream(bytes)) {
            gz.write(json);
        }
        byte[] body = bytes.toByteArray();
        var wire = new ByteArrayOutputStream();
        wire.write(ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n"));
        int half = body.length / 2;
        wire.write(ascii(Integer.toHexString(half) + ";ext=1\r\n"));
        wire.write(body, 0, half);
        wire.write(ascii("\r\n" + Integer.toHexString(body.length - half) + "\r\n"));
        wire.write(body, half, body.length - half);
        wire.write(ascii("\r\n0\r\nTrailer: x\r\n\r\n"));
        for (int step : new int[] {0, 1, 13}) {
            var ctx = run(parts(c("GET / HTTP/1.1\r\nHost: h\r\n\r\n"), s(wire.toByteArray())), step);
            var t = ctx.eventsOf(HttpTransaction.class).get(0);
            assertThat(t.responseBodyLen()).as("step %d", step).isEqualTo(json.length);
            assertThat(t.respMimeTypes()).containsExactly("text/json");
            assertThat(ctx.weirds).isEmpty();
        }
    }

    @Test
    void keepsTheTransactionOpenAcrossInterimResponses() {
        var ctx = run(parts(
                c("POST /u HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n"),
                s("HTTP/1.1 100 Continue\r\n\r\n"),
                c("\u0089PNG"),
                s("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n")), 0);
        var ts = ctx.eventsOf(HttpTransaction.class);
        assertThat(ts).hasSize(1);
        assertThat(ts.get(0).infoCode()).isEqualTo(100L);
        assertThat(ts.get(0).infoMsg()).isEqualTo("Continue");
        assertThat(ts.get(0).statusCode()).isEqualTo(201L);
        assertThat(ts.get(0).requestBodyLen()).isEqualTo(4);
    }

    @Test
    void loggedHeaderValuesKeepTrailingAndFoldedWhitespaceAsZeekDoes() {
        // Zeek's MIME header value drops only its leading whitespace, and a folded line joins as it
        // is; tshark shows the same "UA/1.0  ". Trimming made the log differ from both.
        var ctx = run(parts(
                c("GET /a HTTP/1.1\r\nHost: h.example \r\nUser-Agent: UA/1.0  \r\nReferer:\thttp://r.example/ \r\n"
                        + "Origin:\r\n  http://o.example\r\nX-Forwarded-For: 10.1.1.1 \r\nContent-Length: 0 \r\n\r\n"),
                s("HTTP/1.1 200 OK\r\nContent-Length: 2 \r\n\r\nok"),
                c("GET /b HTTP/1.1\r\nHost: f.example\r\nUser-Agent: Folded\r\n  continued UA\r\n\r\n"),
                s("HTTP/1.1 204 No Content\r\n\r\n")), 0);
        var ts = ctx.eventsOf(HttpTransaction.class);
        assertThat(ts).hasSize(2);
        assertThat(ts.get(0).host()).isEqualTo("h.example ");
        assertThat(ts.get(0).userAgent()).isEqualTo("UA/1.0  ");
        assertThat(ts.get(0).referrer()).isEqualTo("http://r.example/ ");
        assertThat(ts.get(0).origin()).isEqualTo("http://o.example");
        assertThat(ts.get(0).proxied()).containsExactly("X-FORWARDED-FOR -> 10.1.1.1 ");
        assertThat(ts.get(0).responseBodyLen()).isEqualTo(2); // parsing still reads trimmed values
        assertThat(ts.get(1).userAgent()).isEqualTo("Folded  continued UA");
    }

    @Test
    void stopsParsingAfterAConnectTunnelIsEstablished() {
        var d = new HttpDissector();
        var ctx = RecordingContext.tcp("10.0.0.1", 40000, "10.0.0.2", 3128);
        d.onData(true, ByteBuffer.wrap(ascii("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n")), 0, 58, ctx);
        byte[] ok = ascii("HTTP/1.1 200 Connection established\r\n\r\n\u0016\u0003\u0001");
        d.onData(false, ByteBuffer.wrap(ok), 0, ok.length, ctx);
        assertThat(d.wantsMore()).isFalse();
        d.onData(true, ByteBuffer.wrap(new byte[] {0x16, 3, 1, 0, 5}), 0, 5, ctx);
        d.onEnd(ctx);
        var ts = ctx.eventsOf(HttpTransaction.class);
        assertThat(ts).hasSize(1);
        assertThat(ts.get(0).method()).isEqualTo("CONNECT");
        assertThat(ts.get(0).uri()).isEqualTo("example.com:443");
        assertThat(ts.get(0).statusCode()).isEqualTo(200L);
        assertThat(ctx.weirds).isEmpty();
    }

    @Test
    void logsProxiesAbsoluteUrisAndBasicAuthUsernames() {
        var ctx = run(parts(
                c("GET http://example.com/x HTTP/1.0\r\nVia: 1.1 proxy\r\nX-Forwarded-For: 10.1.1.1\r\n"
                        + "Authorization: Basic dXNlcjpzZWNyZXQ=\r\nCookie: b=2; a=1\r\nFoo: bar\r\n\r\n"),
                s("HTTP/1.0 204\r\n\r\n")), 0);
        var t = ctx.eventsOf(HttpTransaction.class).get(0);
        assertThat(t.uri()).isEqualTo("http://example.com/x");
        assertThat(t.proxied()).containsExactly("VIA -> 1.1 proxy", "X-FORWARDED-FOR -> 10.1.1.1");
        assertThat(t.username()).isEqualTo("user");
        assertThat(t.statusMsg()).isEqualTo("<empty>");
        assertThat(t.ja4h()).startsWith("ge10cn04");
    }

    @Test
    void readsABodyUntilCloseAndAnHttp09Reply() {
        var close = run(parts(c("GET / HTTP/1.0\r\n\r\n"), s("HTTP/1.0 200 OK\r\n\r\n%PDF-1.4 rest")), 0);
        var t = close.eventsOf(HttpTransaction.class).get(0);
        assertThat(t.responseBodyLen()).isEqualTo(13);
        assertThat(t.respMimeTypes()).containsExactly("application/pdf");

        var old = run(parts(c("GET /\r\n\r\n"), s("GIF89a....")), 0).eventsOf(HttpTransaction.class).get(0);
        assertThat(old.version()).isEqualTo("0.9");
        assertThat(old.statusCode()).isZero();
        assertThat(old.responseBodyLen()).isEqualTo(10);
        assertThat(old.respMimeTypes()).containsExactly("image/gif");
        assertThat(old.ja4h()).isNull();
    }

    @Test
    void cutsA64KiBHeaderLineAndCarriesOn() {
        String huge = "X-Long: " + "a".repeat(HttpStreamParser.MAX_LINE + 10) + "\r\n";
        var ctx = run(parts(c("GET / HTTP/1.1\r\n" + huge + "Host: h\r\n\r\n"),
                s("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")), 4096);
        var t = ctx.eventsOf(HttpTransaction.class).get(0);
        assertThat(t.host()).isEqualTo("h");
        assertThat(t.statusCode()).isEqualTo(200L);
        assertThat(ctx.weirds).extracting(RecordingContext.Weird::name).containsExactly("HTTP_line_too_long");
    }

    @Test
    void boundsOneHundredThousandPipelinedRequests() {
        var d = new HttpDissector();
        var ctx = RecordingContext.tcp("10.0.0.1", 40000, "10.0.0.2", 80);
        byte[] req = ascii("GET /p HTTP/1.1\r\nHost: h\r\n\r\n");
        int maxPending = 0;
        for (int i = 0; i < 100_000; i++) {
            d.onData(true, ByteBuffer.wrap(req), 0, req.length, ctx);
            maxPending = Math.max(maxPending, d.pendingRequests());
        }
        assertThat(maxPending).isEqualTo(HttpDissector.MAX_PENDING);
        byte[] resp = ascii("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        for (int i = 0; i < 100_000; i++) d.onData(false, ByteBuffer.wrap(resp), 0, resp.length, ctx);
        d.onEnd(ctx);
        var ts = ctx.eventsOf(HttpTransaction.class);
        assertThat(ts).hasSize(100_000); // each request once: evicted ones without their response
        assertThat(ts).filteredOn(t -> t.statusCode() != null).hasSize(HttpDissector.MAX_PENDING);
        assertThat(ctx.weirds).extracting(RecordingContext.Weird::name).containsExactly("HTTP_too_many_pending_requests");
    }

    @Test
    void reportsBadFramingAsWeirds() {
        var ctx = run(parts(c("GET / HTTP/1.1\r\nContent-Length: 12x\r\n\r\n"),
                s("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")), 0);
        assertThat(ctx.weirds).extracting(RecordingContext.Weird::name)
                .contains("HTTP_bad_content_length", "HTTP_bad_chunk_size");
        var notHttp = run(parts(c("\u0016\u0003\u0001\u0000\u0005hello\r\n")), 0);
        assertThat(notHttp.events).isEmpty();
        assertThat(notHttp.weirds).extracting(RecordingContext.Weird::name).containsExactly("bad_HTTP_request");
    }

    /**
     * weird.log's addl is bytes, as Zeek logs it: the offending bytes of a bad chunk-size line and a
     * bad Content-Length go in as sent, and are written as Zeek writes bytes, valid UTF-8 as text
     * ("é" sent as C3 A9, not "Ã©") and any other byte as \xNN (in JSON \\xNN).
     */
    @Test
    void weirdAddlKeepsTheOffendingBytesAndIsWrittenAsZeekWritesBytes() {
        byte[] request = bytes("GET / HTTP/1.1\r\nContent-Length: 12", 0xc3, 0xa9, "\r\n\r\n");
        byte[] response = bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nz", 0xc3, 0xa9, 0xff, "\r\n");
        var ctx = run(parts(new Object[] {true, request}, s(response)), 0);
        assertThat(ctx.weirds).contains(
                new RecordingContext.Weird("HTTP_bad_content_length", "12\u00c3\u00a9"),
                new RecordingContext.Weird("HTTP_bad_chunk_size", "z\u00c3\u00a9\u00ff"));
        var chunk = weird(ctx, "HTTP_bad_chunk_size");
        assertThat(io.sluice.testing.LogLines.json(chunk)).contains("\"addl\":\"z\u00e9\\\\xff\"");
        assertThat(io.sluice.testing.LogLines.zeek(chunk)).containsEntry("addl", "z\u00e9\\xff");
        var length = weird(ctx, "HTTP_bad_content_length");
        assertThat(io.sluice.testing.LogLines.json(length)).contains("\"addl\":\"12\u00e9\"");
        assertThat(io.sluice.testing.LogLines.zeek(length)).containsEntry("addl", "12\u00e9");
    }

    /** The weird.log row of the recorded weird {@code name}, as the flow layer makes it. */
    private static io.sluice.event.Weird weird(RecordingContext ctx, String name) {
        var w = ctx.weirds.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        return new io.sluice.event.Weird(1_000_000_000L, ctx.uid(), ctx.id(), w.name(), w.addl(), false, "sluice", "HTTP");
    }

    /** Text (ASCII) and byte values, in order. */
    private static byte[] bytes(Object... parts) {
        var out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof String t) out.writeBytes(ascii(t));
            else out.write((Integer) p);
        }
        return out.toByteArray();
    }

    @Test
    void unescapesUrisAsZeekDoes() {
        var ctx = RecordingContext.tcp("10.0.0.1", 1, "10.0.0.2", 80);
        byte[] u = ascii("/a%41%u0042%zz%");
        assertThat(HttpDissector.unescapeUri(u, 0, u.length, ctx)).isEqualTo("/aAB%zz%");
        assertThat(ctx.weirds).extracting(RecordingContext.Weird::name)
                .containsExactly("unescaped_%_in_URI", "illegal_%_at_end_of_URI");
    }

    @Test
    void signatureRecognisesRequestAndStatusLinesOnly() {
        var sig = HttpProtocol.SIGNATURE;
        assertThat(sig.matches(true, ByteBuffer.wrap(ascii("PROPFIND /x HTTP/1.1\r\n")), 0, 22, 1, 2)).isTrue();
        assertThat(sig.matches(true, ByteBuffer.wrap(ascii("GET /only-part-of-a-long-li")), 0, 27, 1, 2)).isTrue();
        assertThat(sig.matches(true, ByteBuffer.wrap(ascii("GET /\r\n")), 0, 7, 1, 2)).isTrue();
        assertThat(sig.matches(false, ByteBuffer.wrap(ascii("HTTP/1.0 404 Nope\r\n")), 0, 19, 1, 2)).isTrue();
        assertThat(sig.matches(true, ByteBuffer.wrap(ascii("SSH-2.0-OpenSSH\r\n")), 0, 17, 1, 2)).isFalse();
        assertThat(sig.matches(true, ByteBuffer.wrap(ascii("HELO mail\r\n")), 0, 11, 1, 2)).isFalse();
        assertThat(sig.matches(true, ByteBuffer.wrap(new byte[] {0x16, 3, 1, 0}), 0, 4, 1, 2)).isFalse();
        assertThat(sig.standardPort(8080)).isTrue();
        assertThat(sig.standardPort(443)).isFalse();
    }

    @Test
    void ja4hReproducesFoxIosPublishedExample() {
        // the headers and expected value of the Rust reference's unit test (http.rs)
        String cookie = "FastAB=0=6859,1=8174,2=4183,3=3319,4=3917,5=2557,6=4259,7=6070,8=0804,9=6453,10=1942,"
                + "11=4435,12=4143,13=9445,14=6957,15=8682,16=1885,17=1825,18=3760,19=0929; sato=1; countryCode=US; "
                + "stateCode=VA; geoData=purcellville|VA|20132|US|NA|-400|broadband|39.160|-77.700|511; usprivacy=1---; "
                + "umto=1; _dd_s=logs=1&id=b5c2d770-eaba-4847-8202-390c4552ff9a&created=1686159462724&expire=1686160422726";
        String names = "Host,Sec-Ch-Ua,Sec-Ch-Ua-Mobile,User-Agent,Sec-Ch-Ua-Platform,Accept,Sec-Fetch-Site,"
                + "Sec-Fetch-Mode,Sec-Fetch-Dest,Sec-Fetch-Mode,Sec-Fetch-Dest,Accept-Encoding,Accept-Language";
        assertThat(Ja4h.compute("GET", 1, 1, names, 13, cookie, true, "en-US,en;q=0.9"))
                .isEqualTo("ge11cr13enus_88d2d584d47f_0f2659b474bf_161698816dab");
        assertThat(Ja4h.language("da, en-GB;q=0.8")).isEqualTo("da00");
        assertThat(Ja4h.language(null)).isEqualTo("0000");
    }
}
