package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.conn;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectorHarness;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.rules.intel.IntelFileReader;
import io.sluice.rules.intel.IntelSet;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** intel.match on destinations a list attributes to phishing: the click on a malicious link (T1204.001). */
class IntelPhishingLinkTest {

    @TempDir
    Path dir;

    private static final String LIST = """
            # first_seen_utc,ioc_id,ioc_value,ioc_type,threat_type,malware_printable
            2026-11-01,1,http://secure-login.account-verify.example/o365/,url,phishing,
            2026-11-01,2,203.0.113.77:443,ip:port,phishing,
            2026-11-01,3,198.51.100.66:443,ip:port,botnet_cc,Emotet
            """;

    private static List<Alert> run(List<? extends Event> events) {
        return DetectorHarness.run(new IntelMatchDetector(IntelMatchDetector.Config.DEFAULTS,
                IntelSet.of(IntelFileReader.read(LIST, "threatfox", false).indicators())), events);
    }

    @Test
    void aBrowserFetchingAListedPhishingUrlIsAMaliciousLinkClick() {
        var c = new CraftedCapture();
        HttpDownloads.get(c, "10.0.0.8", 50400, "192.0.2.45", 80, "secure-login.account-verify.example", "/o365/",
                HttpDownloads.FIREFOX, "text/html", "<html><form><input type=password></form></html>");
        var alerts = run(c.events(dir));
        assertThat(alerts).filteredOn(a -> a.components().contains(Ds0029Component.NETWORK_TRAFFIC_CONTENT))
                .isNotEmpty()
                .allSatisfy(a -> assertThat(a.techniques()).contains(Technique.of("T1566"), Technique.of("T1204.001")));
    }

    @Test
    void aConnectionToAListedPhishingAddressIsAMaliciousLinkClickAtCreation() {
        var alerts = run(List.of(conn("10.0.0.8", "203.0.113.77", 443).at(0).state("SF").creation()));
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_CONNECTION_CREATION);
            assertThat(a.techniques()).contains(Technique.of("T1204.001"));
        });
    }

    @Test
    void otherLabelsDoNotClaimAClick() {
        var alerts = run(List.of(conn("10.0.0.8", "198.51.100.66", 443).at(0).state("SF").creation(),
                conn("10.0.0.8", "192.0.2.99", 443).at(1).state("SF").creation()));
        assertThat(alerts).singleElement()
                .satisfies(a -> assertThat(a.techniques()).doesNotContain(Technique.of("T1204.001")));
    }
}
