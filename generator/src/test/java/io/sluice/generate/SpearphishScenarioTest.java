package io.sluice.generate;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.Severity;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated spearphishing delivery, with the ordinary office alongside, through the real
 * pipeline and the standard analytics: smtp.phish names the sending server within the label's time.
 */
class SpearphishScenarioTest {

    @Test
    void theDeliveryIsFoundBySmtpPhish(@TempDir Path dir) throws Exception {
        Path pcap = dir.resolve("spearphish.pcap");
        var result = new TrafficGenerator(TrafficGenerator.DEFAULT_START_NANOS, 5)
                .write(List.of(new OfficeTraffic(), TrafficGenerator.scenario("spearphish")), pcap);
        var label = result.labels().stream().filter(l -> l.scenario().equals("spearphish")).findFirst().orElseThrow();
        var alerts = StandardAnalytics.alerts(CaptureEvents.of(pcap));
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.detectorId()).isEqualTo("smtp.phish");
            assertThat(a.srcHost()).isEqualTo(label.hosts().get(0));
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.techniques()).contains(Technique.of("T1566.001"), Technique.of("T1566.002"),
                    Technique.of("T1598.003"));
            assertThat(a.firstNanos()).isBetween(label.fromNanos(), label.toNanos());
            assertThat(a.explanation()).contains("\"Invoice_0392.pdf.exe\"",
                    "a link showing mail.corp.example that goes to corp-example.example.net (a sign-in page)");
        });
    }
}
