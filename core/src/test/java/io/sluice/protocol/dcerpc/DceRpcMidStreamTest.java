package io.sluice.protocol.dcerpc;

import static io.sluice.packet.craft.DceRpcPdus.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.capture.PcapWriter;
import io.sluice.packet.craft.FrameBuilder;
import io.sluice.protocol.smb.PipelineEvents;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A capture that begins inside a DCE/RPC connection: the first packet captured is the server's
 * bind_ack, so the server becomes the originator and the client's alter_context and requests come
 * from the "responder". The DCShadow capture (DCShadow_add_primarygroupid_512_to_std_account) has
 * its DRSUAPI replica calls on such a connection; they must still be logged, as Zeek logs them, in
 * the connection's orientation, with a flag that says the requests came from the responder.
 */
class DceRpcMidStreamTest {

    @Test
    void callsOfAConnectionFirstSeenFromTheServerAreLogged(@TempDir Path dir) throws Exception {
        String client = "172.16.66.1", server = "172.16.66.36";
        int cp = 52226, sp = 49667;
        long c = 1000, s = 5000;
        var frames = new ArrayList<byte[]>();
        byte[] ack = bindAck(2, "49667");
        byte[] alter = bind(14, 2, 0, DRSUAPI, null);
        byte[] alterResp = bindAck(2, "");
        alterResp[2] = 15; // alter_context_resp: same layout as a bind_ack
        byte[] req = request(3, 0, 5, 40, 3); // DRSReplicaAdd
        byte[] resp = response(3, 0, 8, 3);
        frames.add(segment(server, sp, client, cp, s, c, ack));
        s += ack.length;
        frames.add(segment(client, cp, server, sp, c, s, alter));
        c += alter.length;
        frames.add(segment(server, sp, client, cp, s, c, alterResp));
        s += alterResp.length;
        frames.add(segment(client, cp, server, sp, c, s, req));
        c += req.length;
        frames.add(segment(server, sp, client, cp, s, c, resp));

        Path pcap = dir.resolve("midstream.pcap");
        try (var w = PcapWriter.create(pcap, FrameBuilder.raw().linkType(), 65535, PcapWriter.Resolution.NANOS)) {
            long t = 1_595_159_897_000_000_000L;
            for (byte[] f : frames) w.write(t += 1_000_000, f, 0, f.length, f.length);
        }
        List<DceRpcCall> calls = PipelineEvents.run(pcap).of(DceRpcCall.class);
        assertThat(calls).extracting(DceRpcCall::endpoint, DceRpcCall::operation)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("drsuapi", "DRSReplicaAdd"));
        DceRpcCall call = calls.get(0);
        assertThat(call.id().origH()).as("the first sender is the originator, as in Zeek").isEqualTo(server);
        assertThat(call.requestFromResponder()).isTrue();
        assertThat(call.callerH()).isEqualTo(client);
        assertThat(call.calleeH()).isEqualTo(server);
        assertThat(call.calleeP()).isEqualTo(sp);
    }

    private static byte[] segment(String src, int sport, String dst, int dport, long seq, long ackNo, byte[] payload) {
        return FrameBuilder.raw().ipv4(src, dst).tcp(sport, dport).flags(FrameBuilder.ACK | FrameBuilder.PSH).seq(seq)
                .ack(ackNo).payload(payload).build();
    }
}
