package io.sluice.detect.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.capture.PcapWriter;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectConfig;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.ConnId;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.packet.craft.FrameBuilder;
import io.sluice.protocol.http.HttpTransaction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppFloodDetectorTest {

    private static final AppFloodDetector DETECTOR = new AppFloodDetector(AppFloodDetector.Config.DEFAULTS);
    private static final long T0 = 1_767_225_600_000_000_000L;

    private static List<Alert> run(List<Event> events) {
        return DetectorHarness.run(DETECTOR, events);
    }

    /** Keep-alive HTTP connections crafted frame by frame: handshake, then request/response pairs. */
    private static final class Capture {
        final List<byte[]> frames = new ArrayList<>();
        final List<Long> times = new ArrayList<>();

        void add(long t, byte[] frame) {
            frames.add(frame);
            times.add(t);
        }

        /** {@code n} GETs of {@code uri} on one connection, {@code stepNanos} apart, from {@code start}. */
        void keepAlive(String client, int port, String server, String uri, int n, long start, long stepNanos, boolean answered) {
            long c = 1000, s = 5000, t = start;
            add(t, FrameBuilder.raw().ipv4(client, server).tcp(port, 80).flags(FrameBuilder.SYN).seq(c).build());
            add(t + 1000, FrameBuilder.raw().ipv4(server, client).tcp(80, port).flags(FrameBuilder.SYN | FrameBuilder.ACK)
                    .seq(s).ack(c + 1).build());
            c++;
            s++;
            add(t + 2000, FrameBuilder.raw().ipv4(client, server).tcp(port, 80).flags(FrameBuilder.ACK).seq(c).ack(s).build());
            for (int i = 0; i < n; i++) {
                t = start + (i + 1) * stepNanos;
                byte[] req = ("GET " + uri + " HTTP/1.1\r\nHost: shop.example\r\nUser-Agent: flood\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1);
                add(t, FrameBuilder.raw().ipv4(client, server).tcp(port, 80).flags(FrameBuilder.ACK | FrameBuilder.PSH)
                        .seq(c).ack(s).payload(req).build());
                c += req.length;
                if (answered) {
                    byte[] resp = "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
                    add(t + 1000, FrameBuilder.raw().ipv4(server, client).tcp(80, port).flags(FrameBuilder.ACK | FrameBuilder.PSH)
                            .seq(s).ack(c).payload(resp).build());
                    s += resp.length;
                }
            }
        }

        List<Event> events(Path dir) throws IOException {
            var order = new ArrayList<Integer>();
            for (int i = 0; i < frames.size(); i++) order.add(i);
            order.sort((a, b) -> Long.compare(times.get(a), times.get(b)));
            var pcap = dir.resolve("http-flood.pcap");
            try (var w = PcapWriter.create(pcap, FrameBuilder.raw().linkType(), 65535, PcapWriter.Resolution.NANOS)) {
                for (int i : order) w.write(times.get(i), frames.get(i), 0, frames.get(i).length, frames.get(i).length);
            }
            return CraftedCapture.eventsOf(pcap);
        }
    }

    @Test
    void manyClientsHammeringOneSearchPageThroughThePipelineAreAnApplicationFlood(@TempDir Path dir) throws IOException {
        var c = new Capture();
        // a quiet minute: two clients, one page every 5 s each
        c.keepAlive("10.1.0.1", 40000, "10.0.0.80", "/index.html", 12, T0, 5_000_000_000L, true);
        c.keepAlive("10.1.0.2", 40000, "10.0.0.80", "/index.html", 12, T0 + 2_000_000_000L, 5_000_000_000L, true);
        // then 20 bots, 40 searches each in 4 s; the server answers 503
        long flood = T0 + 70_000_000_000L;
        for (int b = 0; b < 20; b++) {
            c.keepAlive("198.51.100." + (b + 1), 50000 + b, "10.0.0.80", "/search?q=" + "a".repeat(b + 1), 40,
                    flood + b * 1_000_000L, 100_000_000L, true);
        }
        var events = c.events(dir);
        assertThat(events).filteredOn(HttpTransaction.class::isInstance).hasSize(824);
        assertThat(run(events)).singleElement().satisfies(a -> {
            assertThat(a.detectorId()).isEqualTo("dos.app_flood");
            assertThat(a.techniques()).containsExactly(Technique.of("T1499.002"));
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_TRAFFIC_CONTENT);
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.dstHosts()).containsExactly("10.0.0.80");
            assertThat(a.explanation()).startsWith("10.0.0.80 port 80 (shop.example) received 800 HTTP requests in 10 s from 20 clients")
                    .contains("100% failed");
        });
    }

    private static HttpTransaction get(String client, double at, String uri, Long status) {
        return new HttpTransaction(T0 + (long) (at * 1e9), "C" + client.hashCode() + "x" + (long) (at * 1e6),
                new ConnId(client, 40000, "10.0.0.80", 80), 1, "GET", "shop.example", uri, null, "1.1", "ua", null, 0, 100,
                status, status == null ? null : "OK", null, null, null, null, null, null, null);
    }

    private static List<Event> burst(String client, double from, int n, double step, String uri) {
        var events = new ArrayList<Event>();
        for (int i = 0; i < n; i++) events.add(get(client, from + i * step, uri, 200L));
        return events;
    }

    @Test
    void oneCostlyUriIsAnApplicationExhaustionFlood() {
        assertThat(run(burst("10.1.0.9", 0, 600, 0.01, "/report?year=all"))).singleElement().satisfies(a -> {
            assertThat(a.techniques()).containsExactly(Technique.of("T1499.003"));
            assertThat(a.severity()).isEqualTo(Severity.LOW); // one client, all answered: could be a load test
            assertThat(a.srcHost()).isEqualTo("10.1.0.9");
            assertThat(a.explanation()).endsWith("; 100% asked for /report?year=all");
        });
    }

    @Test
    void theAbsoluteThresholdDecidesWithoutABaseline() {
        assertThat(run(burst("10.1.0.9", 0, 499, 0.01, "/"))).isEmpty();
        assertThat(run(burst("10.1.0.9", 0, 500, 0.01, "/"))).hasSize(1);
    }

    @Test
    void aServerThatIsAlwaysBusyIsQuiet() {
        // 100 requests every 10 s for 10 min, then 600 in one window: 6 times the baseline, not 10.
        var events = new ArrayList<Event>();
        for (int w = 0; w < 60; w++) events.addAll(burst("10.1.0." + (w % 50 + 1), w * 10, 100, 0.1, "/"));
        events.addAll(burst("10.1.0.99", 600, 600, 0.016, "/"));
        assertThat(run(events)).isEmpty();
        // the same spike after a quiet hour fires
        assertThat(run(burst("10.1.0.99", 600, 600, 0.016, "/"))).hasSize(1);
    }

    @Test
    void ordinaryBrowsingIsQuiet() {
        var events = new ArrayList<Event>();
        for (int i = 0; i < 2_000; i++) events.add(get("10.1.0." + (i % 30 + 1), i * 0.5, "/page" + (i % 40), 200L));
        assertThat(run(events)).isEmpty();
    }

    @Test
    void readsItsSettings() {
        var c = AppFloodDetector.config(DetectConfig.empty().with("detectors.dos.app_flood.min_requests", "50")
                .with("detectors.dos.app_flood.window", "1s"));
        assertThat(c.minRequests()).isEqualTo(50);
        assertThat(DetectorHarness.run(new AppFloodDetector(c), burst("10.1.0.9", 0, 60, 0.01, "/"))).hasSize(1);
    }
}
