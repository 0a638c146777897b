package io.sluice.protocol.http;

import static io.sluice.protocol.http.MultipartConversations.bytes;
import static io.sluice.protocol.http.MultipartConversations.chunked;
import static io.sluice.protocol.http.MultipartConversations.message;
import static io.sluice.protocol.http.MultipartConversations.run;
import static io.sluice.protocol.http.MultipartConversations.runCut;
import static io.sluice.protocol.http.MultipartConversations.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.event.WireText;
import io.sluice.protocol.RecordingContext;
import io.sluice.protocol.files.FileInfo;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** Multipart bodies give one file per part, as Zeek's HTTP analyzer (a MIME entity parser) does. */
class HttpMultipartTest {
    private static final String B = "----WebKitFormBoundary7MA4YWxkTrZu0gW";
    private static final byte[] OK = bytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");

    /** A PE head, then bytes that look like the start of a delimiter without being one. */
    private static final byte[] EXE = exe();
    private static final byte[] NOTES = bytes("line one\r\nline two\n--not a boundary\r\n--", B.substring(0, 20), " still text");
    private static final byte[] FORM = bytes(
            "--", B, "\r\n",
            "Content-Disposition: form-data; name=\"comment\"\r\n\r\n",
            "hello world\r\n",
            "--", B, "\r\n",
            "Content-Disposition: form-data; name=\"upload\"; filename=\"setup.exe\"\r\n",
            "Content-Type: application/octet-stream\r\n\r\n",
            EXE, "\r\n",
            "--", B, "\r\n",
            "Content-Disposition: form-data; name=\"notes\"; filename*=UTF-8''n%C3%B6tes.txt\r\n",
            "Content-Type: text/plain\r\n\r\n",
            NOTES, "\r\n",
            "--", B, "--\r\n");
    private static final String POST = "POST /upload HTTP/1.1\r\nHost: h\r\nContent-Type: multipart/form-data; boundary=" + B + "\r\n";

    private static byte[] exe() {
        var out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {'M', 'Z', (byte) 0x90, 0, 3, 0});
        for (int i = 0; i < 2000; i++) out.write((byte) (i * 31 + 7));
        out.writeBytes(bytes("\r\n--", B.substring(0, 10), "x\r\n-\r\r\n--\n--", B.substring(0, B.length() - 1), "Y--",
                B, "\r\n\n"));
        for (int i = 0; i < 500; i++) out.write((byte) (i * 13));
        return out.toByteArray();
    }

    private static void assertTheFormsFiles(RecordingContext ctx, String as) {
        var files = ctx.eventsOf(FileInfo.class).stream().filter(FileInfo::isOrig).toList();
        assertThat(files).as(as).hasSize(3);
        assertThat(files).as(as).extracting(f -> WireText.toText(f.filename())).containsExactly(null, "setup.exe",
                "n\u00f6tes.txt");
        assertThat(files).as(as).extracting(FileInfo::mimeType)
                .containsExactly("text/plain", "application/x-dosexec", "text/plain");
        assertThat(files).as(as).extracting(FileInfo::seenBytes)
                .containsExactly((long) "hello world".length(), (long) EXE.length, (long) NOTES.length);
        assertThat(files).as(as).extracting(FileInfo::sha256)
                .containsExactly(sha256(bytes("hello world")), sha256(EXE), sha256(NOTES));
        assertThat(files).as(as).extracting(FileInfo::depth, FileInfo::source, FileInfo::totalBytes)
                .containsOnly(org.assertj.core.groups.Tuple.tuple(1L, "HTTP", null));
        var t = ctx.eventsOf(HttpTransaction.class).get(0);
        assertThat(t.origFuids()).as(as).containsExactlyElementsOf(files.stream().map(FileInfo::fuid).toList());
        assertThat(t.origFilenames()).as(as).containsExactly("setup.exe", WireText.ofText("n\u00f6tes.txt"));
        assertThat(t.origMimeTypes()).as(as).containsExactly("text/plain", "application/x-dosexec", "text/plain");
        assertThat(t.requestBodyLen()).as(as).isEqualTo(FORM.length);
        assertThat(t.respFuids()).as(as).hasSize(1);
        assertThat(ctx.weirds).as(as).isEmpty();
    }

    /** A part named only by its Content-Type's {@code name=} (mail-style clients): that is its file name. */
    @Test
    void aPartNamedByItsContentTypeKeepsThatName() {
        byte[] body = bytes("--", B, "\r\n", "Content-Type: application/pdf; name=\"scan 7.pdf\"\r\n\r\n", "%PDF-1.7 x\r\n",
                "--", B, "--\r\n");
        var ctx = run(message(POST, body), OK, 0);
        assertThat(ctx.eventsOf(FileInfo.class).stream().filter(FileInfo::isOrig)).extracting(FileInfo::filename)
                .containsExactly("scan 7.pdf");
    }

    @Test
    void aFormUploadIsOneFilePerPartHoweverItIsCut() {
        byte[] client = message(POST, FORM);
        for (int step : new int[] {0, 1, 2, 3, 7, 64, 1000}) {
            assertTheFormsFiles(run(client, OK, step), "step " + step);
        }
        for (int chunk : new int[] {1, 5, 37, 4096}) {
            assertTheFormsFiles(run(chunked(POST, FORM, chunk), OK, 0), "chunks of " + chunk);
        }
        // a cut at every place in and around each delimiter
        byte[] delimiter = bytes("\r\n--", B);
        for (int at = indexOf(client, delimiter, 0); at >= 0; at = indexOf(client, delimiter, at + 1)) {
            for (int cut = at - 1; cut <= at + delimiter.length + 4; cut++) {
                assertTheFormsFiles(runCut(client, cut, OK), "cut at " + cut);
            }
        }
    }

    @Test
    void aCompressedMultipartBodyIsSplitAfterDecompression() throws Exception {
        var gz = new ByteArrayOutputStream();
        try (var out = new GZIPOutputStream(gz)) {
            out.write(FORM);
        }
        var ctx = run(message(POST + "Content-Encoding: gzip\r\n", gz.toByteArray()), OK, 100);
        assertTheFormsFiles(ctx, "gzip");
    }

    @Test
    void base64AndQuotedPrintablePartsAreDecoded() {
        byte[] payload = Arrays.copyOf(EXE, 700);
        String b64 = Base64.getMimeEncoder().encodeToString(payload); // lines of 76 characters
        byte[] body = bytes("--b\r\n",
                "Content-Disposition: attachment; filename=\"p.dll\"\r\nContent-Transfer-Encoding: BASE64\r\n\r\n",
                b64, "\r\n",
                "--b\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n",
                "caf=C3=A9 =\r\nsoft  \r\nnext=3D=\r\n\r\n",
                "--b--\r\n");
        for (int step : new int[] {0, 1, 5}) {
            var ctx = run(message("POST / HTTP/1.1\r\nHost: h\r\nContent-Type: multipart/mixed; boundary=b\r\n", body), OK, step);
            var files = ctx.eventsOf(FileInfo.class).stream().filter(FileInfo::isOrig).toList();
            assertThat(files).hasSize(2);
            assertThat(files.get(0).sha256()).isEqualTo(sha256(payload));
            assertThat(files.get(0).seenBytes()).isEqualTo(payload.length);
            assertThat(files.get(0).mimeType()).isEqualTo("application/x-dosexec");
            byte[] text = "caf\u00e9 soft\r\nnext=".getBytes(StandardCharsets.UTF_8);
            assertThat(files.get(1).sha256()).as("step %d", step).isEqualTo(sha256(text));
            assertThat(ctx.eventsOf(HttpTransaction.class).get(0).origFilenames()).containsExactly("p.dll");
        }
    }

    @Test
    void aNestedMultipartIsSplitInTurnAndItsPreamblesAndEpiloguesAreNoFiles() {
        byte[] two = {0, 1, 2, (byte) 0xff, '\r', '\n', '-', '-'};
        byte[] nested = bytes("This is the preamble.\r\n",
                "--outer\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nfirst\r\n",
                "--outer\r\nContent-Type: multipart/mixed;\r\n boundary=\"inner\"\r\n\r\n",
                "inner preamble\r\n",
                "--inner\r\nContent-Disposition: file; filename=\"one.txt\"\r\n\r\none\r\n",
                "--inner   \r\nContent-Disposition: file; filename=\"two.bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\n",
                Base64.getEncoder().encodeToString(two), "\r\n",
                "--inner--\r\ninner epilogue\r\n",
                "--outer--\r\nthe epilogue\r\n");
        for (int step : new int[] {0, 1, 3}) {
            var ctx = run(message("POST / HTTP/1.1\r\nHost: h\r\nContent-Type: multipart/form-data; boundary=outer\r\n",
                    nested), OK, step);
            var files = ctx.eventsOf(FileInfo.class).stream().filter(FileInfo::isOrig).toList();
            assertThat(files).as("step %d", step).extracting(FileInfo::sha256)
                    .containsExactly(sha256(bytes("first")), sha256(bytes("one")), sha256(two));
            assertThat(ctx.eventsOf(HttpTransaction.class).get(0).origFilenames()).containsExactly("one.txt", "two.bin");
        }
        // an inner multipart left open ends at the outer delimiter
        byte[] unclosed = bytes("--outer\r\nContent-Type: multipart/mixed; boundary=inner\r\n\r\n",
                "--inner\r\n\r\none\r\n--inner\r\n\r\ntwo\r\n--outer\r\n\r\nthree\r\n--outer--");
        var ctx = run(message("POST / HTTP/1.1\r\nHost: h\r\nContent-Type: multipart/mixed; boundary=outer\r\n", unclosed), OK, 0);
        assertThat(ctx.eventsOf(FileInfo.class).stream().filter(FileInfo::isOrig).toList()).extracting(FileInfo::sha256)
                .containsExactly(sha256(bytes("one")), sha256(bytes("two")), sha256(bytes("three")));
    }

    @Test
    void emptyPartsAreNoFiles() {
        byte[] body = bytes("--b\r\nContent-Disposition: form-data; name=\"empty\"\r\n\r\n",
                "--b\r\n--b\r\n\r\n\r\n--b\r\n\r\nx\r\n--b--");
        var ctx = run(message("POST / HTTP/1.1\r\nHost: h\r\nContent-Type: multipart/form-data; boundary=b\r\n", body), OK, 0);
        assertThat(ctx.eventsOf(FileInfo.class).stream().filter(FileInfo::isOrig).toList()).extracting(FileInfo::sha256)
                .containsExactly(sha256(bytes("x")));
    }

    @Test
    void aBodyWhoseBoundaryNeverComesIsOneFile() {
        String head = "POST / HTTP/1.1\r\nHost: h\r\nContent-Type: multipart/form-data; boundary=zzz\r\n"
                + "Content-Disposition: attachment; filename=\"whole.txt\"\r\n";
        byte[] shortBody = bytes("just some text, --zz and no delimiter\r\n--zz");
        byte[] longBody = bytes("y".repeat(MultipartSplitter.MAX_PREAMBLE + 100), "\r\n--zzz\r\n\r\nlate\r\n--zzz--");
        for (byte[] body : List.of(shortBody, longBody)) {
            for (int step : new int[] {0, 1, 1000}) {
                var ctx = run(message(head, body), OK, step);
                var files = ctx.eventsOf(FileInfo.class).stream().filter(FileInfo::isOrig).toList();
                assertThat(files).as("step %d", step).singleElement().satisfies(f -> {
                    assertThat(f.sha256()).isEqualTo(sha256(body));
                    assertThat(f.seenBytes()).isEqualTo(body.length);
                    assertThat(f.totalBytes()).isEqualTo(body.length);
                    assertThat(f.filename()).isEqualTo("whole.txt");
                });
                assertThat(ctx.weirds).extracting(RecordingContext.Weird::name).containsExactly("HTTP_multipart_boundary_not_found");
            }
        }
        // no boundary parameter: not split, and nothing to report
        var ctx = run(message("POST / HTTP/1.1\r\nHost: h\r\nContent-Type: multipart/form-data\r\n", FORM), OK, 0);
        assertThat(ctx.eventsOf(FileInfo.class).stream().filter(FileInfo::isOrig).toList()).singleElement()
                .satisfies(f -> assertThat(f.sha256()).isEqualTo(sha256(FORM)));
        assertThat(ctx.weirds).isEmpty();
    }

    @Test
    void theRangesOfAByterangesAnswerArePiecesOfOneFile() {
        byte[] pdf = new byte[1000];
        System.arraycopy(bytes("%PDF-1.7\n"), 0, pdf, 0, 9);
        for (int i = 9; i < pdf.length; i++) pdf[i] = (byte) ('a' + i % 26);
        String s = "THIS_STRING_SEPARATES";
        byte[] body = bytes("--", s, "\r\nContent-Type: application/pdf\r\nContent-Range: bytes 0-99/1000\r\n\r\n",
                Arrays.copyOfRange(pdf, 0, 100),
                "\r\n--", s, "\r\nContent-Type: application/pdf\r\nContent-Range: bytes 200-299/1000\r\n\r\n",
                Arrays.copyOfRange(pdf, 200, 300),
                "\r\n--", s, "--\r\n");
        byte[] answer = message("HTTP/1.1 206 Partial Content\r\nContent-Type: multipart/byteranges; boundary=" + s + "\r\n", body);
        var ctx = run(bytes("GET /doc.pdf HTTP/1.1\r\nHost: h\r\nRange: bytes=0-99,200-299\r\n\r\n"), answer, 7);
        var files = ctx.eventsOf(FileInfo.class);
        assertThat(files).singleElement().satisfies(f -> {
            assertThat(f.isOrig()).isFalse();
            assertThat(f.seenBytes()).isEqualTo(200);
            assertThat(f.missingBytes()).isEqualTo(100);
            assertThat(f.totalBytes()).isEqualTo(1000);
            assertThat(f.mimeType()).isEqualTo("application/pdf");
            assertThat(f.sha256()).isNull(); // a hole: the hashes are given up
        });
        var t = ctx.eventsOf(HttpTransaction.class).get(0);
        assertThat(t.respFuids()).containsExactly(files.get(0).fuid());
        assertThat(t.responseBodyLen()).isEqualTo(body.length);
        // without a range request (Zeek's file handle then counts the entities) each part is its own file
        var unasked = run(bytes("GET /doc.pdf HTTP/1.1\r\nHost: h\r\n\r\n"), answer, 0);
        assertThat(unasked.eventsOf(FileInfo.class)).extracting(FileInfo::sha256)
                .containsExactly(sha256(Arrays.copyOfRange(pdf, 0, 100)), sha256(Arrays.copyOfRange(pdf, 200, 300)));
    }

    @Test
    void partsNestingAndHeadersAreBounded() {
        var many = new StringBuilder();
        for (int i = 0; i < MultipartSplitter.MAX_PARTS + 20; i++) many.append("--b\r\n\r\npart ").append(i).append("\r\n");
        many.append("--b--");
        var ctx = run(message("POST / HTTP/1.1\r\nHost: h\r\nContent-Type: multipart/mixed; boundary=b\r\n",
                bytes(many)), OK, 0);
        assertThat(ctx.eventsOf(FileInfo.class).stream().filter(FileInfo::isOrig).count()).isEqualTo(MultipartSplitter.MAX_PARTS);
        assertThat(ctx.eventsOf(HttpTransaction.class).get(0).origFuids()).hasSize(HttpTxn.MAX_FILES);
        assertThat(ctx.weirds).extracting(RecordingContext.Weird::name).containsExactly("HTTP_multipart_too_many_parts");

        // boundaries none of which starts another ("lvl1x" and "lvl10x")
        var deep = new StringBuilder();
        for (int level = 0; level < MultipartSplitter.MAX_DEPTH + 2; level++) {
            deep.append("--lvl").append(level).append("x\r\nContent-Type: multipart/mixed; boundary=lvl").append(level + 1)
                    .append("x\r\n\r\n");
        }
        deep.append("--lvl").append(MultipartSplitter.MAX_DEPTH + 2).append("x\r\n\r\nleaf\r\n--lvl0x--");
        ctx = run(message("POST / HTTP/1.1\r\nHost: h\r\nContent-Type: multipart/mixed; boundary=lvl0x\r\n", bytes(deep)),
                OK, 0);
        assertThat(ctx.weirds).extracting(RecordingContext.Weird::name).containsExactly("HTTP_multipart_too_deep");
        // the multipart past the bound is a leaf: one file holding its parts
        String tooDeep = deep.substring(deep.indexOf("--lvl" + MultipartSplitter.MAX_DEPTH + "x"),
                deep.length() - "\r\n--lvl0x--".length());
        assertThat(ctx.eventsOf(FileInfo.class).stream().filter(FileInfo::isOrig).toList()).extracting(FileInfo::sha256)
                .containsExactly(sha256(bytes(tooDeep)));

        byte[] longHeaders = bytes("--b\r\nX-Junk: ", "j".repeat(MultipartSplitter.MAX_HEADERS), "\r\n\r\ndata\r\n--b--");
        ctx = run(message("POST / HTTP/1.1\r\nHost: h\r\nContent-Type: multipart/mixed; boundary=b\r\n", longHeaders), OK, 0);
        assertThat(ctx.weirds).extracting(RecordingContext.Weird::name).containsExactly("HTTP_multipart_headers_too_long");
        assertThat(ctx.eventsOf(FileInfo.class).stream().filter(FileInfo::isOrig).toList()).singleElement()
                .satisfies(f -> assertThat(f.seenBytes()).isEqualTo(longHeaders.length - "--b\r\n".length() - "\r\n--b--".length()));
    }

    private static int indexOf(byte[] b, byte[] what, int from) {
        outer:
        for (int i = from; i + what.length <= b.length; i++) {
            for (int k = 0; k < what.length; k++) if (b[i + k] != what[k]) continue outer;
            return i;
        }
        return -1;
    }
}
