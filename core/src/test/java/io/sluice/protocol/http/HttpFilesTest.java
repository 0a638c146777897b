package io.sluice.protocol.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.event.WireText;
import io.sluice.protocol.RecordingContext;
import io.sluice.protocol.files.FileInfo;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** HTTP bodies as files of files.log, and their ids and names in http.log. */
class HttpFilesTest {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static RecordingContext run(byte[] client, byte[] server, int step) {
        var d = new HttpDissector();
        var ctx = RecordingContext.tcp("10.0.0.1", 40000, "93.184.216.34", 80);
        ctx.fileHashes = Set.of("md5", "sha1", "sha256");
        feed(d, ctx, true, client, step);
        feed(d, ctx, false, server, step);
        d.onEnd(ctx);
        return ctx;
    }

    private static void feed(HttpDissector d, RecordingContext ctx, boolean fromOrig, byte[] b, int step) {
        int n = step <= 0 ? b.length : step;
        for (int i = 0; i < b.length; i += n) {
            ctx.ts += 1000;
            d.onData(fromOrig, ByteBuffer.wrap(b), i, Math.min(n, b.length - i), ctx);
        }
    }

    private static String md5(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
    }

    @Test
    void aDownloadIsAFileWithItsNameSizeTypeAndHashes() throws Exception {
        byte[] exe = new byte[3000];
        exe[0] = 'M';
        exe[1] = 'Z';
        for (int i = 2; i < exe.length; i++) exe[i] = (byte) (i * 7);
        var server = new ByteArrayOutputStream();
        server.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 3000\r\n"
                + "Content-Disposition: attachment; filename=\"setup.exe\"\r\n\r\n"));
        server.write(exe);
        for (int step : new int[] {0, 1, 700}) {
            var ctx = run(ascii("GET /dl HTTP/1.1\r\nHost: h\r\n\r\n"), server.toByteArray(), step);
            var files = ctx.eventsOf(FileInfo.class);
            assertThat(files).as("step %d", step).hasSize(1);
            FileInfo f = files.get(0);
            assertThat(f.source()).isEqualTo("HTTP");
            assertThat(f.isOrig()).isFalse();
            assertThat(f.localOrig()).isFalse();
            assertThat(f.depth()).isEqualTo(1);
            assertThat(f.filename()).isEqualTo("setup.exe");
            assertThat(f.mimeType()).isEqualTo("application/x-dosexec");
            assertThat(f.seenBytes()).isEqualTo(3000);
            assertThat(f.totalBytes()).isEqualTo(3000);
            assertThat(f.missingBytes()).isZero();
            assertThat(f.md5()).isEqualTo(md5(exe));
            var t = ctx.eventsOf(HttpTransaction.class).get(0);
            assertThat(t.respFuids()).containsExactly(f.fuid());
            assertThat(t.respFilenames()).containsExactly("setup.exe");
            assertThat(t.origFuids()).isEmpty();
        }
    }

    @Test
    void anUploadAndItsAnswerAreTwoFilesInRequestOrder() {
        var ctx = run(ascii("POST /up HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello"
                        + "GET /next HTTP/1.1\r\nHost: h\r\n\r\n"),
                ascii("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
                        + "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nyes"), 0);
        var files = ctx.eventsOf(FileInfo.class);
        assertThat(files).extracting(FileInfo::isOrig, FileInfo::depth, FileInfo::seenBytes)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(true, 1L, 5L),
                        org.assertj.core.groups.Tuple.tuple(false, 1L, 2L),
                        org.assertj.core.groups.Tuple.tuple(false, 2L, 3L));
        var txns = ctx.eventsOf(HttpTransaction.class);
        assertThat(txns.get(0).origFuids()).containsExactly(files.get(0).fuid());
        assertThat(txns.get(0).respFuids()).containsExactly(files.get(1).fuid());
        assertThat(txns.get(1).origFuids()).isEmpty();
        assertThat(txns.get(1).respFuids()).containsExactly(files.get(2).fuid());
        assertThat(files.get(0).localOrig()).isTrue(); // the client, 10.0.0.1, sent it
    }

    @Test
    void aCompressedBodyIsHashedAsDecoded() throws Exception {
        byte[] text = ascii("plain text ".repeat(400));
        var gz = new ByteArrayOutputStream();
        try (var out = new GZIPOutputStream(gz)) {
            out.write(text);
        }
        var server = new ByteArrayOutputStream();
        server.write(ascii("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: " + gz.size() + "\r\n\r\n"));
        server.write(gz.toByteArray());
        var ctx = run(ascii("GET / HTTP/1.1\r\nHost: h\r\n\r\n"), server.toByteArray(), 0);
        FileInfo f = ctx.eventsOf(FileInfo.class).get(0);
        assertThat(f.seenBytes()).isEqualTo(text.length);
        assertThat(f.totalBytes()).isNull(); // Content-Length counts the compressed bytes
        assertThat(f.md5()).isEqualTo(md5(text));
        assertThat(f.mimeType()).isEqualTo("text/plain");
    }

    @Test
    void aBodyWithAHoleHasMissingBytesAndNoHashes() {
        var d = new HttpDissector();
        var ctx = RecordingContext.tcp("10.0.0.1", 40000, "93.184.216.34", 80);
        ctx.fileHashes = Set.of("md5");
        d.onData(true, ByteBuffer.wrap(ascii("GET / HTTP/1.1\r\nHost: h\r\n\r\n")), 0, 27, ctx);
        byte[] head = ascii("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789");
        d.onData(false, ByteBuffer.wrap(head), 0, head.length, ctx);
        d.onGap(false, 80, ctx);
        d.onData(false, ByteBuffer.wrap(ascii("0123456789")), 0, 10, ctx);
        d.onEnd(ctx);
        FileInfo f = ctx.eventsOf(FileInfo.class).get(0);
        assertThat(f.seenBytes()).isEqualTo(20);
        assertThat(f.missingBytes()).isEqualTo(80);
        assertThat(f.md5()).isNull();
        assertThat(f.totalBytes()).isEqualTo(100);
    }

    @Test
    void noBodyNoFile() {
        var ctx = run(ascii("GET / HTTP/1.1\r\nHost: h\r\n\r\n"), ascii("HTTP/1.1 204 No Content\r\n\r\n"), 0);
        assertThat(ctx.eventsOf(FileInfo.class)).isEmpty();
        assertThat(ctx.eventsOf(HttpTransaction.class).get(0).respFuids()).isEmpty();
    }

    @Test
    void readsContentDispositionFileNames() {
        assertThat(ContentDisposition.filename("attachment; filename=\"a b.pdf\"")).isEqualTo("a b.pdf");
        assertThat(ContentDisposition.filename("attachment; filename=report.xlsx; size=3")).isEqualTo("report.xlsx");
        assertThat(ContentDisposition.filename("inline; filename=\"q\\\"uote;d.txt\"")).isEqualTo("q\"uote;d.txt");
        // the bytes sent, one char each (a wire string), which files.log and http.log write as UTF-8 text
        assertThat(ContentDisposition.filename("attachment; filename=\"fallback.txt\"; filename*=UTF-8''%E2%82%AC%20rates.txt"))
                .isEqualTo(WireText.ofText("\u20ac rates.txt"));
        assertThat(ContentDisposition.filename("attachment; filename*=UTF-8''bad%zz; filename=ok.txt")).isEqualTo("ok.txt");
        assertThat(ContentDisposition.filename("attachment")).isNull();
        assertThat(ContentDisposition.filename("attachment; filename=\"\"")).isNull();
        assertThat(ContentDisposition.filename("attachment; filename=" + "x".repeat(1000))).hasSize(ContentDisposition.MAX_NAME);
    }

    /**
     * A 206 answer with one Content-Range is a piece of its file: its bytes sit at the range's
     * offset, and later answers for the same URL on the connection are more pieces of the same file
     * (Zeek's file handle for range answers is the URL), listed by each transaction. A file whose
     * pieces never add up keeps no hash; a range that is the whole file is hashed as one.
     */
    @Test
    void rangeAnswersArePiecesOfOneFilePerUrl() throws Exception {
        byte[] piece = new byte[1000];
        for (int i = 0; i < piece.length; i++) piece[i] = (byte) (i * 13);
        var answers = new ByteArrayOutputStream();
        answers.write(ascii("HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 1000-1999/5000\r\n"
                + "Content-Length: 1000\r\n\r\n"));
        answers.write(piece);
        answers.write(ascii("HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 0-999/5000\r\nContent-Length: 1000\r\n\r\n"));
        answers.write(piece);
        answers.write(ascii("HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 0-999/1000\r\nContent-Length: 1000\r\n\r\n"));
        answers.write(piece);
        String range = "Host: h\r\nRange: bytes=%s\r\n\r\n";
        var ctx = run(ascii("GET /f.bin HTTP/1.1\r\n" + range.formatted("1000-1999") + "GET /f.bin HTTP/1.1\r\n"
                + range.formatted("0-999") + "GET /g.bin HTTP/1.1\r\n" + range.formatted("0-")), answers.toByteArray(), 0);
        var files = ctx.eventsOf(FileInfo.class);
        // g.bin is whole at its answer's end; f.bin (2,000 of 5,000 bytes) ends with the connection
        assertThat(files).extracting(FileInfo::seenBytes, FileInfo::missingBytes, FileInfo::totalBytes).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1000L, 0L, 1000L),
                org.assertj.core.groups.Tuple.tuple(2000L, 0L, 5000L));
        assertThat(files.get(0).sha256()).isEqualTo(sha256(piece));
        assertThat(files.get(1).sha256()).as("2,000 of 5,000 bytes").isNull();
        var txns = ctx.eventsOf(HttpTransaction.class);
        assertThat(txns).extracting(t -> t.respFuids()).containsExactly(List.of(files.get(1).fuid()),
                List.of(files.get(1).fuid()), List.of(files.get(0).fuid()));
    }

    /** Pieces that add up to the file, the later one first: one file, hashed as the whole. */
    @Test
    void rangeAnswersThatAddUpAreTheWholeFile() throws Exception {
        byte[] whole = new byte[5000];
        for (int i = 0; i < whole.length; i++) whole[i] = (byte) (i * 7 + 3);
        var answers = new ByteArrayOutputStream();
        answers.write(ascii("HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 2500-4999/5000\r\nContent-Length: 2500\r\n\r\n"));
        answers.write(whole, 2500, 2500);
        answers.write(ascii("HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 0-2499/5000\r\nContent-Length: 2500\r\n\r\n"));
        answers.write(whole, 0, 2500);
        String get = "GET /up.exe HTTP/1.1\r\nHost: h\r\nRange: bytes=%s\r\n\r\n";
        for (int step : new int[] {0, 1, 700}) {
            var ctx = run(ascii(get.formatted("2500-4999") + get.formatted("0-2499")), answers.toByteArray(), step);
            assertThat(ctx.eventsOf(FileInfo.class)).as("step %d", step).singleElement().satisfies(f -> {
                assertThat(f.seenBytes()).isEqualTo(5000);
                assertThat(f.missingBytes()).isZero();
                assertThat(f.sha256()).isEqualTo(sha256(whole));
            });
        }
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void readsContentRanges() {
        assertThat(ContentRange.parse("bytes 100-199/1000")).isEqualTo(new ContentRange(100, 199, 1000));
        assertThat(ContentRange.parse("Bytes 0-0/*")).isEqualTo(new ContentRange(0, 0, -1));
        assertThat(ContentRange.parse("bytes 0-999/1000").wholeFile()).isTrue();
        assertThat(ContentRange.parse("bytes 0-999/1001").wholeFile()).isFalse();
        assertThat(ContentRange.parse("bytes */1000")).as("unsatisfied").isNull();
        assertThat(ContentRange.parse("bytes 9-3/10")).isNull();
        assertThat(ContentRange.parse("items 1-2/3")).isNull();
        assertThat(ContentRange.parse("bytes 1-99999999999999999999/5")).as("too long a number").isNull();
        assertThat(ContentRange.parse(null)).isNull();
    }

    @net.jqwik.api.Property(tries = 2000)
    void contentRangeParsingNeverThrows(@net.jqwik.api.ForAll String value) {
        var r = ContentRange.parse(value);
        if (r != null) assertThat(r.first()).isLessThanOrEqualTo(r.last());
    }

    @Test
    void readsTheNameParameterOfAContentType() {
        assertThat(ContentDisposition.typeName("application/pdf; name=\"Q3 report.pdf\"")).isEqualTo("Q3 report.pdf");
        assertThat(ContentDisposition.typeName("application/octet-stream; name*=UTF-8''%E2%82%AC.bin")).isEqualTo(WireText.ofText("\u20ac.bin"));
        assertThat(ContentDisposition.typeName("text/html; charset=utf-8")).isNull();
        assertThat(ContentDisposition.typeName("application/x-thing; filename=x.bin")).as("not the same parameter").isNull();
    }

    /**
     * Zeek takes a Content-Type's {@code name=} as the file's name when no Content-Disposition names it;
     * a Content-Disposition name wins whichever header comes first.
     */
    @Test
    void aContentTypeNameNamesTheFileWhenNoDispositionDoes() {
        var ctx = run(ascii("GET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\n"),
                ascii("HTTP/1.1 200 OK\r\nContent-Type: application/pdf; name=\"q3.pdf\"\r\nContent-Length: 5\r\n\r\n%PDF-"
                        + "HTTP/1.1 200 OK\r\nContent-Type: application/pdf; name=\"type.pdf\"\r\n"
                        + "Content-Disposition: attachment; filename=\"disposition.pdf\"\r\nContent-Length: 5\r\n\r\n%PDF-"), 0);
        assertThat(ctx.eventsOf(FileInfo.class)).extracting(FileInfo::filename).containsExactly("q3.pdf", "disposition.pdf");
        assertThat(ctx.eventsOf(HttpTransaction.class)).extracting(t -> t.respFilenames())
                .containsExactly(List.of("q3.pdf"), List.of("disposition.pdf"));
    }

    /** A response naming its body with these Content-Disposition bytes; the rows as JSON lines. */
    private static String filesAndHttpJson(byte[] disposition) throws Exception {
        var server = new ByteArrayOutputStream();
        server.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 4\r\nContent-Disposition: attachment; "));
        server.write(disposition);
        server.write(ascii("\r\n\r\nbody"));
        var ctx = run(ascii("GET /dl HTTP/1.1\r\nHost: h\r\n\r\n"), server.toByteArray(), 0);
        var out = new ByteArrayOutputStream();
        for (var e : List.<io.sluice.event.LogEntry>of(ctx.eventsOf(FileInfo.class).get(0),
                ctx.eventsOf(HttpTransaction.class).get(0))) {
            try (var w = io.sluice.event.LogWriter.create(io.sluice.event.LogFormat.JSON, e.schema(), out, 0)) {
                w.write(e);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * Zeek logs a Content-Disposition name as the bytes sent (the RFC 8187 form percent-decoded,
     * whatever its charset): UTF-8 reads as text, other bytes as \xNN, in files.log and http.log
     * alike. The names were doubly encoded ("cafÃ©") in both, and a {@code filename*} in another
     * charset was decoded to text that http.log wrote as bytes of its own.
     */
    @Test
    void nonAsciiNamesAreWrittenAsTheBytesSentInFilesAndHttpLogs() throws Exception {
        byte[] utf8 = "filename=\"caf\u00e9 \u20ac.txt\"".getBytes(StandardCharsets.UTF_8);
        assertThat(filesAndHttpJson(utf8)).contains("\"filename\":\"caf\u00e9 \u20ac.txt\"",
                "\"resp_filenames\":[\"caf\u00e9 \u20ac.txt\"]");
        byte[] latin1 = ascii("filename=\"caf\u00e9.txt\"");
        assertThat(filesAndHttpJson(latin1)).contains("\"filename\":\"caf\\\\xe9.txt\"",
                "\"resp_filenames\":[\"caf\\\\xe9.txt\"]");
        assertThat(filesAndHttpJson(ascii("filename*=UTF-8''%E2%82%AC%20rates.txt")))
                .contains("\"filename\":\"\u20ac rates.txt\"", "\"resp_filenames\":[\"\u20ac rates.txt\"]");
        assertThat(filesAndHttpJson(ascii("filename*=iso-8859-1'en'%A3%20rates.txt")))
                .contains("\"filename\":\"\\\\xa3 rates.txt\"");
    }
}
