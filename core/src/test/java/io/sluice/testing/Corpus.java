package io.sluice.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The third-party corpus at {@code -Dsluice.corpus=PATH} (../shared/corpus). Conformance tests are
 * annotated {@code @Tag("corpus") @EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")};
 * once switched on, a missing corpus is a failure, never a silent skip.
 */
public final class Corpus {
    private Corpus() {}

    public static Path root() {
        String p = System.getProperty("sluice.corpus", "");
        assertThat(p).as("-Dsluice.corpus is not set").isNotBlank();
        Path given = Path.of(p);
        String buildRoot = System.getProperty("sluice.root", "");
        Path root = (given.isAbsolute() || buildRoot.isBlank() ? given : Path.of(buildRoot).resolve(given))
                .toAbsolutePath().normalize();
        assertThat(Files.isDirectory(root)).as("corpus folder %s does not exist", root).isTrue();
        return root;
    }

    public static Path file(String relative) {
        Path f = root().resolve(relative);
        assertThat(Files.exists(f)).as("corpus file %s is missing", f).isTrue();
        return f;
    }

    /** The pcap and pcapng files under these corpus folders, each folder's sorted, in the folders' order. */
    public static List<Path> captures(String... folders) {
        var out = new ArrayList<Path>();
        for (String folder : folders) {
            try (Stream<Path> files = Files.walk(file(folder))) {
                files.filter(f -> f.toString().matches(".*\\.pcap(ng)?$")).sorted().forEach(out::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }
}
