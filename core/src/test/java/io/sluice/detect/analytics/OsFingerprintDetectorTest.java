package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.conn;
import static io.sluice.detect.TestEvents.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.ConnId;
import io.sluice.event.Event;
import io.sluice.protocol.icmp.IcmpMessage;
import io.sluice.protocol.smb.PipelineEvents;
import io.sluice.testing.Corpus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

class OsFingerprintDetectorTest {

    private static final OsFingerprintDetector DETECTOR = new OsFingerprintDetector(OsFingerprintDetector.Config.DEFAULTS);
    private static final String SCANNER = "10.0.0.66";
    private static final String TARGET = "10.0.0.5";

    private static IcmpMessage echo(double at, int code) {
        return new IcmpMessage(t(at), "Cicmp" + at, new ConnId(SCANNER, 8, TARGET, 0), false, 8, code, "echo_request", 120,
                0.0, 15844, 295, null, null, IcmpMessage.NONE, null, IcmpMessage.NONE);
    }

    private static Event tcp(double at, int port, String history, long origPkts) {
        return conn(SCANNER, TARGET, port).at(at).origPort(40000 + port).state("OTH").history(history).pkts(origPkts, 1)
                .flow();
    }

    @Test
    @Tag("corpus")
    @EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
    void nmapOsDetectionCaptureIsFingerprinting() throws Exception {
        var events = PipelineEvents.run(Corpus.file("pcap-attacks/chrissanders-packets/activeosfingerprinting.pcapng"))
                .emitted();
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.techniques()).extracting(Technique::id).containsExactly("T1595");
            assertThat(a.srcHost()).isEqualTo("172.16.16.128");
            assertThat(a.dstHosts()).containsExactly("172.16.16.150");
            assertThat(a.explanation()).contains("a SYN with FIN or RST", "TCP packets without flags",
                    "a FIN to a port never opened", "an ICMP echo request with code 9", "OS fingerprinting");
        });
    }

    @Test
    void threeKindsToOneTargetAreFingerprintingTwoAreNot() {
        var two = List.of(tcp(0, 135, "Q", 1), echo(0.1, 9));
        assertThat(DetectorHarness.run(DETECTOR, two)).isEmpty();
        var three = new ArrayList<Event>(two);
        three.add(tcp(0.2, 135, null, 1));
        assertThat(DetectorHarness.run(DETECTOR, three)).singleElement()
                .satisfies(a -> assertThat(a.explanation()).contains("(3 probes)"));
    }

    @Test
    void finProbesToManyPortsAreAStealthScan() {
        var events = new ArrayList<Event>();
        for (int port = 20; port < 32; port++) events.add(tcp(port * 0.01, port, port % 2 == 0 ? "F" : "Fr", 1));
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement().satisfies(a -> {
            assertThat(a.explanation()).contains("12 ports probed without a SYN").contains("null/FIN/Xmas port scan");
            assertThat(a.confidence()).isEqualTo(0.7);
        });
    }

    @Test
    void midStreamPickupsFlowExportsAndOrdinaryPingsAreQuiet() {
        var events = new ArrayList<Event>();
        for (int port = 20; port < 40; port++) {
            events.add(tcp(port * 0.01, port, "Fa", 1)); // the server acknowledged the FIN: a connection we joined late
            events.add(tcp(port * 0.01, port, "DdAaFf", 4));
            events.add(conn(SCANNER, TARGET, port).at(port * 0.01).pkts(1, 0).source("netflow-v9").flow()); // no history
        }
        events.add(echo(1, 0));
        events.add(tcp(2, 80, "ShADadFf", 6));
        assertThat(DetectorHarness.run(DETECTOR, events)).isEmpty();
    }

    @Test
    void kindsFarApartInTimeAreQuiet() {
        var events = List.<Event>of(tcp(0, 135, "Q", 1), echo(200, 9), tcp(400, 135, null, 1));
        assertThat(DetectorHarness.run(DETECTOR, events)).isEmpty();
    }
}
