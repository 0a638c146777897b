package io.sluice.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The corpus for the app module's conformance tests: {@code -Dsluice.corpus} as given, a relative
 * path taken from the build's root folder ({@code sluice.root}, set by the parent pom), not from the
 * module folder Maven runs the tests in.
 */
final class AppCorpus {
    private AppCorpus() {}

    static Path file(String relative) {
        Path root = Path.of(System.getProperty("sluice.corpus"));
        if (!root.isAbsolute()) {
            String buildRoot = System.getProperty("sluice.root", "");
            root = (buildRoot.isBlank() ? Path.of("..") : Path.of(buildRoot)).resolve(root);
        }
        Path f = root.resolve(relative).toAbsolutePath().normalize();
        assertThat(Files.exists(f)).as("corpus file %s is missing", f).isTrue();
        return f;
    }
}
