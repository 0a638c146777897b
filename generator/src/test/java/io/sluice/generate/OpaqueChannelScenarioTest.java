package io.sluice.generate;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.detect.Alert;
import io.sluice.detect.DetectionEngine;
import io.sluice.detect.analytics.OpaqueChannelDetector;
import io.sluice.event.Event;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * channel.opaque on generated captures: the unnamed day-long beacon speaks random bytes to TCP 4444
 * of a bare address (an implant's own encrypted protocol), inside a day of ordinary office traffic.
 */
class OpaqueChannelScenarioTest {

    private static List<Alert> detect(ScenarioRun run) {
        var alerts = new ArrayList<Alert>();
        var engine = new DetectionEngine(List.of(new OpaqueChannelDetector(OpaqueChannelDetector.Config.DEFAULTS)), alerts::add);
        for (Event e : run.events) engine.accept(e);
        engine.finish();
        return alerts;
    }

    @Test
    void theUnnamedBeaconsRandomBytesAreAnOpaqueChannelAndTheOfficeIsQuiet(@TempDir Path dir) throws Exception {
        var beacon = DayLongBeacon.unnamed();
        var run = ScenarioRun.of(dir, 12, new OfficeTraffic(), beacon);
        assertThat(detect(run)).singleElement().satisfies(a -> {
            assertThat(a.srcHost()).isEqualTo("10.10.0.77");
            assertThat(a.dstHosts()).containsExactly("203.0.113.7");
            assertThat(a.dstPorts()).containsExactly(4444);
            assertThat(a.evidenceCount()).as("every beat").isGreaterThan(1000);
            assertThat(a.explanation()).contains("(client 180 bytes at ");
        });
        assertThat(detect(ScenarioRun.of(dir, 12, new OfficeTraffic()))).isEmpty();
    }
}
