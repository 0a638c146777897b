package io.sluice.protocol.vnc;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.event.FlowRecord;
import io.sluice.protocol.dhcp.ContentCapture;
import io.sluice.testing.Corpus;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** suricata-verify rfb-rules: the VNC session (RFB 3.7) gets service "vnc" on its conn record. */
@Tag("corpus")
@EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
class VncCorpusTest {

    @Test
    void rfbSessionIsIdentified() throws Exception {
        var cap = ContentCapture.run(Corpus.file("pcap-protocols/suricata-verify/rfb-rules/00-vnc-openwall-3.7.pcap"));
        assertThat(cap.conns).filteredOn(r -> "tcp".equals(r.proto()))
                .extracting(FlowRecord::service).contains("vnc");
    }
}
