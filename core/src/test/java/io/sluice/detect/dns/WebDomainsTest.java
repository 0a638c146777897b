package io.sluice.detect.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The web-infrastructure names the DGA trainer fits and calibrates on, and the shipped model's standing on them. */
class WebDomainsTest {

    private static Set<String> read(WebDomains.Format format, String... lines) {
        var found = new TreeSet<String>();
        for (String l : lines) WebDomains.addFrom(format, l, found);
        return found;
    }

    @Test
    void filtersGiveBlockedHostsAndTheSitesTheyApplyOn() {
        var found = read(WebDomains.Format.FILTERS,
                "[Adblock Plus 2.0]",
                "! Homepage: https://easylist.to/",
                "||stats.tracker-one.com^",
                "@@||cdn.allowed-two.co.uk^$script,domain=news-three.de|~shop-four.fr",
                "||ads.",                          // a prefix, not a host
                "||pixel*.wild-five.com^",         // a wildcard inside
                "||10.1.2.3^",
                "|https://img.six-media.net/banner",
                "site-seven.com,~sub.site-eight.org##.ad-box",
                "site-nine.*##.promo",
                "/banner[0-9]+\\.example-ten\\.com/",
                "||edge.d1a2b3c4d5e6f7.cloudfront.net^");
        assertThat(found).containsExactlyInAnyOrder("tracker-one.com", "allowed-two.co.uk", "news-three.de", "shop-four.fr",
                "six-media.net", "site-seven.com", "site-eight.org");
    }

    @Test
    void sitesOnlyLeaveTheBlockedHostsOut() {
        var found = read(WebDomains.Format.SITES, "||rotating-throwaway.com^$third-party", "@@||allowed.com^$domain=news.de",
                "shop.fr##.ad");
        assertThat(found).containsExactlyInAnyOrder("news.de", "shop.fr");
    }

    @Test
    void jsonAndHostListsGiveHostsPatternsAndUrls() {
        var json = read(WebDomains.Format.JSON,
                "{\"name\": \"Acme Ads\", \"homepage\": \"https://www.acme-ads.com/about\", \"domains\": [\"*.acmecdn.net\",",
                "\"pixel.acme.io\", \"not a host\", \"v1.2\"], \"snitch_map\": {\"tracker.example.org\": [\"site.co.jp\"]}}");
        assertThat(json).containsExactlyInAnyOrder("acme-ads.com", "acmecdn.net", "acme.io", "example.org", "site.co.jp");
        var hosts = read(WebDomains.Format.HOSTS, "# comment", "", "static.cdn-host.com", "1.2.3.4", "localhost");
        assertThat(hosts).containsExactly("cdn-host.com");
    }

    @Test
    void labelsLeaveOutThoseOfAnotherList(@TempDir Path dir) throws Exception {
        Path list = dir.resolve("web.txt");
        Files.writeString(list, "# header\nacme.com\nacme.de\ngnome.org\nzeta.net\n");
        var labels = WebDomains.labels(list, new SplittableRandom(3), Set.of("gnome"));
        assertThat(labels).containsExactlyInAnyOrder("acme", "zeta")
                .isEqualTo(WebDomains.labels(list, new SplittableRandom(3), Set.of("gnome")));
    }

    @Test
    void providerAssignedLabelsAreNotScored() {
        assertThat(AssignedLabels.isAssigned("cloudfront.net")).isTrue();
        assertThat(AssignedLabels.isAssigned("execute-api.eu-west-1.amazonaws.com")).isTrue();
        assertThat(AssignedLabels.isAssigned("lambda-url.us-east-1.on.aws")).isTrue();
        assertThat(AssignedLabels.isAssigned("herokuapp.com")).isFalse();
        assertThat(AssignedLabels.isAssigned("net")).isFalse();
        var scorer = DgaScorer.standard();
        assertThat(scorer.score("d1q2w3e4r5t6y7.cloudfront.net").score()).isZero();
        assertThat(scorer.scoreOf(RegisteredDomain.of("x7kq2vbn9zt.execute-api.us-east-1.amazonaws.com"))).isZero();
        // the same label under a suffix its owner registers at will is scored
        assertThat(scorer.score("d1q2w3e4r5t6y7.com").score()).isGreaterThan(scorer.threshold());
    }

    /**
     * The shipped threshold against the half of the shipped web labels the trainer held out (same
     * seed, same split, the Debian labels left out as the trainer does): at most the share it
     * calibrates for.
     */
    @Test
    void theShippedThresholdFlagsFewHeldOutWebNames() throws Exception {
        Path debian = Path.of(DebianDomains.class.getResource("debian-domains.txt").toURI());
        Path web = Path.of(WebDomains.class.getResource("web-domains.txt").toURI());
        var exclude = new HashSet<>(DebianDomains.labels(debian, new SplittableRandom(DgaModelTrainer.SEED ^ DgaModelTrainer.DEBIAN_SEED)));
        List<String> labels = WebDomains.labels(web, new SplittableRandom(DgaModelTrainer.SEED ^ DgaModelTrainer.WEB_SEED), exclude);
        assertThat(labels).hasSizeGreaterThan(20_000);
        var held = labels.subList(labels.size() / 2, labels.size());
        var scorer = DgaScorer.standard();
        var flagged = new ArrayList<String>();
        for (String l : held) if (scorer.scoreLabel(l) >= scorer.threshold()) flagged.add(l);
        assertThat((double) flagged.size() / held.size()).as("held-out web labels flagged: %s", flagged)
                .isLessThanOrEqualTo(DgaModelTrainer.WEB_FLAG_RATE);
    }
}
