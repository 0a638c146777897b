package io.sluice.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.event.FlowRecord;
import io.sluice.event.TcpFingerprints;
import io.sluice.packet.Packet;
import io.sluice.packet.PacketDecoder;
import io.sluice.packet.craft.FrameBuilder;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** JA4T, JA4TS and JA4L from crafted handshakes run through the flow table (FoxIO's JA4T.md and JA4L.md). */
class HandshakePrintsTest {
    static final String C = "10.0.0.1", S = "10.0.0.2";
    /** Windows 10's SYN options: MSS 1460, NOP, window scale 8, NOP, NOP, SACK permitted. */
    static final byte[] WINDOWS = {2, 4, 0x05, (byte) 0xb4, 1, 3, 3, 8, 1, 1, 4, 2};

    RecordingListener out;
    FlowTable table;
    final PacketDecoder decoder = new PacketDecoder();

    @BeforeEach
    void setUp() {
        out = new RecordingListener();
        table = new FlowTable(FlowConfig.defaults(), out);
    }

    void send(double seconds, String src, int sport, String dst, int dport, int flags, int window, int ttl, byte[] options) {
        var b = FrameBuilder.raw().ipv4(src, dst).ttl(ttl).tcp(sport, dport).flags(flags).window(window)
                .seq(flags == Packet.SYN ? 1000 : 5000).ack((flags & Packet.ACK) != 0 ? 1001 : 0);
        if (options != null) b.tcpOptions(options);
        byte[] frame = b.build();
        Packet p = new Packet();
        p.tsNanos = Math.round(seconds * 1e9);
        p.buf = ByteBuffer.wrap(frame);
        p.linkType = FrameBuilder.raw().linkType();
        p.capLen = p.wireLen = frame.length;
        decoder.decode(p);
        table.process(p);
    }

    TcpFingerprints prints() {
        table.flush();
        FlowRecord r = out.ended.get(0);
        return r.tcpFingerprints();
    }

    @Test
    void aWindowsHandshakeAsJa4tMdShowsIt() {
        send(10.000000, C, 50000, S, 443, Packet.SYN, 64240, 128, WINDOWS);
        send(10.000400, S, 443, C, 50000, Packet.SYN | Packet.ACK, 65535, 52, new byte[] {2, 4, 0x05, (byte) 0x82, 4, 2, 1, 3, 3, 7});
        send(10.000500, C, 50000, S, 443, Packet.ACK, 1026, 128, null);
        var f = prints();
        assertThat(f.ja4t()).isEqualTo("64240_2-1-3-1-1-4_1460_8");
        // ten bytes of options padded to twelve with end-of-list bytes, which count as kinds (JA4T.md's macOS example)
        assertThat(f.ja4ts()).isEqualTo("65535_2-4-1-3-0-0_1410_7");
        assertThat(f.ja4ls()).as("(SYN-ACK - SYN) / 2 µs, server TTL").isEqualTo("200_52");
        assertThat(f.ja4l()).as("(ACK - SYN-ACK) / 2 µs, client TTL").isEqualTo("50_128");
    }

    @Test
    void scannersSynsWithoutOptionsOrWithMssOnly() {
        send(1.0, C, 40000, S, 22, Packet.SYN, 1024, 44, new byte[] {2, 4, 0x05, (byte) 0xb4});
        send(1.001, S, 22, C, 40000, Packet.RST | Packet.ACK, 0, 64, null);
        assertThat(prints().ja4t()).as("nmap's SYN").isEqualTo("1024_2_1460_00");
        setUp();
        send(2.0, C, 40001, S, 80, Packet.SYN, 65535, 250, null);
        var f = prints();
        assertThat(f.ja4t()).as("zmap's SYN").isEqualTo("65535_00_00_00");
        assertThat(f.ja4ts()).isNull();
        assertThat(f.ja4l()).isNull();
        assertThat(f.ja4ls()).isNull();
    }

    @Test
    void synAckRetransmissionsAndTheResetThatEndsThemMakeJa4tsSectionE() {
        byte[] mss = {2, 4, 0x22, 0x41};
        send(15.0, C, 50001, S, 80, Packet.SYN, 64240, 64, WINDOWS);
        send(15.621983, S, 80, C, 50001, Packet.SYN | Packet.ACK, 62727, 64, mss);
        send(16.626151, S, 80, C, 50001, Packet.SYN | Packet.ACK, 62727, 64, mss);
        send(18.642179, S, 80, C, 50001, Packet.SYN | Packet.ACK, 62727, 64, mss);
        send(22.738154, S, 80, C, 50001, Packet.SYN | Packet.ACK, 62727, 64, mss);
        send(28.747358, S, 80, C, 50001, Packet.RST, 0, 64, null);
        var f = prints();
        assertThat(f.ja4ts()).isEqualTo("62727_2_8769_00_1-2-4-R6");
        assertThat(f.ja4l()).as("the client never acknowledged").isNull();
    }

    @Test
    void aSynAckSentAgainAfterTheClientsAckStillCounts() {
        send(12.596273, C, 57380, S, 80, Packet.SYN, 64240, 128, WINDOWS);
        send(12.608778, S, 80, C, 57380, Packet.SYN | Packet.ACK, 64240, 57, new byte[] {2, 4, 0x05, (byte) 0xb4, 1, 1, 4, 2, 1, 3, 3, 7});
        send(12.608869, C, 57380, S, 80, Packet.ACK, 1026, 128, null);
        send(12.614607, S, 80, C, 57380, Packet.SYN | Packet.ACK, 64240, 57, new byte[] {2, 4, 0x05, (byte) 0xb4, 1, 1, 4, 2, 1, 3, 3, 7});
        send(12.614658, C, 57380, S, 80, Packet.ACK, 1026, 128, null);
        send(12.697360, S, 80, C, 57380, Packet.ACK, 501, 57, null);
        send(12.697400, S, 80, C, 57380, Packet.SYN | Packet.ACK, 64240, 57, null); // after the server moved on: not counted
        assertThat(prints().ja4ts()).isEqualTo("64240_2-1-1-4-1-3_1460_7_0");
    }

    @Test
    void aConnectionSeenWithoutItsHandshakeHasNone() {
        send(1.0, C, 50002, S, 80, Packet.ACK | Packet.PSH, 501, 64, null);
        send(1.1, S, 80, C, 50002, Packet.ACK, 501, 64, null);
        assertThat(prints()).isNull();
    }

    @Test
    void optionsThatRunPastTheHeaderStopTheList() {
        // a timestamp option (kind 8) whose length says 10 but only 4 bytes remain in the header
        send(1.0, C, 50003, S, 80, Packet.SYN, 8192, 64, new byte[] {2, 4, 0x05, (byte) 0xb4, 8, 10, 0, 0});
        assertThat(prints().ja4t()).isEqualTo("8192_2-8_1460_00");
    }

    Packet datagram(String src, int sport, String dst, int dport, int ttl, int firstByte) {
        byte[] payload = {(byte) firstByte, 0, 0, 0, 1, 8, 1, 2, 3, 4, 5, 6, 7, 8}; // a long header, QUIC v1
        byte[] frame = FrameBuilder.raw().ipv4(src, dst).ttl(ttl).udp(sport, dport).payload(payload).build();
        Packet p = new Packet();
        p.buf = ByteBuffer.wrap(frame);
        p.linkType = FrameBuilder.raw().linkType();
        p.capLen = p.wireLen = frame.length;
        decoder.decode(p);
        return p;
    }

    /** QUIC: A the client's Initial, B the server's first, C its last before D, the client's first Handshake packet. */
    @Test
    void quicJa4lFromTheInitialAndHandshakePackets() {
        var prints = new HandshakePrints();
        prints.reset();
        long ms = 1_000_000;
        assertThat(prints.datagram(datagram(C, 50000, S, 443, 64, 0xc3), true, 100 * ms)).isFalse(); // Initial
        prints.datagram(datagram(S, 443, C, 50000, 56, 0xc3), false, 120 * ms); // B: Initial
        prints.datagram(datagram(C, 50000, S, 443, 64, 0xc3), true, 121 * ms); // the client's ACK of it, still Initial
        prints.datagram(datagram(S, 443, C, 50000, 56, 0xe3), false, 122 * ms); // server Handshake
        prints.datagram(datagram(S, 443, C, 50000, 56, 0xe3), false, 123 * ms); // C
        assertThat(prints.datagram(datagram(C, 50000, S, 443, 64, 0xe3), true, 124 * ms)).isTrue(); // D: client Handshake
        var f = prints.quicSnapshot();
        assertThat(f.ja4ls()).isEqualTo("10000_56");
        assertThat(f.ja4l()).isEqualTo("500_64");
        assertThat(f.ja4t()).isNull();
        assertThat(f.ja4ts()).isNull();
    }
}
