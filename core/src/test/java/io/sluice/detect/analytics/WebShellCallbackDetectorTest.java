package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.conn;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.event.Ds0029Component;
import io.sluice.event.Event;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebShellCallbackDetectorTest {

    private static final WebShellCallbackDetector DETECTOR =
            new WebShellCallbackDetector(WebShellCallbackDetector.Config.DEFAULTS);

    @TempDir
    Path dir;

    @Test
    void aReverseShellFromAWebServerToItsClientThroughThePipelineIsAWebShell() {
        var events = new CraftedCapture()
                .request("198.51.100.40", 51_000, "10.0.0.80", 80,
                        "GET /uploads/img.php?c=bash+-i HTTP/1.1\r\nHost: shop.example\r\n\r\n",
                        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
                // the web server dials the operator's listener, which sends commands
                .tcp("10.0.0.80", 38_000, "198.51.100.40", 4444, "id\nuname -a\n",
                        "uid=33(www-data) gid=33(www-data)\nLinux web1 5.15.0 x86_64\n")
                .events(dir);
        var alerts = DetectorHarness.run(DETECTOR, events);
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.techniques()).containsExactly(Technique.of("T1505.003"), Technique.of("T1505"));
            assertThat(a.components()).containsExactly(Ds0029Component.NETWORK_TRAFFIC_FLOW);
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.srcHost()).isEqualTo("10.0.0.80");
            assertThat(a.dstHosts()).containsExactly("198.51.100.40");
            assertThat(a.dstPorts()).containsExactly(4444);
            assertThat(a.explanation()).startsWith("web server 10.0.0.80 served 1 connection on port 80 to 198.51.100.40, then")
                    .contains("opened a connection back to 198.51.100.40:4444");
            assertThat(a.evidence()).hasSize(2);
        });
    }

    @Test
    void flowRecordsAloneShowTheCallbackToo() {
        var flows = List.<Event>of(
                conn("198.51.100.40", "10.0.0.80", 443).local(false, true).at(0).duration(0.5).source("netflow").flow(),
                conn("10.0.0.80", "198.51.100.40", 443).local(true, false).at(20).duration(60).bytes(90_000, 4_000)
                        .source("netflow").flow());
        assertThat(DetectorHarness.run(DETECTOR, flows)).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM); // to a web port: could be two API peers
            assertThat(a.explanation()).contains("20 s after the last one", "87.9 KiB out");
        });
    }

    @Test
    void aWebServerServingClientsAndCallingItsOwnBackendsIsQuiet() {
        var flows = new ArrayList<Event>();
        for (int i = 0; i < 50; i++) {
            String client = "198.51.100." + (i + 1);
            flows.add(conn(client, "10.0.0.80", 443).local(false, true).at(i).flow());
            flows.add(conn("10.0.0.80", "10.0.0.53", 53).udp().at(i + 0.1).flow());
            flows.add(conn("10.0.0.80", "10.0.0.90", 5432).at(i + 0.2).flow());
        }
        // an ident lookup back to a client is ordinary for some servers
        flows.add(conn("10.0.0.80", "198.51.100.1", 113).at(0.5).flow());
        // a callback attempt that nothing answered is not a channel
        flows.add(conn("10.0.0.80", "198.51.100.2", 4444).at(1.5).state("S0").flow());
        assertThat(DetectorHarness.run(DETECTOR, flows)).isEmpty();
    }

    @Test
    void aCallbackAfterTheWindowIsNotCounted() {
        var at299 = List.<Event>of(conn("198.51.100.40", "10.0.0.80", 80).at(0).flow(),
                conn("10.0.0.80", "198.51.100.40", 9001).at(299).flow());
        assertThat(DetectorHarness.run(DETECTOR, at299)).hasSize(1);
        var at301 = List.<Event>of(conn("198.51.100.40", "10.0.0.80", 80).at(0).flow(),
                conn("10.0.0.80", "198.51.100.40", 9001).at(301).flow());
        assertThat(DetectorHarness.run(DETECTOR, at301)).isEmpty();
    }
}
