package io.sluice.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

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
}
