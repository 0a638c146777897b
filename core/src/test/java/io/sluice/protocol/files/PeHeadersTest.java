package io.sluice.protocol.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.RecordingContext;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class PeHeadersTest {
    private static final int LFANEW = 0xe8;

    /**
     * A PE image's headers written field by field from the PE/COFF specification: DOS header with
     * e_lfanew, "PE\0\0", the COFF header, a PE32 or PE32+ optional header with 16 data directories,
     * and one section header per name.
     */
    static byte[] pe(boolean plus, int machine, long timestamp, int characteristics, int osMajor, int osMinor,
            int subsystem, int dllCharacteristics, int[] directorySizes, String... sections) {
        int optSize = plus ? 240 : 224;
        byte[] b = new byte[LFANEW + 24 + optSize + 40 * sections.length + 64];
        b[0] = 'M';
        b[1] = 'Z';
        le32(b, 0x3c, LFANEW);
        b[LFANEW] = 'P';
        b[LFANEW + 1] = 'E';
        int coff = LFANEW + 4;
        le16(b, coff, machine);
        le16(b, coff + 2, sections.length);
        le32(b, coff + 4, timestamp);
        le16(b, coff + 16, optSize);
        le16(b, coff + 18, characteristics);
        int opt = coff + 20;
        le16(b, opt, plus ? 0x20b : 0x10b);
        le16(b, opt + 40, osMajor);
        le16(b, opt + 42, osMinor);
        le16(b, opt + 68, subsystem);
        le16(b, opt + 70, dllCharacteristics);
        int count = opt + (plus ? 108 : 92);
        le32(b, count, 16);
        for (int i = 0; i < directorySizes.length; i++) le32(b, count + 4 + i * 8 + 4, directorySizes[i]);
        int sec = opt + optSize;
        for (String name : sections) {
            byte[] n = name.getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(n, 0, b, sec, Math.min(8, n.length));
            sec += 40;
        }
        return b;
    }

    private static void le16(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >> 8);
    }

    private static void le32(byte[] b, int at, long v) {
        for (int i = 0; i < 4; i++) b[at + i] = (byte) (v >> (8 * i));
    }

    @Test
    void readsAPe32ConsoleProgramAsZeekLogsIt() {
        // directory sizes: export 0, import 0x78, resource, exception, certificate 0x3ea0, relocation, debug 0
        byte[] b = pe(false, 0x14c, 1_467_139_314L, 0x102, 5, 1, 3, 0x8140,
                new int[] {0, 0x78, 0x1000, 0, 0x3ea0, 0x200, 0}, ".text", ".rdata", ".data", ".rsrc", ".reloc");
        PeInfo pe = PeHeaders.parse(b, b.length, 7L, "Fabc", "Cuid");
        assertThat(pe).isNotNull();
        assertThat(pe.machine()).isEqualTo("I386");
        assertThat(pe.compileTsNanos()).isEqualTo(1_467_139_314_000_000_000L);
        assertThat(pe.os()).isEqualTo("Windows XP");
        assertThat(pe.subsystem()).isEqualTo("WINDOWS_CUI");
        assertThat(pe.isExe()).isTrue();
        assertThat(pe.is64bit()).as("32BIT_MACHINE set").isFalse();
        assertThat(pe.usesAslr()).isTrue();
        assertThat(pe.usesDep()).isTrue();
        assertThat(pe.usesCodeIntegrity()).isFalse();
        assertThat(pe.usesSeh()).isTrue();
        assertThat(pe.hasExportTable()).isFalse();
        assertThat(pe.hasImportTable()).isTrue();
        assertThat(pe.hasCertTable()).isTrue();
        assertThat(pe.hasDebugData()).isFalse();
        assertThat(pe.sectionNames()).containsExactly(".text", ".rdata", ".data", ".rsrc", ".reloc");
        assertThat(pe.fuid()).isEqualTo("Fabc");
        assertThat(pe.uid()).isEqualTo("Cuid");
    }

    @Test
    void readsAPe32PlusDllWithItsOwnDirectoryOffsets() {
        byte[] b = pe(true, 0x8664, 1_502_638_084L, 0x2022, 10, 0, 2, 0x0480,
                new int[] {0x40, 0x208, 0, 0, 0, 0, 0x1c}, ".text", ".pdata");
        PeInfo pe = PeHeaders.parse(b, b.length, 7L, "F", "C");
        assertThat(pe.machine()).isEqualTo("AMD64");
        assertThat(pe.os()).isEqualTo("Windows 10");
        assertThat(pe.subsystem()).isEqualTo("WINDOWS_GUI");
        assertThat(pe.is64bit()).isTrue();
        assertThat(pe.usesAslr()).isFalse();
        assertThat(pe.usesCodeIntegrity()).isTrue();
        assertThat(pe.usesSeh()).as("NO_SEH set").isFalse();
        assertThat(pe.hasExportTable()).isTrue();
        assertThat(pe.hasImportTable()).isTrue();
        assertThat(pe.hasDebugData()).isTrue();
        assertThat(pe.sectionNames()).containsExactly(".text", ".pdata");
    }

    @Test
    void unknownCodesAreNamedAsZeekNamesThem() {
        assertThat(PeHeaders.machine(0x1234)).isEqualTo("unknown-4660");
        assertThat(PeHeaders.subsystem(99)).isEqualTo("unknown-99");
        assertThat(PeHeaders.osVersion(4, 90)).isEqualTo("Windows Me");
        assertThat(PeHeaders.osVersion(4, 100)).isEqualTo("unknown-4.100");
    }

    @Test
    void anObjectFileHasNoOptionalHeaderFields() {
        byte[] b = pe(false, 0x14c, 1, 0, 5, 1, 3, 0, new int[0]);
        le16(b, LFANEW + 4 + 16, 0); // SizeOfOptionalHeader 0
        PeInfo pe = PeHeaders.parse(b, b.length, 0, "F", "C");
        assertThat(pe.isExe()).isFalse();
        assertThat(pe.os()).isNull();
        assertThat(pe.subsystem()).isNull();
        assertThat(pe.sectionNames()).isNull();
    }

    @Test
    void aDosStubWithoutPeHeadersOrTruncatedHeadersGiveNoRow() {
        byte[] full = pe(false, 0x14c, 1, 0x102, 5, 1, 3, 0, new int[0], ".text");
        assertThat(PeHeaders.parse(full, LFANEW + 20, 0, "F", "C")).as("cut inside the COFF header").isNull();
        byte[] noSignature = full.clone();
        noSignature[LFANEW] = 'N';
        assertThat(PeHeaders.parse(noSignature, noSignature.length, 0, "F", "C")).isNull();
        assertThat(PeHeaders.parse(new byte[] {'M', 'Z', 0, 0}, 4, 0, "F", "C")).isNull();
        PeInfo cutInSections = PeHeaders.parse(full, full.length - 64 - 10, 0, "F", "C");
        assertThat(cutInSections.sectionNames()).as("a section header cut short is left out").isEmpty();
    }

    @Test
    void aFileStartingWithMzGetsAPeRowBesideItsFilesRowAndThePeAnalyzerIsNamed() {
        byte[] b = pe(true, 0x8664, 1_502_638_084L, 0x22, 5, 2, 3, 0x8140, new int[] {0, 0x208}, ".text");
        byte[] file = Arrays.copyOf(b, 6000); // headers, then the image
        var ctx = RecordingContext.tcp("10.0.0.5", 51000, "10.0.0.9", 445);
        ctx.fileHashes = java.util.Set.of("sha256");
        var f = FileAnalysis.open(ctx, "SMB", true, 0);
        for (int off = 0; off < file.length; off += 700) f.append(file, off, Math.min(700, file.length - off), 5_000_000_000L);
        FileInfo row = f.end(ctx);
        assertThat(row.mimeType()).isEqualTo("application/x-dosexec");
        assertThat(row.analyzers()).containsExactly("PE", "SHA256");
        assertThat(ctx.eventsOf(PeInfo.class)).singleElement().satisfies(pe -> {
            assertThat(pe.fuid()).isEqualTo(row.fuid());
            assertThat(pe.uid()).isEqualTo(row.uid());
            assertThat(pe.tsNanos()).isEqualTo(5_000_000_000L);
            assertThat(pe.sectionNames()).containsExactly(".text");
        });
    }

    @Test
    void otherFilesGetNoPeRow() {
        var ctx = RecordingContext.tcp("10.0.0.5", 51000, "10.0.0.9", 80);
        var f = FileAnalysis.open(ctx, "HTTP", false, 1);
        byte[] text = "MZ is also how a text may start".getBytes(StandardCharsets.US_ASCII);
        f.append(text, 0, text.length, 1L);
        f.end(ctx);
        assertThat(ctx.eventsOf(PeInfo.class)).isEmpty();
        assertThat(ctx.eventsOf(FileInfo.class)).singleElement().satisfies(r -> assertThat(r.analyzers()).doesNotContain("PE"));
    }

    @Property(tries = 1000)
    void mutatedHeadersNeverThrow(@ForAll @Size(min = 1, max = 8) List<@IntRange(min = 0, max = 700) Integer> positions,
            @ForAll @Size(min = 8, max = 8) List<Byte> values, @ForAll @IntRange(min = 0, max = 800) int cut) {
        byte[] b = pe(true, 0x8664, 1, 0x22, 6, 1, 2, 0x140, new int[] {1, 2, 3, 4, 5, 6, 7}, ".a", ".b", ".c");
        for (int i = 0; i < positions.size(); i++) b[Math.min(positions.get(i), b.length - 1)] = values.get(i);
        b[0] = 'M';
        b[1] = 'Z';
        PeHeaders.parse(b, Math.min(cut, b.length), 0, "F", "C");
        PeHeaders.parse(b, b.length, 0, "F", "C");
    }
}
