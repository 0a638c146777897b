package io.sluice.detect.analytics;

import static io.sluice.detect.TestEvents.conn;
import static io.sluice.detect.analytics.WindowsRpc.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.attack.Technique;
import io.sluice.detect.DetectorHarness;
import io.sluice.detect.Severity;
import io.sluice.capture.PcapWriter;
import io.sluice.event.Event;
import io.sluice.packet.craft.FrameBuilder;
import io.sluice.protocol.dcerpc.DceRpcCall;
import io.sluice.packet.craft.DceRpcPdus;
import io.sluice.protocol.smb.PipelineEvents;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DcSyncDetectorTest {

    private static final DcSyncDetector DETECTOR = new DcSyncDetector(DcSyncDetector.Config.defaults());
    private static final String DC1 = "10.0.0.2", DC2 = "10.0.0.3", WORKSTATION = "10.0.0.50";

    /** Workstations log on against both DCs (Kerberos, LDAP). */
    private static List<Event> domain() {
        var events = new ArrayList<Event>();
        events.addAll(conn("10.0.0.20", DC1, 88).at(1).both());
        events.addAll(conn("10.0.0.21", DC2, 389).at(2).both());
        return events;
    }

    @Test
    void replicationRequestedByAWorkstationIsCritical() {
        var events = domain();
        events.add(call(10, WORKSTATION, DC1, 49667, "drsuapi", "DRSBind"));
        events.add(call(11, WORKSTATION, DC1, 49667, "drsuapi", "DRSGetNCChanges"));
        assertThat(DetectorHarness.run(DETECTOR, DetectorHarness.inObservedOrder(events))).singleElement()
                .satisfies(a -> {
                    assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
                    assertThat(a.techniques()).contains(Technique.of("T1003.006"));
                    assertThat(a.srcHost()).isEqualTo(WORKSTATION);
                    assertThat(a.explanation()).contains("drsuapi DRSGetNCChanges").contains("2 domain controllers");
                });
    }

    /** A capture that began inside the connection: the DC's answer came first, so the DC is the conn's originator. */
    @Test
    void aConnectionPickedUpMidStreamStillNamesTheCallerNotTheDc() {
        var events = domain();
        DceRpcCall c = call(11, WORKSTATION, DC1, 49667, "drsuapi", "DRSGetNCChanges");
        var flipped = new io.sluice.event.ConnId(DC1, 49667, WORKSTATION, c.id().origP());
        events.add(new DceRpcCall(c.tsNanos(), c.uid(), flipped, c.rttNanos(), null, c.endpoint(), c.operation(), false,
                null, null, true));
        assertThat(DetectorHarness.run(DETECTOR, DetectorHarness.inObservedOrder(events))).singleElement()
                .satisfies(a -> {
                    assertThat(a.srcHost()).isEqualTo(WORKSTATION);
                    assertThat(a.dstHosts()).containsExactly(DC1);
                    assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
                });
    }

    @Test
    void anInterfaceNamedFromTheCallSequenceSaysSoAndIsLessSure() {
        var events = domain();
        DceRpcCall c = call(11, WORKSTATION, DC1, 49667, "drsuapi", "DRSGetNCChanges");
        events.add(new DceRpcCall(c.tsNanos(), c.uid(), c.id(), c.rttNanos(), null, c.endpoint(), c.operation(), true));
        assertThat(DetectorHarness.run(DETECTOR, DetectorHarness.inObservedOrder(events))).singleElement()
                .satisfies(a -> {
                    assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
                    assertThat(a.confidence()).isEqualTo(0.75);
                    assertThat(a.explanation()).contains("drsuapi DRSGetNCChanges, interface inferred from the call"
                            + " sequence");
                });
    }

    /** Frames of one TCP connection where the client speaks first, then the server, turn by turn. */
    private static final class Conversation {
        private final List<byte[]> frames = new ArrayList<>();
        private final String client, server;
        private final int clientPort, serverPort;
        private long cSeq = 1000, sSeq = 5000;

        Conversation(String client, int clientPort, String server, int serverPort) {
            this.client = client;
            this.clientPort = clientPort;
            this.server = server;
            this.serverPort = serverPort;
            frames.add(FrameBuilder.raw().ipv4(client, server).tcp(clientPort, serverPort).flags(FrameBuilder.SYN)
                    .seq(cSeq++).build());
            frames.add(FrameBuilder.raw().ipv4(server, client).tcp(serverPort, clientPort)
                    .flags(FrameBuilder.SYN | FrameBuilder.ACK).seq(sSeq++).ack(cSeq).build());
            frames.add(FrameBuilder.raw().ipv4(client, server).tcp(clientPort, serverPort).flags(FrameBuilder.ACK)
                    .seq(cSeq).ack(sSeq).build());
        }

        Conversation turn(byte[] clientSays, byte[] serverSays) {
            frames.add(FrameBuilder.raw().ipv4(client, server).tcp(clientPort, serverPort)
                    .flags(FrameBuilder.ACK | FrameBuilder.PSH).seq(cSeq).ack(sSeq).payload(clientSays).build());
            cSeq += clientSays.length;
            frames.add(FrameBuilder.raw().ipv4(server, client).tcp(serverPort, clientPort)
                    .flags(FrameBuilder.ACK | FrameBuilder.PSH).seq(sSeq).ack(cSeq).payload(serverSays).build());
            sSeq += serverSays.length;
            return this;
        }

        void write(PcapWriter w, double start) throws Exception {
            frames.add(FrameBuilder.raw().ipv4(client, server).tcp(clientPort, serverPort)
                    .flags(FrameBuilder.FIN | FrameBuilder.ACK).seq(cSeq).ack(sSeq).build());
            frames.add(FrameBuilder.raw().ipv4(server, client).tcp(serverPort, clientPort)
                    .flags(FrameBuilder.FIN | FrameBuilder.ACK).seq(sSeq).ack(cSeq + 1).build());
            frames.add(FrameBuilder.raw().ipv4(client, server).tcp(clientPort, serverPort).flags(FrameBuilder.ACK)
                    .seq(cSeq + 1).ack(sSeq + 1).build());
            for (int i = 0; i < frames.size(); i++) {
                w.write(io.sluice.detect.TestEvents.t(start + i * 0.01), frames.get(i), 0, frames.get(i).length,
                        frames.get(i).length);
            }
        }
    }

    /**
     * mimikatz's lsadump::dcsync crafted frame by frame through the real pipeline: a workstation
     * logs on with LDAP at the DC, then binds drsuapi on the DC's dynamic RPC port and calls
     * DRSGetNCChanges (opnum 3).
     */
    @Test
    void craftedDcSyncThroughThePipeline(@TempDir Path dir) throws Exception {
        var pcap = dir.resolve("dcsync.pcap");
        try (var w = PcapWriter.create(pcap, FrameBuilder.raw().linkType(), 65535, PcapWriter.Resolution.NANOS)) {
            new Conversation("10.0.0.20", 50100, DC1, 389).turn(new byte[] {0x30, 0x05, 0x02, 0x01, 0x01, 0x42, 0x00},
                    new byte[] {0x30, 0x0c, 0x02, 0x01, 0x01, 0x61, 0x07, 0x0a, 0x01, 0x00, 0x04, 0x00, 0x04, 0x00})
                    .write(w, 0);
            new Conversation(WORKSTATION, 50200, DC1, 49667)
                    .turn(DceRpcPdus.bind(11, 1, 0, DceRpcPdus.DRSUAPI, null), DceRpcPdus.bindAck(1, "49667"))
                    .turn(DceRpcPdus.request(2, 0, 0, 16, 3), DceRpcPdus.response(2, 0, 16, 3))
                    .turn(DceRpcPdus.request(3, 0, 3, 64, 3), DceRpcPdus.response(3, 0, 256, 3))
                    .write(w, 10);
        }
        var events = DetectorHarness.inObservedOrder(PipelineEvents.run(pcap).emitted());
        assertThat(events).filteredOn(e -> e instanceof DceRpcCall c && "DRSGetNCChanges".equals(c.operation()))
                .hasSize(1);
        assertThat(DetectorHarness.run(DETECTOR, events)).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(a.srcHost()).isEqualTo(WORKSTATION);
            assertThat(a.dstHosts()).containsExactly(DC1);
            assertThat(a.explanation()).contains("drsuapi DRSGetNCChanges");
        });
    }

    @Test
    void replicationBetweenDomainControllersIsQuiet() {
        var events = domain();
        events.add(call(10, DC2, DC1, 49667, "drsuapi", "DRSGetNCChanges"));
        events.add(call(11, DC1, DC2, 49667, "drsuapi", "DRSReplicaSync"));
        assertThat(DetectorHarness.run(DETECTOR, DetectorHarness.inObservedOrder(events))).isEmpty();
    }

    @Test
    void aDcThatServesOthersOnlyLaterIsStillADc() {
        var events = new ArrayList<Event>();
        events.add(call(10, DC2, DC1, 49667, "drsuapi", "DRSGetNCChanges"));
        events.addAll(conn("10.0.0.21", DC2, 88).udp().at(300).both());
        assertThat(DetectorHarness.run(DETECTOR, DetectorHarness.inObservedOrder(events))).isEmpty();
    }

    @Test
    void otherDrsuapiCallsAreQuiet() {
        var events = domain();
        events.add(call(10, WORKSTATION, DC1, 49667, "drsuapi", "DRSCrackNames"));
        assertThat(DetectorHarness.run(DETECTOR, DetectorHarness.inObservedOrder(events))).isEmpty();
    }
}
