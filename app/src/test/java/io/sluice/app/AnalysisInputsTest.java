package io.sluice.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.capture.CaptureException;
import io.sluice.ingest.IngestFormats;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How analyze's inputs are told apart: by content, through gzip, from standard input and in folders. */
class AnalysisInputsTest {

    @TempDir
    Path tmp;

    private static final String ZEEK = "#separator \\x09\n#path\tconn\n#fields\tts\tuid\n1.0\tC1\n";
    private static final byte[] PCAP_HEADER = {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2, (byte) 0xa1, 2, 0, 4, 0, 0, 0, 0,
        0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 0, 0, 1, 0, 0, 0};

    private static byte[] gzip(byte[] data) throws IOException {
        var out = new ByteArrayOutputStream();
        try (var gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    private static AnalysisInputs resolve(List<String> args, InputStream stdin) throws CaptureException {
        return AnalysisInputs.resolve(args, IngestFormats.standard(), null, stdin);
    }

    @Test
    void standardInputIsSniffedAndStillReadFromItsFirstByte() throws IOException, CaptureException {
        byte[] zipped = gzip(ZEEK.getBytes(StandardCharsets.UTF_8));
        var inputs = resolve(List.of("-"), new ByteArrayInputStream(zipped));
        var input = inputs.all().get(0);
        assertThat(input.kind()).isEqualTo(AnalysisInputs.Kind.LOG);
        assertThat(input.format().name()).isEqualTo("zeek");
        try (InputStream in = inputs.openLog(input)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(ZEEK);
        }

        var pcap = resolve(List.of("-"), new ByteArrayInputStream(PCAP_HEADER));
        assertThat(pcap.all().get(0).kind()).isEqualTo(AnalysisInputs.Kind.CAPTURE);
        assertThat(pcap.stdin().readAllBytes()).isEqualTo(PCAP_HEADER);
    }

    @Test
    void foldersKeepCapturesAndRecognisedLogsInNameOrderAndPassOverEmptyFiles() throws IOException, CaptureException {
        Path dir = Files.createDirectories(tmp.resolve("d/sub"));
        Files.write(tmp.resolve("d/b.pcap.gz"), gzip(PCAP_HEADER));
        Files.write(dir.resolve("a-conn.log.gz"), gzip(ZEEK.getBytes(StandardCharsets.UTF_8)));
        Files.writeString(tmp.resolve("d/notes.md"), "# notes\n");
        Files.write(tmp.resolve("d/zero"), new byte[0]);
        var inputs = resolve(List.of(tmp.resolve("d").toString()), InputStream.nullInputStream());
        assertThat(inputs.all()).extracting(i -> Path.of(i.name()).getFileName().toString(), AnalysisInputs.Input::kind)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("b.pcap.gz", AnalysisInputs.Kind.CAPTURE),
                        org.assertj.core.groups.Tuple.tuple("a-conn.log.gz", AnalysisInputs.Kind.LOG));
    }

    @Test
    void aFileNothingRecognisesStaysInTheListToBeReported() throws IOException, CaptureException {
        Path f = Files.writeString(tmp.resolve("x.csv"), "a,b,c\n");
        assertThat(resolve(List.of(f.toString()), InputStream.nullInputStream()).all().get(0).kind())
                .isEqualTo(AnalysisInputs.Kind.UNRECOGNISED);
        assertThat(AnalysisInputs.resolve(List.of(f.toString()), IngestFormats.standard(),
                IngestFormats.standard().named("zeek").orElseThrow(), InputStream.nullInputStream()).all().get(0).kind())
                .isEqualTo(AnalysisInputs.Kind.LOG);
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Files.writeString(empty.resolve("x.csv"), "a,b\n");
        assertThatThrownBy(() -> resolve(List.of(empty.toString()), InputStream.nullInputStream()))
                .isInstanceOf(CaptureException.class).hasMessageContaining("no captures and no logs");
    }
}
