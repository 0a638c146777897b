package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.dns;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.detect.DetectConfig;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.Event;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DgaDetectorTest {
    private final DgaDetector detector = new DgaDetector(DgaDetector.config(DetectConfig.empty()));

    /** Names in the style of murofet/tufik (random letters, 12-25 characters); written here, not from a corpus. */
    static final List<String> GENERATED = List.of("qwrysdvnhrpytrzk.biz", "pvopaihgucqkfuofifdxmvlby.com",
            "xjkqzvbwpltrmfhd.net", "zhdkituumslgvlnsq.org", "lljpkqqmlfwnzxc.info");

    @Test
    void aHostResolvingSeveralGeneratedNamesIsAHighAlert() {
        var events = new ArrayList<Event>();
        for (int i = 0; i < GENERATED.size(); i++) events.add(dns("10.0.0.9", GENERATED.get(i)).nxdomain().at(i).build());
        var alerts = DetectorHarness.run(detector, events);
        assertThat(alerts).isNotEmpty();
        assertThat(alerts.get(alerts.size() - 1).severity()).isEqualTo(Severity.HIGH);
        assertThat(alerts).allSatisfy(a -> {
            assertThat(a.srcHost()).isEqualTo("10.0.0.9");
            assertThat(a.techniques()).extracting(t -> t.id()).contains("T1568.002");
        });
        assertThat(alerts.get(alerts.size() - 1).explanation()).contains("scored as generated", "bits/char");
    }

    @Test
    void anNxdomainBurstWithSuspiciousNamesIsHighAndPlainTyposAreMedium() {
        var burst = new ArrayList<Event>();
        for (int i = 0; i < 12; i++) {
            String name = i < 4 ? GENERATED.get(i) : "printer" + i + ".corp-example.com";
            burst.add(dns("10.0.0.10", name).nxdomain().at(i).build());
        }
        assertThat(DetectorHarness.run(detector, burst)).extracting(a -> a.severity()).contains(Severity.HIGH);

        var typos = new ArrayList<Event>();
        for (int i = 0; i < 12; i++) typos.add(dns("10.0.0.11", "fileserver" + i + ".corp-example.com").nxdomain().at(i).build());
        var alerts = DetectorHarness.run(detector, typos);
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.explanation()).contains("12 distinct names answered NXDOMAIN");
        });
        assertThat(DetectorHarness.run(detector, typos.subList(0, 9))).isEmpty();
    }

    @Test
    void ordinaryNamesStayQuiet() {
        var events = new ArrayList<Event>();
        int i = 0;
        for (String n : List.of("www.google.com", "mail.example.co.uk", "homedepot.com", "weather.gov", "livechatinc.com",
                "github.com", "stackoverflow.com", "wikipedia.org", "debian.org", "ubuntu.com", "microsoft.com")) {
            events.add(dns("10.0.0.12", n).at(i++).answer("192.0.2." + i, 300).build());
        }
        assertThat(DetectorHarness.run(detector, events)).isEmpty();
    }
}
