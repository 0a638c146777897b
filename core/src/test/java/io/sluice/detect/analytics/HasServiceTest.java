package io.sluice.detect.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** {@link BeaconDetector#hasService} reads Zeek's comma-joined service field in place, as split and strip would. */
class HasServiceTest {

    /** What it did before it compared in place: the reference. */
    private static boolean bySplit(String service, String name) {
        if (service == null) return false;
        for (String s : service.split(",")) if (s.strip().equalsIgnoreCase(name)) return true;
        return false;
    }

    @Property(tries = 2000)
    void agreesWithSplitAndStrip(@ForAll @Chars({'s', 'S', 'l', 'h', ',', ' ', '\t'}) @StringLength(max = 12) String service,
            @ForAll @Chars({'s', 'l', 'h', 'S'}) @StringLength(max = 3) String name) {
        assertThat(BeaconDetector.hasService(service, name)).isEqualTo(bySplit(service, name));
    }

    @Test
    void findsAnEntryAnywhereInTheList() {
        assertThat(BeaconDetector.hasService("ssl", "ssl")).isTrue();
        assertThat(BeaconDetector.hasService("http, SSL", "ssl")).isTrue();
        assertThat(BeaconDetector.hasService("dns,ssl,", "ssl")).isTrue();
        assertThat(BeaconDetector.hasService("ssltls", "ssl")).isFalse();
        assertThat(BeaconDetector.hasService("", "ssl")).isFalse();
        assertThat(BeaconDetector.hasService(null, "ssl")).isFalse();
        assertThat(BeaconDetector.hasService("a,,b", "")).isTrue();
        assertThat(BeaconDetector.hasService("a,", "")).isFalse();
    }
}
