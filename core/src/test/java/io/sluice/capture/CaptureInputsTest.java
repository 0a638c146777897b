package io.sluice.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.packet.LinkType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureInputsTest {
    @TempDir
    Path dir;

    /** A pcap whose packets each hold one byte: the marker, so order can be checked. */
    private static byte[] pcap(int... markers) {
        var b = new PcapBytes(ByteOrder.LITTLE_ENDIAN, PcapReader.MAGIC_MICROS, 0, LinkType.ETHERNET);
        for (int m : markers) {
            b.packet(m, 0, new byte[] {(byte) m}, 1);
        }
        return b.bytes();
    }

    private static byte[] pcapng(int... markers) {
        var b = new PcapngBytes().section(ByteOrder.BIG_ENDIAN).idb(LinkType.RAW, 0);
        for (int m : markers) {
            b.epb(0, m, new byte[] {(byte) m}, 1);
        }
        return b.bytes();
    }

    private static byte[] gzip(byte[] b) throws IOException {
        var out = new ByteArrayOutputStream();
        try (var gz = new GZIPOutputStream(out)) {
            gz.write(b);
        }
        return out.toByteArray();
    }

    private Path file(String rel, byte[] content) throws IOException {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.write(p, content);
        return p;
    }

    private static List<Integer> markers(PacketSource s) throws CaptureException {
        var out = new ArrayList<Integer>();
        try (s) {
            while (s.next()) {
                out.add((int) s.buffer().get(s.offset()));
            }
        }
        return out;
    }

    @Test
    void directoriesExpandRecursivelyInNameOrderKeepingOnlyCaptures() throws IOException, CaptureException {
        file("d/b.pcap", pcap(3, 4));
        file("d/a/z.pcapng", pcapng(1));
        file("d/a/zz.bin", gzip(pcap(2))); // any name: the magic decides
        file("d/notes.txt", "not a capture".getBytes());
        file("d/logs.gz", gzip("a compressed log".getBytes()));
        file("d/c.pcap", new byte[0]); // empty: no magic, not a capture
        file("single.cap", pcapng(5, 6));

        var inputs = CaptureInputs.resolve(List.of(dir.resolve("d").toString(), dir.resolve("single.cap").toString()));
        assertThat(inputs.names()).containsExactly(
                dir.resolve("d/a/z.pcapng").toString(),
                dir.resolve("d/a/zz.bin").toString(),
                dir.resolve("d/b.pcap").toString(),
                dir.resolve("single.cap").toString());
        assertThat(markers(inputs.sequence())).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(inputs.totalBytes()).as("a gzip input has no known size").isEqualTo(-1);
    }

    @Test
    void sequenceReportsProgressAcrossFiles() throws IOException, CaptureException {
        Path a = file("a.pcap", pcap(1, 2));
        Path b = file("b.pcapng", pcapng(3));
        var inputs = CaptureInputs.resolve(List.of(a.toString(), b.toString()));
        long total = Files.size(a) + Files.size(b);
        assertThat(inputs.totalBytes()).isEqualTo(total);
        try (var s = inputs.sequence()) {
            var names = new ArrayList<String>();
            while (s.next()) {
                names.add(s.name());
                assertThat(s.bytesRead()).isLessThanOrEqualTo(total);
            }
            assertThat(names).containsExactly(a.toString(), a.toString(), b.toString());
            assertThat(s.bytesRead()).isEqualTo(total);
        }
    }

    @Test
    void sequenceStopsAtTheFirstDamagedFile() throws IOException, CaptureException {
        Path a = file("a.pcap", pcap(1));
        Path b = file("b.pcap", java.util.Arrays.copyOf(pcap(2, 3), 24 + 17 + 5));
        Path c = file("c.pcap", pcap(4));
        try (var s = CaptureInputs.resolve(List.of(a.toString(), b.toString(), c.toString())).sequence()) {
            assertThat(s.next()).isTrue();
            assertThat(s.next()).isTrue();
            assertThatThrownBy(s::next).isInstanceOfSatisfying(CaptureException.class, e -> {
                assertThat(e.input()).isEqualTo(b.toString());
                assertThat(e.offset()).isEqualTo(24 + 17);
            });
            assertThat(s.next()).isFalse();
        }
    }

    @Test
    void directoryWithoutCapturesIsAnErrorNamingIt() throws IOException {
        file("empty/readme.txt", "hello".getBytes());
        String d = dir.resolve("empty").toString();
        assertThatThrownBy(() -> CaptureInputs.resolve(List.of(d)))
                .isInstanceOfSatisfying(CaptureException.class, e -> {
                    assertThat(e.input()).isEqualTo(d);
                    assertThat(e.getMessage()).contains("no pcap or pcapng captures");
                });
    }

    @Test
    void missingFileIsAnErrorNamingIt() {
        String f = dir.resolve("nope.pcap").toString();
        assertThatThrownBy(() -> CaptureInputs.resolve(List.of(f)))
                .isInstanceOfSatisfying(CaptureException.class, e -> assertThat(e.input()).isEqualTo(f));
    }

    @Test
    void wrongMagicIsAnErrorAtOffsetZero() throws IOException, CaptureException {
        Path f = file("x.pcap", "GET / HTTP/1.1\r\n\r\n".getBytes());
        var inputs = CaptureInputs.resolve(List.of(f.toString()));
        assertThatThrownBy(() -> inputs.open(0)).isInstanceOfSatisfying(CaptureException.class, e -> {
            assertThat(e.input()).isEqualTo(f.toString());
            assertThat(e.offset()).isZero();
            assertThat(e.getMessage()).contains("not a pcap or pcapng").contains("0x47455420");
        });
    }

    @Test
    void emptyFileIsAnErrorAtOffsetZero() throws IOException {
        Path f = file("e.pcap", new byte[0]);
        assertThatThrownBy(() -> CaptureInputs.open(f)).isInstanceOfSatisfying(CaptureException.class, e -> {
            assertThat(e.getMessage()).isEqualTo("empty file");
            assertThat(e.offset()).isZero();
            assertThat(e.describe()).isEqualTo(f + ": at byte 0: empty file");
        });
    }

    @Test
    void standardInputIsReadThroughTheStreamPath() throws CaptureException, IOException {
        var stdin = new ByteArrayInputStream(gzip(pcapng(7, 8, 9)));
        Path a = file("a.pcap", pcap(1));
        var inputs = CaptureInputs.resolve(List.of(a.toString(), "-"), stdin);
        assertThat(inputs.names()).containsExactly(a.toString(), "-");
        assertThat(inputs.totalBytes()).isEqualTo(-1);
        try (var s = inputs.open(1)) {
            assertThat(s.name()).isEqualTo("-");
            assertThat(s.totalBytes()).isEqualTo(-1);
        }
        var plain = CaptureInputs.resolve(List.of("-"), new ByteArrayInputStream(pcap(4, 5)));
        assertThat(markers(plain.sequence())).containsExactly(4, 5);
        var gz = CaptureInputs.resolve(List.of("-"), new ByteArrayInputStream(gzip(pcapng(7, 8, 9))));
        assertThat(markers(gz.sequence())).containsExactly(7, 8, 9);
    }

    @Test
    void damagedGzipIsACaptureException() throws IOException {
        byte[] gz = gzip(pcap(1, 2, 3));
        byte[] cut = java.util.Arrays.copyOf(gz, gz.length - 12);
        Path f = file("cut.pcap.gz", cut);
        var r = Drain.drainOrOpenError(f);
        assertThat(r.error()).isNotNull();
        assertThat(r.error().input()).isEqualTo(f.toString());
    }
}
