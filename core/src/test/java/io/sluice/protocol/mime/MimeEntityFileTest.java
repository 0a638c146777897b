package io.sluice.protocol.mime;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.RecordingContext;
import io.sluice.protocol.files.FileInfo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Entity bodies decode the same whatever pieces they arrive in. */
class MimeEntityFileTest {

    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    /** The body in pieces cut at {@code cut} and then every {@code step} bytes; the file's row. */
    private static FileInfo decode(int encoding, byte[] body, int cut, int step) {
        var ctx = RecordingContext.tcp("10.0.0.1", 1, "10.0.0.2", 80);
        ctx.fileHashes = Set.of("sha256");
        var f = new MimeEntityFile("HTTP", true, 1, "x", encoding);
        f.feed(body, 0, cut, ctx);
        for (int i = cut; i < body.length; i += step) f.feed(body, i, Math.min(step, body.length - i), ctx);
        return f.end(true, ctx);
    }

    private static void assertDecodes(int encoding, byte[] body, byte[] decoded) throws Exception {
        for (int step : new int[] {1, 2, 3, 1000}) {
            for (int cut = 0; cut <= body.length; cut++) {
                FileInfo row = decode(encoding, body, cut, step);
                assertThat(row.sha256()).as("cut %d, step %d", cut, step).isEqualTo(sha256(decoded));
                assertThat(row.seenBytes()).isEqualTo(decoded.length);
            }
        }
    }

    @Test
    void quotedPrintableDecodesEscapesSoftBreaksAndDropsPadding() throws Exception {
        assertDecodes(MimeEntityFile.QUOTED_PRINTABLE,
                latin1("caf=C3=A9 =\r\nsoft \t \r\nbad =ZZ and =4 and = x\nlf line  \nlast=3d=  \r\nend=\r\rx  "),
                latin1("caf\u00c3\u00a9 soft\r\nbad =ZZ and =4 and = x\nlf line\nlast=end=\r\rx"));
    }

    @Test
    void base64SkipsLineBreaksAndJunkAndStopsAtPadding() throws Exception {
        byte[] raw = new byte[300];
        for (int i = 0; i < raw.length; i++) raw[i] = (byte) (i * 37);
        String b64 = Base64.getMimeEncoder().encodeToString(raw);
        assertDecodes(MimeEntityFile.BASE64, latin1(b64 + "\r\n"), raw);
        assertDecodes(MimeEntityFile.BASE64, latin1("TV q\r\nQ!AA==\r\n"), new byte[] {'M', 'Z', (byte) 0x90, 0});
    }

    @Test
    void anEntityThatDecodesToNothingIsNoFile() {
        assertThat(decode(MimeEntityFile.BASE64, latin1("\r\n!!\r\n"), 0, 1)).isNull();
        assertThat(MimeEntityFile.encoding(" Quoted-Printable ")).isEqualTo(MimeEntityFile.QUOTED_PRINTABLE);
        assertThat(MimeEntityFile.encoding("7bit")).isEqualTo(MimeEntityFile.IDENTITY);
        assertThat(MimeEntityFile.encoding(null)).isEqualTo(MimeEntityFile.IDENTITY);
    }
}
