package io.sluice.flow;

import static io.sluice.flow.Pkts.ACK;
import static io.sluice.flow.Pkts.FIN;
import static io.sluice.flow.Pkts.PSH;
import static io.sluice.flow.Pkts.RST;
import static io.sluice.flow.Pkts.SYN;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.event.ConnectionCreation.Outcome;
import io.sluice.event.FlowRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Zeek's conn_state and history for TCP, one case per state, from hand-filled packets. */
class TcpConnStateTest {
    static final String C = "10.0.0.1", S = "10.0.0.2";
    static final int CP = 40000, SP = 80;
    static final long CI = 1000, SI = 5000;

    RecordingListener out;
    FlowTable table;
    double t;

    @BeforeEach
    void setUp() {
        out = new RecordingListener();
        table = new FlowTable(FlowConfig.defaults(), out);
        t = 100.0;
    }

    void c(int flags, long seq, long ack, int len) {
        t += 0.01;
        table.process(Pkts.tcp(t, C, CP, S, SP, flags, seq, ack, len));
    }

    void s(int flags, long seq, long ack, int len) {
        t += 0.01;
        table.process(Pkts.tcp(t, S, SP, C, CP, flags, seq, ack, len));
    }

    void handshake() {
        c(SYN, CI, 0, 0);
        s(SYN | ACK, SI, CI + 1, 0);
        c(ACK, CI + 1, SI + 1, 0);
    }

    FlowRecord end() {
        table.flush();
        return out.only();
    }

    @Test
    void fullConnectionIsSfWithZeekHistoryAndSequenceSizes() {
        handshake();
        c(PSH | ACK, CI + 1, SI + 1, 100);
        s(ACK, SI + 1, CI + 101, 0);
        s(PSH | ACK, SI + 1, CI + 101, 200);
        c(ACK, CI + 101, SI + 201, 0);
        c(FIN | ACK, CI + 101, SI + 201, 0);
        s(FIN | ACK, SI + 201, CI + 102, 0);
        double lastCounted = t;
        c(ACK, CI + 102, SI + 202, 0);
        FlowRecord r = end();
        assertThat(r.connState()).isEqualTo("SF");
        assertThat(r.history()).isEqualTo("ShADadFf");
        assertThat(r.origBytes()).isEqualTo(100L);
        assertThat(r.respBytes()).isEqualTo(200L);
        assertThat(r.origPkts()).isEqualTo(6);
        assertThat(r.respPkts()).isEqualTo(4);
        assertThat(r.origIpBytes()).isEqualTo(6 * 40 + 100);
        assertThat(r.respIpBytes()).isEqualTo(4 * 40 + 200);
        // Zeek stops the clock once both sides closed: the last ACK is not in the duration.
        assertThat(r.durationNanos()).isEqualTo(Math.round(lastCounted * 1e9) - Math.round(100.01 * 1e9));
        assertThat(r.id().origH()).isEqualTo(C);
        assertThat(r.id().respP()).isEqualTo(SP);
        assertThat(r.localOrig()).isTrue();
        assertThat(out.created).singleElement().satisfies(e -> assertThat(e.outcome()).isEqualTo(Outcome.ESTABLISHED));
    }

    @Test
    void unansweredSynIsS0AndEndsAfterTheAttemptDelay() {
        c(SYN, CI, 0, 0);
        table.advanceTime(Math.round((t + 4.9) * 1e9));
        assertThat(out.ended).isEmpty();
        table.advanceTime(Math.round((t + 5.0) * 1e9));
        FlowRecord r = out.only();
        assertThat(r.connState()).isEqualTo("S0");
        assertThat(r.history()).isEqualTo("S");
        assertThat(r.durationNanos()).isNull();
        assertThat(r.origBytes()).isNull();
        assertThat(table.stats().expired()).isEqualTo(1);
        assertThat(out.created).singleElement().satisfies(e -> assertThat(e.outcome()).isEqualTo(Outcome.UNANSWERED));
    }

    @Test
    void resetAnswerToSynIsRej() {
        c(SYN, CI, 0, 0);
        s(RST | ACK, 0, CI + 1, 0);
        FlowRecord r = end();
        assertThat(r.connState()).isEqualTo("REJ");
        assertThat(r.history()).isEqualTo("Sr");
        assertThat(out.created).singleElement().satisfies(e -> assertThat(e.outcome()).isEqualTo(Outcome.REJECTED));
    }

    @Test
    void originatorResetAfterHandshakeIsRsto() {
        handshake();
        c(RST | ACK, CI + 1, SI + 1, 0);
        FlowRecord r = end();
        assertThat(r.connState()).isEqualTo("RSTO");
        assertThat(r.history()).isEqualTo("ShAR");
    }

    @Test
    void responderResetAfterHandshakeIsRstr() {
        handshake();
        s(RST | ACK, SI + 1, CI + 1, 0);
        FlowRecord r = end();
        assertThat(r.connState()).isEqualTo("RSTR");
        assertThat(r.history()).isEqualTo("ShAr");
    }

    @Test
    void synThenOwnResetIsRstos0() {
        c(SYN, CI, 0, 0);
        c(RST, CI + 1, 0, 0);
        FlowRecord r = end();
        assertThat(r.connState()).isEqualTo("RSTOS0");
        assertThat(r.history()).isEqualTo("SR");
    }

    @Test
    void synAckThenResetFromServerIsRstrh() {
        s(SYN | ACK, SI, CI + 1, 0);
        s(RST, SI + 1, 0, 0);
        FlowRecord r = end();
        // SYN-ACK from port 80 to an ephemeral port: Zeek flips so the server is the responder.
        assertThat(r.id().origH()).isEqualTo(C);
        assertThat(r.connState()).isEqualTo("RSTRH");
        assertThat(r.history()).isEqualTo("^hr");
    }

    @Test
    void synThenFinIsSh() {
        c(SYN, CI, 0, 0);
        c(FIN, CI + 1, 0, 0);
        FlowRecord r = end();
        assertThat(r.connState()).isEqualTo("SH");
        assertThat(r.history()).isEqualTo("SF");
    }

    @Test
    void synAckThenFinFromServerIsShr() {
        s(SYN | ACK, SI, CI + 1, 0);
        s(FIN | ACK, SI + 1, CI + 1, 0);
        FlowRecord r = end();
        assertThat(r.connState()).isEqualTo("SHR");
        assertThat(r.history()).isEqualTo("^hf");
    }

    @Test
    void establishedNotClosedIsS1() {
        handshake();
        FlowRecord r = end();
        assertThat(r.connState()).isEqualTo("S1");
        assertThat(r.history()).isEqualTo("ShA");
    }

    @Test
    void originatorCloseOnlyIsS2() {
        handshake();
        c(FIN | ACK, CI + 1, SI + 1, 0);
        FlowRecord r = end();
        assertThat(r.connState()).isEqualTo("S2");
        assertThat(r.history()).isEqualTo("ShAF");
    }

    @Test
    void responderCloseOnlyIsS3() {
        handshake();
        s(FIN | ACK, SI + 1, CI + 1, 0);
        FlowRecord r = end();
        assertThat(r.connState()).isEqualTo("S3");
        assertThat(r.history()).isEqualTo("ShAf");
    }

    @Test
    void midstreamDataIsOth() {
        c(PSH | ACK, CI + 1, SI + 1, 50);
        FlowRecord r = end();
        assertThat(r.connState()).isEqualTo("OTH");
        assertThat(r.history()).isEqualTo("D");
        assertThat(out.created).singleElement().satisfies(e -> assertThat(e.outcome()).isEqualTo(Outcome.MIDSTREAM));
    }

    @Test
    void midstreamFromServerPortIsFlipped() {
        s(PSH | ACK, SI + 1, CI + 1, 50);
        FlowRecord r = end();
        assertThat(r.id().origH()).isEqualTo(C);
        assertThat(r.id().origP()).isEqualTo(CP);
        assertThat(r.history()).isEqualTo("^d");
        assertThat(r.respPkts()).isEqualTo(1);
        assertThat(r.origPkts()).isZero();
    }
}
