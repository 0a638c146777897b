package io.sluice.flow;

import static io.sluice.flow.Pkts.ACK;
import static io.sluice.flow.Pkts.FIN;
import static io.sluice.flow.Pkts.PSH;
import static io.sluice.flow.Pkts.SYN;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.event.FlowRecord;
import io.sluice.packet.Packet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Flips, sequence wrap, retransmissions, zero windows, gaps, checksums and connection reuse. */
class TcpDetailsTest {
    static final String C = "10.0.0.1", S = "10.0.0.2";
    static final int CP = 40001, SP = 40002;

    RecordingListener out;
    FlowTable table;
    double t;

    @BeforeEach
    void setUp() {
        out = new RecordingListener();
        table = new FlowTable(FlowConfig.defaults(), out);
        t = 100.0;
    }

    Packet c(int flags, long seq, long ack, int len) {
        t += 0.01;
        Packet p = Pkts.tcp(t, C, CP, S, SP, flags, seq, ack, len);
        table.process(p);
        return p;
    }

    Packet s(int flags, long seq, long ack, int len) {
        t += 0.01;
        Packet p = Pkts.tcp(t, S, SP, C, CP, flags, seq, ack, len);
        table.process(p);
        return p;
    }

    FlowRecord end() {
        table.flush();
        return out.only();
    }

    @Test
    void synAckSeenBeforeSynFlipsTheConnection() {
        // Ephemeral ports on both sides: no port heuristic, Zeek flips on the SYN/SYN-ACK reversal.
        s(SYN | ACK, 5000, 1001, 0);
        c(SYN, 1000, 0, 0);
        c(ACK, 1001, 5001, 0);
        FlowRecord r = end();
        assertThat(r.id().origH()).isEqualTo(C);
        assertThat(r.id().origP()).isEqualTo(CP);
        assertThat(r.history()).isEqualTo("Hs^A");
        assertThat(r.connState()).isEqualTo("S1");
        // Zeek quirk kept: the SYN that caused the flip is counted on the responder side.
        assertThat(r.origPkts() + r.respPkts()).isEqualTo(3);
    }

    @Test
    void sequenceNumbersWrappingAroundStillGiveTheByteCount() {
        long isn = 0xFFFFFF00L;
        c(SYN, isn, 0, 0);
        s(SYN | ACK, 7000, isn + 1, 0);
        c(ACK, isn + 1, 7001, 0);
        long seq = isn + 1;
        for (int i = 0; i < 10; i++) {
            c(PSH | ACK, seq, 7001, 100);
            seq += 100;
            s(ACK, 7001, seq, 0);
        }
        c(FIN | ACK, seq, 7001, 0);
        s(FIN | ACK, 7001, seq + 1, 0);
        c(ACK, seq + 1, 7002, 0);
        FlowRecord r = end();
        assertThat(seq & 0xFFFFFFFFL).isLessThan(isn);
        assertThat(r.origBytes()).isEqualTo(1000L);
        assertThat(r.respBytes()).isEqualTo(0L);
        assertThat(r.connState()).isEqualTo("SF");
        assertThat(r.missedBytes()).isZero();
    }

    @Test
    void retransmissionsAreCountedOnceThenAtTenAndHundred() {
        c(SYN, 1000, 0, 0);
        s(SYN | ACK, 5000, 1001, 0);
        c(ACK, 1001, 5001, 0);
        c(PSH | ACK, 1001, 5001, 100);
        for (int i = 0; i < 9; i++) c(PSH | ACK, 1001, 5001, 100);
        table.flush();
        assertThat(out.ended.get(0).history()).as("9 retransmissions").isEqualTo("ShADT");
        out.ended.clear();
        c(SYN, 1000, 0, 0);
        s(SYN | ACK, 5000, 1001, 0);
        c(ACK, 1001, 5001, 0);
        c(PSH | ACK, 1001, 5001, 100);
        for (int i = 0; i < 10; i++) c(PSH | ACK, 1001, 5001, 100);
        FlowRecord r = end();
        assertThat(r.history()).as("10 retransmissions").isEqualTo("ShADTT");
        assertThat(r.origBytes()).isEqualTo(100L);
    }

    @Test
    void zeroWindowIsW() {
        c(SYN, 1000, 0, 0);
        s(SYN | ACK, 5000, 1001, 0);
        Packet p = Pkts.tcp(t += 0.01, C, CP, S, SP, ACK, 1001, 5001, 0);
        p.window = 0;
        table.process(p);
        FlowRecord r = end();
        assertThat(r.history()).isEqualTo("ShAW");
    }

    @Test
    void dataAckedButNeverSeenIsAGapInMissedBytes() {
        c(SYN, 1000, 0, 0);
        s(SYN | ACK, 5000, 1001, 0);
        c(ACK, 1001, 5001, 0);
        c(PSH | ACK, 1001, 5001, 100);
        c(PSH | ACK, 1201, 5001, 100); // 1101..1200 never captured
        s(ACK, 5001, 1301, 0);
        FlowRecord r = end();
        assertThat(r.missedBytes()).isEqualTo(100);
        assertThat(r.history()).isEqualTo("ShADaG");
        assertThat(r.origBytes()).isEqualTo(300L);
    }

    @Test
    void truncatedPayloadCountsAsMissedWhenAcked() {
        c(SYN, 1000, 0, 0);
        s(SYN | ACK, 5000, 1001, 0);
        c(ACK, 1001, 5001, 0);
        t += 0.01;
        Packet p = Pkts.tcp(t, C, CP, S, SP, PSH | ACK, 1001, 5001, 1000);
        p.payloadCaptured = 200; // snap length cut the segment
        table.process(p);
        s(ACK, 5001, 2001, 0);
        FlowRecord r = end();
        assertThat(r.missedBytes()).isEqualTo(1000);
        assertThat(r.origBytes()).isEqualTo(1000L);
    }

    @Test
    void outOfOrderDataFilledLaterIsNoGap() {
        c(SYN, 1000, 0, 0);
        s(SYN | ACK, 5000, 1001, 0);
        c(ACK, 1001, 5001, 0);
        c(PSH | ACK, 1101, 5001, 100);
        c(PSH | ACK, 1001, 5001, 100);
        s(ACK, 5001, 1201, 0);
        FlowRecord r = end();
        assertThat(r.missedBytes()).isZero();
        assertThat(r.history()).doesNotContain("G");
    }

    @Test
    void badChecksumDropsThePacketAndNotesC() {
        out = new RecordingListener();
        table = new FlowTable(FlowConfig.defaults(), out, p -> p.seq != 4242);
        c(SYN, 1000, 0, 0);
        s(SYN | ACK, 5000, 1001, 0);
        c(ACK, 1001, 5001, 0);
        c(PSH | ACK, 4242, 5001, 100);
        FlowRecord r = end();
        assertThat(r.history()).isEqualTo("ShAC");
        assertThat(r.origPkts()).isEqualTo(2);
        assertThat(r.origBytes()).isZero();
        assertThat(table.stats().badChecksums()).isEqualTo(1);
    }

    @Test
    void checksumsAreNotVerifiedWhenSwitchedOff() {
        out = new RecordingListener();
        table = new FlowTable(FlowConfig.defaults().withVerifyChecksums(false), out, p -> false);
        c(SYN, 1000, 0, 0);
        FlowRecord r = end();
        assertThat(r.history()).isEqualTo("S");
    }

    @Test
    void newSynAfterCloseStartsANewConnection() {
        c(SYN, 1000, 0, 0);
        s(SYN | ACK, 5000, 1001, 0);
        c(ACK, 1001, 5001, 0);
        c(FIN | ACK, 1001, 5001, 0);
        s(FIN | ACK, 5001, 1002, 0);
        c(ACK, 1002, 5002, 0);
        c(SYN, 90000, 0, 0);
        assertThat(out.ended).hasSize(1);
        assertThat(out.ended.get(0).connState()).isEqualTo("SF");
        table.flush();
        assertThat(out.ended).hasSize(2);
        assertThat(out.ended.get(1).connState()).isEqualTo("S0");
        assertThat(out.ended.get(1).uid()).isNotEqualTo(out.ended.get(0).uid());
        assertThat(table.stats().reused()).isEqualTo(1);
    }

    @Test
    void closedConnectionIsRemovedAfterTheCloseDelay() {
        c(SYN, 1000, 0, 0);
        s(SYN | ACK, 5000, 1001, 0);
        c(ACK, 1001, 5001, 0);
        c(FIN | ACK, 1001, 5001, 0);
        s(FIN | ACK, 5001, 1002, 0);
        long closedAt = Math.round(t * 1e9);
        table.advanceTime(closedAt + 4_900_000_000L);
        assertThat(out.ended).isEmpty();
        table.advanceTime(closedAt + 5_000_000_000L);
        assertThat(out.only().connState()).isEqualTo("SF");
        assertThat(table.size()).isZero();
    }

    @Test
    void retransmittedSynIsNotANewConnection() {
        c(SYN, 1000, 0, 0);
        c(SYN, 1000, 0, 0);
        FlowRecord r = end();
        assertThat(r.history()).isEqualTo("S");
        assertThat(r.origPkts()).isEqualTo(2);
    }
}
