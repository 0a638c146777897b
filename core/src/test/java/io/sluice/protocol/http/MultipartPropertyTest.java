package io.sluice.protocol.http;

import static io.sluice.protocol.http.MultipartConversations.bytes;
import static io.sluice.protocol.http.MultipartConversations.chunked;
import static io.sluice.protocol.http.MultipartConversations.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.files.FileInfo;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Random multipart bodies, cut anywhere: their parts come out as files with exactly the parts'
 * content; mutated, they never make the dissector throw, and the files stay bounded.
 */
class MultipartPropertyTest {
    private static final String BOUNDARY_CHARS = "abcXYZ019'()+_,-./:=?";
    /** Content bytes chosen to look like delimiters' pieces as often as possible. */
    private static final byte[] CONTENT_BYTES = {'a', '-', '-', '\r', '\n', 0, (byte) 0xff, 'O', 'I', 'Z'};

    /** A generated body and the contents its parts decode to, in order (empty ones are no files). */
    record Body(String boundary, byte[] bytes, List<byte[]> contents, boolean clean) {}

    @Property(tries = 300)
    void partsComeOutAsFilesWithTheirExactContent(@ForAll long seed, @ForAll @IntRange(min = 0, max = 40) int step,
            @ForAll boolean chunkedTransfer) {
        Body body = generate(new Random(seed));
        Statistics.label("clean (content checked)").collect(body.clean());
        String head = "POST /f HTTP/1.1\r\nHost: h\r\nContent-Type: multipart/form-data; boundary=\"" + body.boundary() + "\"\r\n";
        byte[] client = chunkedTransfer ? chunked(head, body.bytes(), 1 + (int) Math.floorMod(seed, 97L))
                : message(head, body.bytes());
        var ctx = MultipartConversations.run(client, bytes("HTTP/1.1 204 No Content\r\n\r\n"), step);
        var files = ctx.eventsOf(FileInfo.class);
        var t = ctx.eventsOf(HttpTransaction.class);
        assertThat(t).hasSize(1);
        assertThat(t.get(0).requestBodyLen()).isEqualTo(body.bytes().length);
        assertThat(files.size()).isLessThanOrEqualTo(MultipartSplitter.MAX_PARTS);
        if (!body.clean()) return; // a part's content holds a delimiter: it is split there, rightly
        var expected = body.contents().stream().filter(c -> c.length > 0).map(MultipartConversations::sha256).toList();
        assertThat(files).extracting(FileInfo::sha256).containsExactlyElementsOf(expected);
        assertThat(t.get(0).origFuids()).containsExactlyElementsOf(
                files.stream().limit(HttpTxn.MAX_FILES).map(FileInfo::fuid).toList());
        assertThat(ctx.weirds).isEmpty();
    }

    @Property(tries = 300)
    void mutatedBodiesNeverThrowAndStayBounded(@ForAll long seed, @ForAll @IntRange(min = 1, max = 64) int step,
            @ForAll @IntRange(min = 0, max = 12) int mutations) {
        var random = new Random(seed);
        Body body = generate(random);
        String head = "POST /f HTTP/1.1\r\nHost: h\r\nContent-Type: multipart/mixed; boundary=" + body.boundary() + "\r\n";
        byte[] client = random.nextBoolean() ? chunked(head, body.bytes(), 1 + random.nextInt(50)) : message(head, body.bytes());
        for (int k = 0; k < mutations; k++) {
            int at = head.length() + random.nextInt(Math.max(1, client.length - head.length()));
            if (at < client.length) client[at] = CONTENT_BYTES[random.nextInt(CONTENT_BYTES.length)];
        }
        byte[] server = message("HTTP/1.1 200 OK\r\nContent-Type: multipart/byteranges; boundary=" + body.boundary() + "\r\n",
                body.bytes());
        var d = new HttpDissector();
        var ctx = MultipartConversations.context();
        int gapAt = random.nextInt(client.length + 1);
        for (int i = 0; i < client.length; i += step) {
            if (i <= gapAt && gapAt < i + step && random.nextBoolean()) d.onGap(true, 1 + random.nextInt(20), ctx);
            d.onData(true, ByteBuffer.wrap(client), i, Math.min(step, client.length - i), ctx);
        }
        MultipartConversations.feed(d, ctx, false, server, step);
        d.onEnd(ctx);
        assertThat(d.pendingRequests()).isZero();
        assertThat(ctx.eventsOf(FileInfo.class).size()).isLessThanOrEqualTo(2 * (MultipartSplitter.MAX_PARTS + 1));
        for (var t : ctx.eventsOf(HttpTransaction.class)) {
            assertThat(t.origFuids().size()).isLessThanOrEqualTo(HttpTxn.MAX_FILES);
            assertThat(t.respFuids().size()).isLessThanOrEqualTo(HttpTxn.MAX_FILES);
            assertThat(t.origMimeTypes().size()).isLessThanOrEqualTo(HttpTxn.MAX_FILES);
        }
    }

    /** A multipart body of up to 8 parts, some of them multiparts of up to 4 parts, some base64. */
    static Body generate(Random random) {
        String outer = "O" + boundary(random);
        var out = new ByteArrayOutputStream();
        var contents = new ArrayList<byte[]>();
        boolean[] clean = {true};
        if (random.nextBoolean()) {
            byte[] preamble = content(random);
            out.writeBytes(bytes("preamble ", preamble, "\r\n"));
            if (contains(preamble, bytes("\n--", outer))) clean[0] = false;
        }
        int parts = random.nextInt(9);
        for (int p = 0; p < parts; p++) {
            out.writeBytes(bytes("--", outer, random.nextBoolean() ? "\r\n" : "  \r\n"));
            if (random.nextInt(4) == 0) {
                String inner = "I" + boundary(random);
                out.writeBytes(bytes("Content-Type: multipart/mixed; boundary=\"", inner, "\"\r\n\r\n"));
                int innerParts = random.nextInt(5);
                for (int q = 0; q < innerParts; q++) {
                    out.writeBytes(bytes(q == 0 ? "" : "\r\n", "--", inner, "\r\n"));
                    leaf(random, out, contents, clean, List.of(outer, inner));
                }
                out.writeBytes(bytes(innerParts == 0 ? "" : "\r\n", "--", inner, "--\r\nepilogue"));
            } else {
                leaf(random, out, contents, clean, List.of(outer));
            }
            out.writeBytes(bytes("\r\n"));
        }
        out.writeBytes(bytes("--", outer, "--\r\n"));
        if (random.nextBoolean()) out.writeBytes(content(random));
        return new Body(outer, out.toByteArray(), contents, clean[0] && parts > 0);
    }

    private static void leaf(Random random, ByteArrayOutputStream out, List<byte[]> contents, boolean[] clean,
            List<String> boundaries) {
        byte[] content = content(random);
        if (random.nextInt(3) == 0) {
            out.writeBytes(bytes("Content-Disposition: form-data; name=\"f\"; filename=\"f.bin\"\r\n",
                    "Content-Transfer-Encoding: base64\r\n\r\n", Base64.getMimeEncoder().encodeToString(content)));
        } else {
            out.writeBytes(bytes("Content-Type: application/octet-stream\r\n\r\n", content));
            for (String b : boundaries) {
                if (contains(content, bytes("\n--", b)) || startsWith(content, bytes("--", b))) clean[0] = false;
            }
        }
        contents.add(content);
    }

    private static String boundary(Random random) {
        var b = new StringBuilder();
        int n = 1 + random.nextInt(random.nextBoolean() ? 8 : 69);
        for (int i = 0; i < n; i++) b.append(BOUNDARY_CHARS.charAt(random.nextInt(BOUNDARY_CHARS.length())));
        return b.toString();
    }

    private static byte[] content(Random random) {
        int n = random.nextInt(4) == 0 ? 0 : random.nextInt(random.nextBoolean() ? 20 : 600);
        byte[] c = new byte[n];
        for (int i = 0; i < n; i++) c[i] = CONTENT_BYTES[random.nextInt(CONTENT_BYTES.length)];
        return c;
    }

    private static boolean startsWith(byte[] b, byte[] prefix) {
        if (b.length < prefix.length) return false;
        for (int k = 0; k < prefix.length; k++) if (b[k] != prefix[k]) return false;
        return true;
    }

    private static boolean contains(byte[] b, byte[] what) {
        for (int i = 0; i + what.length <= b.length; i++) {
            boolean same = true;
            for (int k = 0; k < what.length && same; k++) same = b[i + k] == what[k];
            if (same) return true;
        }
        return false;
    }
}
