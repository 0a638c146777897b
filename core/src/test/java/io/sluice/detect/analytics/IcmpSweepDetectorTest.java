package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.conn;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.detect.TestEvents;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IcmpSweepDetectorTest {

    private static final IcmpSweepDetector DETECTOR = new IcmpSweepDetector(IcmpSweepDetector.Config.DEFAULTS);

    private static List<Alert> run(List<Event> events) {
        return DetectorHarness.run(DETECTOR, events);
    }

    /** An echo request from {@code src} to {@code dst} (ICMP type 8, Zeek's "ports" 8 → 0), answered or not. */
    private static TestEvents.Conn ping(String src, String dst, double at, boolean answered) {
        return conn(src, dst, 0).icmp().origPort(dst.contains(":") ? 128 : 8).at(at).duration(0.001)
                .state("OTH").history("").bytes(56, answered ? 56 : 0).pkts(1, answered ? 1 : 0);
    }

    /** Pings to 10.3.0.1.. {@code hosts}, one in three answered, as creation and flow record. */
    private static List<Event> sweep(String src, int hosts, double step) {
        var events = new ArrayList<Event>();
        for (int h = 1; h <= hosts; h++) events.addAll(ping(src, "10.3.0." + h, h * step, h % 3 == 1).both());
        return events;
    }

    @Test
    void firesOnAPingSweepFromAnInsideHost() {
        assertThat(run(sweep("10.0.0.66", 254, 0.02))).singleElement().satisfies(a -> {
            assertThat(a.detectorId()).isEqualTo("scan.icmp_sweep");
            assertThat(a.srcHost()).isEqualTo("10.0.0.66");
            assertThat(a.explanation()).isEqualTo(
                    "10.0.0.66 sent ICMP echo requests to 254 addresses in 5.1 s; 85 answered (33%)");
            assertThat(a.techniques()).containsExactly(Technique.of("T1018"));
            assertThat(a.components()).containsExactlyInAnyOrder(Ds0029Component.NETWORK_CONNECTION_CREATION,
                    Ds0029Component.NETWORK_TRAFFIC_FLOW);
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.dstHosts()).startsWith("10.3.0.1", "10.3.0.4"); // the live hosts first
            assertThat(a.evidenceCount()).isEqualTo(254);
        });
    }

    @Test
    void connectionCreationsAloneAreEnough() {
        var events = new ArrayList<Event>();
        for (int h = 1; h <= 30; h++) events.add(ping("10.0.0.66", "10.3.0." + h, h, false).creation());
        assertThat(run(events)).singleElement().satisfies(a -> {
            assertThat(a.explanation()).contains("to 30 addresses").contains("0 answered (0%)");
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_CONNECTION_CREATION);
        });
    }

    @Test
    void staysQuietOnOrdinaryPings() {
        var events = new ArrayList<Event>();
        // A monitoring host pinging its 20 servers every minute for an hour, all answering.
        for (int round = 0; round < 60; round++) {
            for (int h = 1; h <= 20; h++) events.addAll(ping("10.0.0.2", "10.4.0." + h, round * 60 + h * 0.1, true).both());
        }
        // Broadcast and multicast pings reach everyone with one packet.
        for (int i = 0; i < 40; i++) {
            events.addAll(ping("10.0.0.7", "255.255.255.255", i, false).both());
            events.addAll(ping("10.0.0.7", "224.0.0." + (i + 1), i, false).both());
        }
        assertThat(run(events)).isEmpty();
    }

    @Test
    void twentyFiveAddressesIsASweepAndTwentyFourIsNot() {
        assertThat(run(sweep("10.0.0.66", 24, 1))).isEmpty();
        assertThat(run(sweep("10.0.0.66", 25, 1))).hasSize(1);
        assertThat(run(sweep("10.0.0.66", 40, 13))).isEmpty(); // 23 addresses per 5 minutes
    }

    @Test
    void aMostlyAnsweredOrOutsideSweepIsLowSeverity() {
        var events = new ArrayList<Event>();
        for (int h = 1; h <= 30; h++) events.addAll(ping("10.0.0.66", "10.3.0." + h, h, h % 4 != 0).both());
        assertThat(run(events)).singleElement().satisfies(a -> assertThat(a.severity()).isEqualTo(Severity.LOW));
        events.clear();
        for (int h = 1; h <= 30; h++) {
            events.addAll(ping("198.51.100.3", "10.3.0." + h, h, false).local(false, true).both());
        }
        assertThat(run(events)).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.LOW);
            assertThat(a.techniques()).containsExactly(Technique.of("T1595.001"));
        });
    }

    @Test
    void sweepsIpv6WithEchoRequests() {
        var events = new ArrayList<Event>();
        for (int h = 1; h <= 30; h++) events.addAll(ping("fd00::66", "fd00::1:" + Integer.toHexString(h), h, false).both());
        assertThat(run(events)).hasSize(1);
    }

    @Test
    void readsItsSettings() {
        var c = IcmpSweepDetector.config(DetectConfig.empty().with("detectors.scan.icmp_sweep.min_hosts", "10"));
        assertThat(c.minHosts()).isEqualTo(10);
        assertThat(DetectorHarness.run(new IcmpSweepDetector(c), sweep("10.0.0.66", 10, 1))).hasSize(1);
    }
}
