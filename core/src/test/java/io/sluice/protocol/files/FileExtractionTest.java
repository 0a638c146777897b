package io.sluice.protocol.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.RecordingContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files written to disk as they are followed (files.log's extracted, extracted_cutoff, extracted_size). */
class FileExtractionTest {

    @TempDir
    Path dir;

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private RecordingContext ctx(FileExtraction extraction) {
        var ctx = RecordingContext.tcp("10.0.0.5", 51000, "93.184.216.34", 80);
        ctx.fileExtraction = extraction;
        ctx.ts = 1_700_000_000_123_000_000L;
        return ctx;
    }

    @Test
    void aFileIsWrittenInOrderUnderANameOfItsOwn() throws Exception {
        var ctx = ctx(FileExtraction.into(dir, 1000, 10_000));
        var f = FileAnalysis.open(ctx, "HTTP", false, 1);
        f.filename("../../etc/passwd"); // a name from the traffic never becomes a path
        f.at(5, ascii("world"), 0, 5, 1);
        f.at(0, ascii("hello"), 0, 5, 2);
        FileInfo row = f.end(ctx);
        assertThat(row.extracted()).isEqualTo("extract-1700000000-HTTP-Ftest1");
        assertThat(row.extractedCutoff()).isFalse();
        assertThat(row.extractedSize()).isEqualTo(10);
        assertThat(Files.readString(dir.resolve(row.extracted()))).isEqualTo("helloworld");
        assertThat(Files.list(dir)).hasSize(1);
    }

    @Test
    void aHoleStaysAHoleAndTheLimitsCutOff() throws Exception {
        var extraction = FileExtraction.into(dir, 12, 15);
        var ctx = ctx(extraction);
        var first = FileAnalysis.open(ctx, "SMB", true, 0);
        first.at(0, ascii("ab"), 0, 2, 1);
        first.at(8, ascii("xyz"), 0, 3, 2);
        first.gap(0);
        FileInfo a = first.end(ctx);
        assertThat(Files.readAllBytes(dir.resolve(a.extracted()))).containsExactly('a', 'b', 0, 0, 0, 0, 0, 0, 'x', 'y', 'z');
        assertThat(a.missingBytes()).isEqualTo(6);

        var second = FileAnalysis.open(ctx, "SMB", true, 0);
        // at most 12 a file, and the run's 15 less the first file's 5 written bytes (a hole costs nothing)
        second.append(ascii("0123456789abcdefghij"), 0, 20, 3);
        FileInfo b = second.end(ctx);
        assertThat(b.extractedCutoff()).isTrue();
        assertThat(b.extractedSize()).isEqualTo(10);
        assertThat(Files.readString(dir.resolve(b.extracted()))).isEqualTo("0123456789");
        assertThat(b.seenBytes()).isEqualTo(20); // the analysis itself is not cut
        assertThat(extraction.bytesWritten()).isEqualTo(15);

        var third = FileAnalysis.open(ctx, "SMB", true, 0);
        third.append(ascii("late"), 0, 4, 4);
        FileInfo c = third.end(ctx);
        assertThat(c.extracted()).isNull(); // the budget is spent: no copy, and no empty file left behind
        assertThat(Files.list(dir)).hasSize(2);
    }

    @Test
    void aFolderThatCannotBeWrittenLosesTheCopiesNotTheRun() {
        var extraction = FileExtraction.into(dir.resolve("missing/folder"), 1000, 1000);
        var ctx = ctx(extraction);
        var f = FileAnalysis.open(ctx, "HTTP", false, 1);
        f.append(ascii("data"), 0, 4, 1);
        FileInfo row = f.end(ctx);
        assertThat(row.seenBytes()).isEqualTo(4);
        assertThat(row.extracted()).isNull();
        assertThat(row.extractedCutoff()).isNull();
        assertThat(extraction.failures()).isEqualTo(1);
        assertThat(extraction.bytesWritten()).isZero(); // what was reserved for the copy went back
    }

    @Test
    void withoutExtractionTheFieldsAreUnset() {
        var ctx = ctx(FileExtraction.NONE);
        var f = FileAnalysis.open(ctx, "HTTP", false, 1);
        f.append(ascii("data"), 0, 4, 1);
        FileInfo row = f.end(ctx);
        assertThat(row.extracted()).isNull();
        assertThat(row.extractedSize()).isNull();
    }
}
