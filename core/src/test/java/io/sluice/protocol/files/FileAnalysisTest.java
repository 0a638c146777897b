package io.sluice.protocol.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.RecordingContext;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FileAnalysisTest {

    // FIPS 180 and RFC 1321 test vectors for "abc"
    private static final String ABC_MD5 = "900150983cd24fb0d6963f7d28e17f72";
    private static final String ABC_SHA1 = "a9993e364706816aba3e25717850c26c9cd0d89d";
    private static final String ABC_SHA256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    private static RecordingContext ctx() {
        var ctx = RecordingContext.tcp("10.0.0.5", 51000, "93.184.216.34", 80);
        ctx.fileHashes = Set.of("md5", "sha1", "sha256");
        return ctx;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void hashesAndMeasuresBytesInOrder() {
        var ctx = ctx();
        var f = FileAnalysis.open(ctx, "HTTP", false, 1);
        f.append(ascii("ab"), 0, 2, 1_000_000_000L);
        f.append(ByteBuffer.allocateDirect(1).put((byte) 'c').flip(), 0, 1, 1_250_000_000L);
        FileInfo row = f.end(ctx);
        assertThat(row.md5()).isEqualTo(ABC_MD5);
        assertThat(row.sha1()).isEqualTo(ABC_SHA1);
        assertThat(row.sha256()).isEqualTo(ABC_SHA256);
        assertThat(row.analyzers()).containsExactly("MD5", "SHA1", "SHA256");
        assertThat(row.seenBytes()).isEqualTo(3);
        assertThat(row.missingBytes()).isZero();
        assertThat(row.tsNanos()).isEqualTo(1_000_000_000L);
        assertThat(row.durationNanos()).isEqualTo(250_000_000L);
        assertThat(row.isOrig()).isFalse();
        assertThat(row.localOrig()).isFalse(); // the responder, 93.184.216.34, sent it
        assertThat(ctx.eventsOf(FileInfo.class)).containsExactly(row);
    }

    @Test
    void holdsBytesThatComeAheadOfTheirTurn() {
        var ctx = ctx();
        var f = FileAnalysis.open(ctx, "SMB", true, 0);
        f.at(2, ascii("c"), 0, 1, 1);
        f.at(0, ascii("ab"), 0, 2, 2);
        f.at(1, ascii("bc"), 0, 2, 3); // already seen: ignored
        FileInfo row = f.end(ctx);
        assertThat(row.md5()).isEqualTo(ABC_MD5);
        assertThat(row.seenBytes()).isEqualTo(3);
        assertThat(row.missingBytes()).isZero();
    }

    /**
     * SMB2 reads answered out of order, each 64 KiB answer arriving in segment-sized pieces: three
     * answers (135 pieces) wait for the two before them, far more pieces than the chunk bound, but
     * only one hole. All of it is delivered, in order.
     */
    @Test
    void piecesThatContinueAHeldRunDoNotCountAsChunks() throws Exception {
        var ctx = ctx();
        var f = FileAnalysis.open(ctx, "SMB", false, 0);
        byte[] file = new byte[5 * 65_536];
        new java.util.Random(7).nextBytes(file);
        int[] order = {2, 3, 4, 0, 1};
        for (int block : order) {
            for (int p = 0; p < 65_536; p += 1_448) {
                int n = Math.min(1_448, 65_536 - p);
                f.at((long) block * 65_536 + p, file, block * 65_536 + p, n, block);
            }
        }
        FileInfo row = f.end(ctx);
        assertThat(row.seenBytes()).isEqualTo(file.length);
        assertThat(row.missingBytes()).isZero();
        assertThat(row.sha256()).isEqualTo(java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(file)));
    }

    /**
     * The pipeline's budget of held bytes is shared by its files: a file that would hold more than
     * is left moves past its hole at once (missing), and bytes given back (delivered) free the
     * budget for the next file.
     */
    @Test
    void theHeldBytesBudgetIsSharedAndGivenBack() {
        var ctx = ctx();
        var budget = new HeldBytesBudget(10_000);
        ctx.heldFileBytes = budget;
        byte[] data = new byte[16_000];
        var first = FileAnalysis.open(ctx, "SMB", false, 0);
        first.at(8_000, data, 8_000, 8_000, 1); // held: 8,000 of 10,000
        assertThat(budget.held()).isEqualTo(8_000);
        var second = FileAnalysis.open(ctx, "SMB", false, 0);
        second.at(8_000, data, 8_000, 8_000, 2); // does not fit: the hole is skipped
        assertThat(budget.refused()).isEqualTo(1);
        first.at(0, data, 0, 8_000, 3); // fills the first file's hole: its held bytes go, and the budget with them
        assertThat(budget.held()).isZero();
        FileInfo a = first.end(ctx), b = second.end(ctx);
        assertThat(a.seenBytes()).isEqualTo(16_000);
        assertThat(a.missingBytes()).isZero();
        assertThat(b.missingBytes()).isEqualTo(8_000);
        var third = FileAnalysis.open(ctx, "SMB", false, 0);
        third.at(8_000, data, 8_000, 8_000, 4);
        assertThat(budget.held()).as("room again").isEqualTo(8_000);
        third.end(ctx);
        assertThat(budget.held()).as("an ended file gives its held bytes back").isZero();
    }

    @Test
    void aHoleIsMissingAndTheHashesAreGivenUp() {
        var ctx = ctx();
        var f = FileAnalysis.open(ctx, "SMB", true, 0);
        f.at(0, ascii("ab"), 0, 2, 1);
        f.at(10, ascii("xyz"), 0, 3, 2); // held until the end, which never fills the hole
        FileInfo row = f.end(ctx);
        assertThat(row.seenBytes()).isEqualTo(5);
        assertThat(row.missingBytes()).isEqualTo(8);
        assertThat(row.md5()).isNull();
        assertThat(row.sha1()).isNull();
        assertThat(row.sha256()).isNull();
        assertThat(row.analyzers()).containsExactly("MD5", "SHA1", "SHA256");
    }

    @Test
    void aStreamGapCountsAsMissing() {
        var ctx = ctx();
        var f = FileAnalysis.open(ctx, "HTTP", false, 1);
        f.append(ascii("GIF89a"), 0, 6, 1);
        f.gap(100);
        f.append(ascii("tail"), 0, 4, 2);
        FileInfo row = f.end(ctx);
        assertThat(row.seenBytes()).isEqualTo(10);
        assertThat(row.missingBytes()).isEqualTo(100);
        assertThat(row.md5()).isNull();
        assertThat(row.mimeType()).isEqualTo("image/gif");
    }

    @Test
    void beyondTheHeldLimitTheHoleIsGivenUpAndTheBytesGoOn() {
        var ctx = ctx();
        var f = FileAnalysis.open(ctx, "SMB", false, 0);
        byte[] chunk = new byte[64 * 1024];
        // the first 64 KiB never come; 17 later chunks would need more than the 1 MiB held
        for (int i = 1; i <= 17; i++) f.at((long) i * chunk.length, chunk, 0, chunk.length, i);
        FileInfo row = f.end(ctx);
        assertThat(row.seenBytes()).isEqualTo(17L * chunk.length);
        assertThat(row.missingBytes()).isEqualTo(chunk.length);
    }

    @Test
    void withoutHashesNothingIsHashedAndTheFilenameAndSizeAreKept() {
        var ctx = RecordingContext.tcp("10.0.0.5", 51000, "10.0.0.6", 445);
        var f = FileAnalysis.open(ctx, "HTTP", true, 2);
        f.filename("report.pdf");
        f.totalBytes(5);
        f.append(ascii("%PDF-"), 0, 5, 7);
        FileInfo row = f.end(ctx);
        assertThat(row.analyzers()).isEmpty();
        assertThat(row.md5()).isNull();
        assertThat(row.filename()).isEqualTo("report.pdf");
        assertThat(row.totalBytes()).isEqualTo(5);
        assertThat(row.mimeType()).isEqualTo("application/pdf");
        assertThat(row.localOrig()).isTrue();
        assertThat(row.depth()).isEqualTo(2);
        assertThat(row.fuid()).isEqualTo("Ftest1");
    }

    @Test
    void aFileWithoutBytesWritesNoRowAndEndsOnce() {
        var ctx = ctx();
        var f = FileAnalysis.open(ctx, "HTTP", false, 1);
        assertThat(f.end(ctx)).isNull();
        f.append(ascii("late"), 0, 4, 1);
        assertThat(f.end(ctx)).isNull();
        assertThat(ctx.events).isEmpty();
    }
}
