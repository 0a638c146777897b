package io.sluice.protocol.telnet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.capture.CaptureInputs;
import io.sluice.capture.PacketSource;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.ContentEvent;
import io.sluice.event.FlowRecord;
import io.sluice.event.TunnelEvent;
import io.sluice.flow.FlowConfig;
import io.sluice.event.FlowListener;
import io.sluice.pipeline.PacketPipeline;
import io.sluice.pipeline.ProgressListener;
import io.sluice.protocol.DissectionConfig;
import io.sluice.protocol.ProtocolRegistry;
import io.sluice.testing.Corpus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The telnet sessions of suricata-verify telnet-01 and Zeek's core.vlan-mpls get service "telnet"
 * when the signature is registered (it is not yet in the standard registry: see TelnetProtocol).
 */
@Tag("corpus")
@EnabledIfSystemProperty(named = "sluice.corpus", matches = ".+")
class TelnetCorpusTest {

    @Test
    void suricataTelnetSessionIsIdentified() throws Exception {
        assertThat(conns("pcap-protocols/suricata-verify/telnet/telnet-01/telnet.pcap"))
                .filteredOn(r -> r.id().respP() == 23)
                .isNotEmpty().extracting(FlowRecord::service).containsOnly("telnet");
    }

    @Test
    void zeekVlanMplsTelnetSessionIsIdentified() throws Exception {
        assertThat(conns("pcap-protocols/zeek/core.vlan-mpls/mixed-vlan-mpls.pcap"))
                .filteredOn(r -> r.id().respP() == 23)
                .isNotEmpty().extracting(FlowRecord::service).containsOnly("telnet");
    }

    private static List<FlowRecord> conns(String rel) throws Exception {
        Path capture = Corpus.file(rel);
        List<FlowRecord> out = new ArrayList<>();
        FlowListener listener = new FlowListener() {
            @Override
            public void connectionCreated(ConnectionCreation event) {}

            @Override
            public void flowEnded(FlowRecord record) {
                out.add(record);
            }

            @Override
            public void tunnel(TunnelEvent event) {}

            @Override
            public void content(ContentEvent event) {}
        };
        var pipeline = new PacketPipeline(FlowConfig.defaults(), DissectionConfig.defaults(),
                new ProtocolRegistry(List.of(TelnetProtocol.SIGNATURE)), listener);
        try (PacketSource source = CaptureInputs.open(capture)) {
            assertThat(pipeline.run(source, ProgressListener.NONE)).as("capture error").isNull();
        }
        pipeline.finish();
        return out;
    }
}
