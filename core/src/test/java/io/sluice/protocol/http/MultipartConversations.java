package io.sluice.protocol.http;

import io.sluice.protocol.RecordingContext;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/** Builds HTTP conversations with multipart bodies and runs them through the dissector, cut where a test says. */
final class MultipartConversations {
    private MultipartConversations() {}

    /** Strings (as ISO-8859-1) and byte arrays, one after the other. */
    static byte[] bytes(Object... pieces) {
        var out = new ByteArrayOutputStream();
        for (Object p : pieces) {
            byte[] b = p instanceof byte[] a ? a : p.toString().getBytes(StandardCharsets.ISO_8859_1);
            out.writeBytes(b);
        }
        return out.toByteArray();
    }

    /** A request (or response) head with a Content-Length for {@code body}, then the body. */
    static byte[] message(String startAndHeaders, byte[] body) {
        return bytes(startAndHeaders, "Content-Length: " + body.length + "\r\n\r\n", body);
    }

    /** The same body in chunks of {@code chunk} bytes (chunked transfer coding). */
    static byte[] chunked(String startAndHeaders, byte[] body, int chunk) {
        var out = new ByteArrayOutputStream();
        out.writeBytes(bytes(startAndHeaders, "Transfer-Encoding: chunked\r\n\r\n"));
        for (int i = 0; i < body.length; i += chunk) {
            int n = Math.min(chunk, body.length - i);
            out.writeBytes(bytes(Integer.toHexString(n) + "\r\n"));
            out.write(body, i, n);
            out.writeBytes(bytes("\r\n"));
        }
        out.writeBytes(bytes("0\r\n\r\n"));
        return out.toByteArray();
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Client then server bytes, each in segments of {@code step} bytes (0: whole). */
    static RecordingContext run(byte[] client, byte[] server, int step) {
        var d = new HttpDissector();
        var ctx = context();
        feed(d, ctx, true, client, step);
        feed(d, ctx, false, server, step);
        d.onEnd(ctx);
        return ctx;
    }

    /** The client's bytes in two segments cut at {@code cut}, then the server's whole. */
    static RecordingContext runCut(byte[] client, int cut, byte[] server) {
        var d = new HttpDissector();
        var ctx = context();
        ctx.ts += 1000;
        d.onData(true, ByteBuffer.wrap(client), 0, cut, ctx);
        ctx.ts += 1000;
        d.onData(true, ByteBuffer.wrap(client), cut, client.length - cut, ctx);
        feed(d, ctx, false, server, 0);
        d.onEnd(ctx);
        return ctx;
    }

    static RecordingContext context() {
        var ctx = RecordingContext.tcp("10.0.0.1", 40000, "93.184.216.34", 80);
        ctx.fileHashes = Set.of("sha256");
        return ctx;
    }

    static void feed(HttpDissector d, RecordingContext ctx, boolean fromOrig, byte[] b, int step) {
        int n = step <= 0 ? Math.max(1, b.length) : step;
        for (int i = 0; i < b.length; i += n) {
            ctx.ts += 1000;
            d.onData(fromOrig, ByteBuffer.wrap(b), i, Math.min(n, b.length - i), ctx);
        }
    }
}
