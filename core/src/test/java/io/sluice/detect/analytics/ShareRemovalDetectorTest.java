package io.sluice.detect.analytics;

import static io.sluice.detect.analytics.WindowsRpc.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShareRemovalDetectorTest {

    private static final ShareRemovalDetector DETECTOR = new ShareRemovalDetector(ShareRemovalDetector.Config.DEFAULTS);

    @Test
    void aStagingShareAddedThenDeletedOverSrvsvcIsHigh() {
        var events = List.<Event>of(
                call(0, "10.0.0.23", "10.0.0.40", 445, "srvsvc", "NetrShareAdd"),
                call(1, "10.0.0.23", "10.0.0.40", 445, "srvsvc", "NetrShareEnum"),
                call(3_600, "10.0.0.23", "10.0.0.40", 445, "srvsvc", "NetrShareDel"));
        var alerts = DetectorHarness.run(DETECTOR, events);
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.techniques()).containsExactly(Technique.of("T1070.005"), Technique.of("T1070"));
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_TRAFFIC_CONTENT);
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.srcHost()).isEqualTo("10.0.0.23");
            assertThat(a.dstHosts()).containsExactly("10.0.0.40");
            assertThat(a.explanation()).isEqualTo("10.0.0.23 deleted 1 share on 10.0.0.40 over srvsvc (NetrShareDel)"
                    + " after adding 1 share there itself: a staging share set up and removed");
            assertThat(a.evidence()).hasSize(2);
        });
    }

    @Test
    void sessionsTornDownRemotelyAreNetworkShareConnectionRemoval() {
        var events = List.<Event>of(
                call(0, "10.0.0.23", "10.0.0.41", 445, "srvsvc", "NetrSessionEnum"),
                call(1, "10.0.0.23", "10.0.0.41", 445, "srvsvc", "NetrSessionDel"),
                call(2, "10.0.0.23", "10.0.0.41", 445, "srvsvc", "NetrSessionDel"));
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.techniques()).contains(Technique.of("T1070.005"));
            assertThat(a.explanation()).isEqualTo("10.0.0.23 tore down 2 SMB sessions on 10.0.0.41 over srvsvc (NetrSessionDel)");
            assertThat(a.count()).isEqualTo(2);
        });
    }

    @Test
    void enumerationAndAddingSharesAreQuiet() {
        var events = List.<Event>of(
                call(0, "10.0.0.23", "10.0.0.40", 445, "srvsvc", "NetrShareEnum"),
                call(1, "10.0.0.23", "10.0.0.40", 445, "srvsvc", "NetrShareGetInfo"),
                call(2, "10.0.0.23", "10.0.0.40", 445, "srvsvc", "NetrShareAdd"),
                call(3, "10.0.0.23", "10.0.0.40", 445, "srvsvc", "NetrSessionEnum"),
                call(4, "10.0.0.23", "10.0.0.40", 445, "wkssvc", "NetrWkstaGetInfo"));
        assertThat(DetectorHarness.run(DETECTOR, events)).isEmpty();
    }

    @Test
    void anAddLongBeforeTheDeleteIsNotAStagingShare() {
        var events = List.<Event>of(
                call(0, "10.0.0.23", "10.0.0.40", 445, "srvsvc", "NetrShareAdd"),
                call(13 * 3_600, "10.0.0.23", "10.0.0.40", 445, "srvsvc", "NetrShareDel"));
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement()
                .satisfies(a -> assertThat(a.severity()).isEqualTo(Severity.MEDIUM));
    }
}
