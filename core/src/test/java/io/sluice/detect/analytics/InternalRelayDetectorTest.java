package io.sluice.detect.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.TestEvents;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.protocol.http.HttpTransaction;
import io.sluice.protocol.socks.SocksRequest;
import io.sluice.testing.CraftedSessions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InternalRelayDetectorTest {
    private static final InternalRelayDetector DETECTOR = new InternalRelayDetector(InternalRelayDetector.Config.DEFAULTS);
    private static final String CLIENT = "10.0.0.7";
    private static final String RELAY = "10.0.0.5";
    private static final String C2 = "81.2.69.142";

    /**
     * conn.log rows: {@code n} sessions of a host without internet access through a SOCKS relay on
     * 10.0.0.5:1080 to the C2, each outbound leg {@code lag} s after the inbound one, sizes varying
     * from session to session; the outbound leg ends first, so its row comes first.
     */
    static List<Event> relayed(int n, double lag, long extraOut) {
        var events = new ArrayList<Event>();
        for (int i = 0; i < n; i++) {
            double at = 60 + i * 120.0;
            long up = 900 + 350L * i, down = 20_000 + 7_000L * i;
            events.add(TestEvents.conn(RELAY, C2, 443).at(at + lag).origPort(45_000 + i).duration(3)
                    .bytes(up + extraOut, down).flow());
            events.add(TestEvents.conn(CLIENT, RELAY, 1080).at(at).origPort(52_000 + i).local(true, true).duration(3.2)
                    .bytes(up + 9, down + 10).flow());
        }
        return events;
    }

    @Test
    void inboundConnectionsForwardedOutsideWithTheSameBytesAreAnInternalProxy() {
        assertThat(DetectorHarness.run(DETECTOR, relayed(5, 0.05, 0))).singleElement().satisfies(a -> {
            assertThat(a.detectorId()).isEqualTo("proxy.internal_relay");
            assertThat(a.techniques()).extracting(Technique::id).containsExactly("T1090", "T1090.001");
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_TRAFFIC_FLOW);
            assertThat(a.srcHost()).isEqualTo(RELAY);
            assertThat(a.dstHosts()).containsExactly(C2);
            assertThat(a.evidenceCount()).isEqualTo(10);
            assertThat(a.explanation()).startsWith("10.0.0.5 relayed 5 connections from 10.0.0.7 to 81.2.69.142 within 8 min")
                    .contains("10.0.0.7 → 10.0.0.5:1080 → 81.2.69.142:443): an internal proxy");
        });
    }

    @Test
    void pairsLagAndBytesAreThresholds() {
        assertThat(DetectorHarness.run(DETECTOR, relayed(2, 0.05, 0))).isEmpty();
        assertThat(DetectorHarness.run(DETECTOR, relayed(3, 0.05, 0))).hasSize(1);
        assertThat(DetectorHarness.run(DETECTOR, relayed(5, 2.0, 0))).hasSize(1);
        assertThat(DetectorHarness.run(DETECTOR, relayed(5, 2.1, 0))).isEmpty();
        // 30 kB more sent outside than received from inside: not the same bytes
        assertThat(DetectorHarness.run(DETECTOR, relayed(5, 0.05, 30_000))).isEmpty();
        var skip = new InternalRelayDetector(InternalRelayDetector.config(
                DetectConfig.empty().with("detectors.proxy.internal_relay.skip_hosts", RELAY)));
        assertThat(DetectorHarness.run(skip, relayed(5, 0.05, 0))).isEmpty();
    }

    /** A web server answering internal clients and, unrelated, fetching updates outside. */
    @Test
    void aServerThatAlsoCallsOutWithOtherBytesStaysQuiet() {
        var events = new ArrayList<Event>();
        for (int i = 0; i < 30; i++) {
            events.add(TestEvents.conn("10.0.0." + (20 + i % 5), RELAY, 443).at(i * 30.0).origPort(50_000 + i).local(true, true)
                    .bytes(700 + 13L * i, 40_000 + 1_000L * i).flow());
            events.add(TestEvents.conn(RELAY, C2, 443).at(i * 30.0 + 0.5).origPort(46_000 + i).bytes(350, 2_100).flow());
        }
        assertThat(DetectorHarness.run(DETECTOR, events)).isEmpty();
    }

    /** A workstation turned proxy: the CONNECT it receives and its own connection out, crafted and run through the pipeline. */
    @Test
    void aConnectToAnInternalHostThatThenConnectsOutIsAnInternalProxy(@TempDir Path dir) {
        var events = new CraftedCapture().at(10).request(CLIENT, 52_100, RELAY, 8080,
                "CONNECT c2.example.org:443 HTTP/1.1\r\nHost: c2.example.org:443\r\n\r\n",
                "HTTP/1.1 200 Connection established\r\n\r\n")
                .at(10.2).request(RELAY, 45_100, C2, 443, "\u0016\u0003\u0001", "").events(dir);
        assertThat(events).anyMatch(e -> e instanceof HttpTransaction h && "CONNECT".equals(h.method()));
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement().satisfies(a -> {
            assertThat(a.techniques()).extracting(Technique::id).containsExactly("T1090", "T1090.001");
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_TRAFFIC_CONTENT);
            assertThat(a.srcHost()).isEqualTo(RELAY);
            assertThat(a.dstHosts()).containsExactly(C2);
            assertThat(a.explanation()).startsWith("10.0.0.5, inside the network, took an HTTP CONNECT from 10.0.0.7 for"
                    + " c2.example.org:443 and connected to 81.2.69.142:443 ").endsWith(" later: an internal proxy");
        });
        var skip = new InternalRelayDetector(InternalRelayDetector.config(
                DetectConfig.empty().with("detectors.proxy.internal_relay.skip_hosts", RELAY)));
        assertThat(DetectorHarness.run(skip, events)).isEmpty();
    }

    /** A SOCKS 4a pivot on an internal host's odd port: the relay connects out to the port the request named. */
    @Test
    void aSocksRequestToAnInternalHostThatThenConnectsOutIsAnInternalProxy(@TempDir Path dir) {
        byte[] request = concat(new byte[] {4, 1, 1, (byte) 0xbb, 0, 0, 0, 1, 0}, "c2.example.org\0".getBytes(StandardCharsets.US_ASCII));
        byte[] granted = {0, 0x5a, 0, 0, 0, 0, 0, 0};
        var events = new CraftedSessions().at(10)
                .tcp(CLIENT, 52_200, RELAY, 8000, 0.01, List.of(CraftedSessions.client(request), CraftedSessions.server(granted)))
                .at(10.2).tcp(RELAY, 45_200, C2, 443, 0.01, List.of(CraftedSessions.client(new byte[] {0x16, 3, 1})))
                .events(dir);
        assertThat(events).anyMatch(SocksRequest.class::isInstance);
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement().satisfies(a -> {
            assertThat(a.techniques()).extracting(Technique::id).containsExactly("T1090", "T1090.001");
            assertThat(a.srcHost()).isEqualTo(RELAY);
            assertThat(a.dstHosts()).containsExactly(C2);
            assertThat(a.explanation()).startsWith("10.0.0.5, inside the network, took a SOCKS 4 request from 10.0.0.7 for"
                    + " c2.example.org:443 and connected to 81.2.69.142:443 ").endsWith(" later: an internal proxy");
        });
    }

    @Test
    void aSocksRequestWhoseRelayNeverConnectsOutStaysQuiet(@TempDir Path dir) {
        byte[] request = {4, 1, 1, (byte) 0xbb, 81, 2, 69, (byte) 142, 0};
        byte[] refused = {0, 0x5b, 0, 0, 0, 0, 0, 0};
        var events = new CraftedSessions().at(10)
                .tcp(CLIENT, 52_201, RELAY, 8000, 0.01, List.of(CraftedSessions.client(request), CraftedSessions.server(refused)))
                .events(dir);
        assertThat(events).anyMatch(SocksRequest.class::isInstance);
        assertThat(DetectorHarness.run(DETECTOR, events)).isEmpty();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void aConnectWhoseRelayConnectsElsewhereOrLaterStaysQuiet(@TempDir Path dir) {
        var otherPort = new CraftedCapture().at(10).request(CLIENT, 52_101, RELAY, 8080,
                "CONNECT c2.example.org:443 HTTP/1.1\r\nHost: c2.example.org:443\r\n\r\n", "HTTP/1.1 200 OK\r\n\r\n")
                .at(10.2).request(RELAY, 45_101, C2, 8443, "x", "").events(dir.resolve(""));
        assertThat(DetectorHarness.run(DETECTOR, otherPort)).isEmpty();
        assertThat(InternalRelayDetector.connectPort("c2.example.org:443")).isEqualTo(443);
        assertThat(InternalRelayDetector.connectPort("[2001:db8::1]:8443")).isEqualTo(8443);
        assertThat(InternalRelayDetector.connectPort("[2001:db8::1]")).isEqualTo(-1);
    }
}
