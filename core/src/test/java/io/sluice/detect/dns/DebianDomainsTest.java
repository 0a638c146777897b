package io.sluice.detect.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real names the DGA trainer calibrates on, and the shipped model's standing on them. */
class DebianDomainsTest {

    @Test
    void urlHostsAndMailDomainsGiveTheirRegisteredDomains() {
        var found = new TreeSet<String>();
        for (String line : List.of(
                "Package: foo",
                "Maintainer: Jane Doe <jane@users.example-mail.co.uk>",
                "Uploaders: A B <ab@debian.org>, C D <cd@Kitware.COM>",
                "Homepage: https://www.gnu.org/software/foo/",
                "Vcs-Git: https://salsa.debian.org/foo-team/foo.git -b main",
                "Vcs-Svn: svn+ssh://someone@svn.code.sf.net/p/foo",
                "Homepage: https://someone.github.io/project",
                " Project pages are at www.libsdl.org and http://127.0.0.1:8080/ or http://localhost/ too.",
                " See http://foo.local/ and mailto:nobody@invalid and file.tar.gz and ftp://ftp.kernel.org./pub")) {
            DebianDomains.addFrom(line, found);
        }
        assertThat(found).containsExactlyInAnyOrder("example-mail.co.uk", "debian.org", "kitware.com", "gnu.org",
                "sf.net", "someone.github.io", "libsdl.org", "kernel.org");
    }

    @Test
    void labelsAreDistinctAndShuffledTheSameWayEachTime(@TempDir Path dir) throws Exception {
        Path list = dir.resolve("domains.txt");
        Files.writeString(list, "# comment\ngnome.org\ngnome.de\nkde.org\nqemu.org\n\nxfce.org\n");
        var a = DebianDomains.labels(list, new SplittableRandom(5));
        var b = DebianDomains.labels(list, new SplittableRandom(5));
        assertThat(a).containsExactlyInAnyOrder("gnome", "kde", "qemu", "xfce").isEqualTo(b);
    }

    /**
     * The shipped threshold against the half of the shipped Debian labels the trainer held out
     * (same seed, same split): at most the share the trainer calibrates for.
     */
    @Test
    void theShippedThresholdFlagsFewHeldOutDebianNames() throws Exception {
        Path list = Path.of(DebianDomains.class.getResource("debian-domains.txt").toURI());
        var labels = DebianDomains.labels(list, new SplittableRandom(DgaModelTrainer.SEED ^ DgaModelTrainer.DEBIAN_SEED));
        assertThat(labels).hasSizeGreaterThan(5000);
        var held = labels.subList(labels.size() / 2, labels.size());
        var scorer = DgaScorer.standard();
        var flagged = new ArrayList<String>();
        for (String l : held) if (scorer.scoreLabel(l) >= scorer.threshold()) flagged.add(l);
        assertThat((double) flagged.size() / held.size()).as("held-out Debian labels flagged: %s", flagged)
                .isLessThanOrEqualTo(DgaModelTrainer.DEBIAN_FLAG_RATE);
    }
}
