package io.sluice.detect.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.DetectorHarness;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelfSignedChannelDetectorTest {
    private static final SelfSignedChannelDetector DETECTOR = new SelfSignedChannelDetector(SelfSignedChannelDetector.Config.DEFAULTS);
    private static final String C2 = "81.2.69.142";

    /** ssl.log rows of TLS 1.2 sessions every {@code period} s to one server, with the given certificate names. */
    static List<Event> sessions(int n, double period, String dst, String sni, String subject, String issuer) {
        var out = new ArrayList<Event>();
        for (int i = 0; i < n; i++) out.add(ProxyChannelDetectorTest.tls("S" + i, 10 + i * period, dst, 443, sni, subject, issuer));
        return out;
    }

    /** A C2 listener's default self-signed certificate, no SNI, a session every five minutes. */
    @Test
    void repeatedTlsSessionsToAServerWithASelfSignedCertificateAreAnAsymmetricEncryptedChannel() {
        var events = sessions(6, 300, C2, null, "CN=localhost,O=Default Company Ltd,C=XX", "CN=localhost,O=Default Company Ltd,C=XX");
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement().satisfies(a -> {
            assertThat(a.detectorId()).isEqualTo("tls.self_signed_channel");
            assertThat(a.techniques()).extracting(Technique::id).containsExactly("T1573", "T1573.002");
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_TRAFFIC_CONTENT);
            assertThat(a.evidenceCount()).isEqualTo(6);
            assertThat(a.explanation()).isEqualTo("10.0.0.5 opened 6 TLS sessions to 81.2.69.142:443 in 25 min whose"
                    + " certificate is self-signed (subject = issuer = CN=localhost,O=Default Company Ltd,C=XX), with no SNI:"
                    + " an encrypted channel keyed by the server's owner");
        });
    }

    @Test
    void theSessionCountIsAThreshold() {
        String cn = "CN=c2.example";
        assertThat(DetectorHarness.run(DETECTOR, sessions(3, 60, C2, "c2.example", cn, cn))).isEmpty();
        assertThat(DetectorHarness.run(DETECTOR, sessions(4, 60, C2, "c2.example", cn, cn))).hasSize(1);
        var two = new SelfSignedChannelDetector(SelfSignedChannelDetector.config(
                DetectConfig.empty().with("detectors.tls.self_signed_channel.min_sessions", "2")));
        assertThat(DetectorHarness.run(two, sessions(2, 60, C2, "c2.example", cn, cn))).hasSize(1);
    }

    @Test
    void publiclyIssuedHiddenOrInternalCertificatesStayQuiet() {
        assertThat(DetectorHarness.run(DETECTOR, sessions(10, 60, C2, "www.example.org", "CN=www.example.org",
                "CN=R11,O=Let's Encrypt,C=US"))).isEmpty();
        // TLS 1.3: the certificate is encrypted, nothing to judge
        assertThat(DetectorHarness.run(DETECTOR, sessions(10, 60, C2, "www.example.org", null, null))).isEmpty();
        // an internal server with its own certificate is not an outside channel
        assertThat(DetectorHarness.run(DETECTOR, sessions(10, 60, "10.0.0.20", null, "CN=nas", "CN=nas"))).isEmpty();
    }
}
