package io.sluice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.event.ConnectionCreation;
import io.sluice.event.ContentEvent;
import io.sluice.event.FlowRecord;
import io.sluice.event.TunnelEvent;
import io.sluice.flow.FlowConfig;
import io.sluice.event.FlowListener;
import io.sluice.packet.craft.FrameBuilder;
import io.sluice.protocol.DissectionConfig;
import io.sluice.protocol.Protocols;
import io.sluice.protocol.tftp.TftpTransfer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Connections announced by a dissector (FTP's PASV/PORT, TFTP's request) get the announced service
 * when the flow layer creates them, within the expiry, once.
 */
class ExpectedConnectionTest {
    final List<FlowRecord> conns = new ArrayList<>();
    final List<TftpTransfer> tftp = new ArrayList<>();
    final List<String> weirds = new ArrayList<>();
    final FlowListener listener = new FlowListener() {
        @Override
        public void connectionCreated(ConnectionCreation event) {}

        @Override
        public void flowEnded(FlowRecord record) {
            conns.add(record);
        }

        @Override
        public void tunnel(TunnelEvent event) {}

        @Override
        public void content(ContentEvent event) {
            if (event instanceof TftpTransfer t) tftp.add(t);
            if (event instanceof io.sluice.event.Weird w) weirds.add(w.name());
        }
    };

    void run(FramesSource source) {
        var pipeline = new PacketPipeline(FlowConfig.defaults(), DissectionConfig.defaults(), Protocols.standard(), listener);
        assertThat(pipeline.run(source, null)).isNull();
        pipeline.finish();
    }

    FlowRecord conn(String origH, int origP, String respH, int respP) {
        return conns.stream().filter(r -> r.id().origH().equals(origH) && r.id().origP() == origP
                && r.id().respH().equals(respH) && r.id().respP() == respP).findFirst().orElseThrow();
    }

    /** An FTP control session whose last exchange is {@code command} and the server's {@code reply}. */
    static Conversation ftp(String command, String reply) {
        String greeting = "220 ready\r\n";
        String cmd = command + "\r\n";
        String rep = reply + "\r\n";
        return new Conversation(21).handshake()
                .s(1, greeting, 1)
                .c(1, cmd, 1 + greeting.length())
                .s(1 + greeting.length(), rep, 1 + cmd.length())
                .serverAck(1 + greeting.length() + rep.length(), 1 + cmd.length())
                .c(1 + cmd.length(), "QUIT\r\n", 1 + greeting.length() + rep.length());
    }

    /** A short TCP connection with a few bytes from its originator, at time {@code t}. */
    static void tcp(FramesSource source, double t, String src, int sp, String dst, int dp) {
        source.add(t, FrameBuilder.raw().ipv4(src, dst).tcp(sp, dp).flags(FrameBuilder.SYN).seq(100).build());
        source.add(t + 0.001, FrameBuilder.raw().ipv4(dst, src).tcp(dp, sp).flags(FrameBuilder.SYN | FrameBuilder.ACK)
                .seq(900).ack(101).build());
        source.add(t + 0.002, FrameBuilder.raw().ipv4(src, dst).tcp(sp, dp).flags(FrameBuilder.ACK | FrameBuilder.PSH)
                .seq(101).ack(901).payload("some file bytes".getBytes(StandardCharsets.ISO_8859_1)).build());
    }

    @Test
    void pasvReplyMakesTheClientsConnectionToTheServerFtpData() {
        var conv = ftp("PASV", "227 Entering Passive Mode (10,0,0,2,195,80)");
        tcp(conv.source, 3.0, Conversation.CLIENT, 40001, Conversation.SERVER, 50000);
        tcp(conv.source, 4.0, Conversation.CLIENT, 40002, Conversation.SERVER, 50000); // consumed: not again
        run(conv.source);
        assertThat(conn(Conversation.CLIENT, 40000, Conversation.SERVER, 21).service()).isEqualTo("ftp");
        assertThat(conn(Conversation.CLIENT, 40001, Conversation.SERVER, 50000).service()).isEqualTo("ftp-data");
        assertThat(conn(Conversation.CLIENT, 40002, Conversation.SERVER, 50000).service()).isNull();
    }

    @Test
    void epsvReplyUsesTheControlConnectionsServerAddress() {
        var conv = ftp("EPSV", "229 Entering Extended Passive Mode (|||50001|)");
        tcp(conv.source, 3.0, Conversation.CLIENT, 40001, Conversation.SERVER, 50001);
        run(conv.source);
        assertThat(conn(Conversation.CLIENT, 40001, Conversation.SERVER, 50001).service()).isEqualTo("ftp-data");
    }

    @Test
    void portCommandMakesTheServersConnectionToTheClientFtpData() {
        var conv = ftp("PORT 10,0,0,1,156,65", "200 PORT command successful");
        tcp(conv.source, 3.0, Conversation.SERVER, 20, Conversation.CLIENT, 40001);
        tcp(conv.source, 4.0, "10.9.9.9", 20, Conversation.CLIENT, 40001); // PORT names the server as originator
        run(conv.source);
        assertThat(conn(Conversation.SERVER, 20, Conversation.CLIENT, 40001).service()).isEqualTo("ftp-data");
        assertThat(conn("10.9.9.9", 20, Conversation.CLIENT, 40001).service()).isNull();
    }

    @Test
    void expectationExpiresAfterFiveMinutesOfPacketTime() {
        var conv = ftp("PASV", "227 Entering Passive Mode (10,0,0,2,195,80)");
        tcp(conv.source, 1.2 + 5 * 60 + 1, Conversation.CLIENT, 40001, Conversation.SERVER, 50000);
        run(conv.source);
        assertThat(conn(Conversation.CLIENT, 40001, Conversation.SERVER, 50000).service()).isNull();
    }

    @Test
    void tftpRequestMakesTheServersReplyFlowTftp() {
        var source = new FramesSource("tftp");
        byte[] rrq = "\0\u0001file.bin\0octet\0".getBytes(StandardCharsets.ISO_8859_1);
        source.add(1.0, FrameBuilder.raw().ipv4("10.0.0.1", "10.0.0.2").udp(40000, 69).payload(rrq).build());
        // an unrecognisable first datagram from the server's fresh port: only the expectation names it
        source.add(1.1, FrameBuilder.raw().ipv4("10.0.0.2", "10.0.0.1").udp(50000, 40000)
                .payload(new byte[] {0, 9, 1, 2}).build());
        source.add(1.2, FrameBuilder.raw().ipv4("10.0.0.3", "10.0.0.1").udp(50001, 40000)
                .payload(new byte[] {0, 9, 1, 2}).build());
        run(source);
        assertThat(conn("10.0.0.1", 40000, "10.0.0.2", 69).service()).isEqualTo("tftp");
        assertThat(conn("10.0.0.2", 50000, "10.0.0.1", 40000).service()).isEqualTo("tftp");
        assertThat(conn("10.0.0.3", 50001, "10.0.0.1", 40000).service()).isNull();
        // the announced flow got the TFTP dissector without being recognised: its odd opcode is reported
        assertThat(weirds).containsExactly("tftp_unknown_opcode");
    }

    private static byte[] tftpPacket(int op, int block, int dataBytes) {
        byte[] b = new byte[4 + dataBytes];
        b[1] = (byte) op;
        b[2] = (byte) (block >>> 8);
        b[3] = (byte) block;
        return b;
    }

    @Test
    void aTftpReadAndItsDataFlowMakeOneRowAsSpicyTftpWrites() {
        var source = new FramesSource("tftp read");
        byte[] rrq = "\0\u0001boot/pxelinux.0\0octet\0".getBytes(StandardCharsets.ISO_8859_1);
        source.add(1.0, FrameBuilder.raw().ipv4("10.0.0.1", "10.0.0.2").udp(40000, 69).payload(rrq).build());
        double t = 1.01;
        for (int block = 1; block <= 3; block++) {
            int bytes = block < 3 ? 512 : 100;
            source.add(t, FrameBuilder.raw().ipv4("10.0.0.2", "10.0.0.1").udp(50000, 40000)
                    .payload(tftpPacket(3, block, bytes)).build());
            source.add(t + 0.001, FrameBuilder.raw().ipv4("10.0.0.1", "10.0.0.2").udp(40000, 50000)
                    .payload(tftpPacket(4, block, 0)).build());
            t += 0.01;
        }
        run(source);

        FlowRecord request = conn("10.0.0.1", 40000, "10.0.0.2", 69);
        FlowRecord data = conn("10.0.0.2", 50000, "10.0.0.1", 40000);
        assertThat(tftp).singleElement().satisfies(row -> {
            assertThat(row.uid()).isEqualTo(request.uid());
            assertThat(row.id().respP()).isEqualTo(69);
            assertThat(row.uidData()).isEqualTo(data.uid());
            assertThat(row.wrq()).isFalse();
            assertThat(row.fname()).isEqualTo("boot/pxelinux.0");
            assertThat(row.mode()).isEqualTo("octet");
            assertThat(row.size()).isEqualTo(512 + 512 + 100);
            assertThat(row.blockSent()).isEqualTo(3);
            assertThat(row.blockAcked()).isEqualTo(3);
            assertThat(row.tsNanos()).isEqualTo(request.tsNanos());
        });
    }

    @Test
    void aRequestNoDataFlowAnswersKeepsItsOwnRow() {
        var source = new FramesSource("tftp unanswered");
        byte[] wrq = "\0\u0002config.txt\0netascii\0".getBytes(StandardCharsets.ISO_8859_1);
        source.add(1.0, FrameBuilder.raw().ipv4("10.0.0.1", "10.0.0.2").udp(40000, 69).payload(wrq).build());
        run(source);
        assertThat(tftp).singleElement().satisfies(row -> {
            assertThat(row.wrq()).isTrue();
            assertThat(row.fname()).isEqualTo("config.txt");
            assertThat(row.uidData()).isNull();
        });
    }
}
