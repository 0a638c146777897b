package io.sluice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.capture.CaptureException;
import io.sluice.capture.LiveSource;
import io.sluice.event.ConnectionCreation;
import io.sluice.event.FlowListener;
import io.sluice.event.FlowRecord;
import io.sluice.event.TunnelEvent;
import io.sluice.flow.FlowConfig;
import io.sluice.packet.LinkType;
import io.sluice.packet.craft.FrameBuilder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A live source's quiet spells: time moves on without packets, and the listener is asked to flush. */
class LivePipelineTest {
    private static final double UDP_TIMEOUT = 60; // Zeek's udp_inactivity_timeout, FlowConfig's default

    /** What happened, in order: "flush", "conn <uid-less summary>" and "creation". */
    final List<String> seen = new ArrayList<>();
    final List<FlowRecord> conns = new ArrayList<>();
    final List<Long> quiet = new ArrayList<>();
    final FlowListener listener = new FlowListener() {
        @Override
        public void connectionCreated(ConnectionCreation event) {
            seen.add("creation");
        }

        @Override
        public void flowEnded(FlowRecord record) {
            conns.add(record);
            seen.add("conn " + record.proto() + " " + record.origPkts());
        }

        @Override
        public void tunnel(TunnelEvent event) {}

        @Override
        public void flushOutput() {
            seen.add("flush");
        }

        @Override
        public void quietUntil(long clockNanos) {
            quiet.add(clockNanos);
        }
    };

    /** A datagram of one UDP connection (not DNS, which Zeek ends after 10 s of quiet). */
    static byte[] datagram(int id) {
        return FrameBuilder.raw().ipv4("10.0.0.5", "10.0.0.9").udp(53000, 9999).payload(new byte[] {0, (byte) id, 1, 0}).build();
    }

    @Test
    void aQuietSpellEndsAUdpConnectionAtItsTimeoutWithoutAnyLaterPacket() {
        var source = new ScriptedLive()
                .packet(100.0, datagram(1))
                .idle(130.0)
                .idle(100.0 + UDP_TIMEOUT + PacketPipeline.LIVE_LATENESS_NANOS / 1e9 + 0.5)
                .idle(175.0);
        var pipeline = new PacketPipeline(FlowConfig.defaults(), listener);
        assertThat(pipeline.run(source, null)).isNull();
        // The record came during the run, at the second quiet spell, not from finish().
        assertThat(seen).containsExactly("creation", "flush", "conn udp 1", "flush", "flush");
        assertThat(conns.get(0).tsNanos()).isEqualTo(100_000_000_000L);
        assertThat(pipeline.flowStats().expired()).isEqualTo(1);
        // each quiet spell is passed on (to detection) at its clock less the lateness
        assertThat(quiet).containsExactly(129_000_000_000L, 160_500_000_000L, 174_000_000_000L);
    }

    @Test
    void aPacketStampedJustBeforeAQuietSpellStillJoinsItsConnection() {
        // The kernel stamps a packet, then hands it over up to a read timeout later: the quiet spell
        // seen in between must not have ended its connection.
        double spell = 100.0 + UDP_TIMEOUT + 0.4;
        var source = new ScriptedLive()
                .packet(100.0, datagram(1))
                .idle(spell)
                .packet(100.0 + UDP_TIMEOUT - 0.1, datagram(2));
        var pipeline = new PacketPipeline(FlowConfig.defaults(), listener);
        assertThat(pipeline.run(source, null)).isNull();
        pipeline.finish();
        assertThat(conns).singleElement().satisfies(r -> assertThat(r.origPkts()).isEqualTo(2));
    }

    @Test
    void progressIsReportedAtEveryQuietSpell() {
        var reports = new ArrayList<Long>();
        var source = new ScriptedLive().packet(1.0, datagram(1)).idle(2.0).packet(2.5, datagram(2)).idle(3.0);
        var pipeline = new PacketPipeline(FlowConfig.defaults(), listener);
        pipeline.run(source, (bytes, total, packets) -> reports.add(packets));
        assertThat(reports).startsWith(1L, 2L);
        assertThat(reports.get(reports.size() - 1)).isEqualTo(2L);
    }

    @Test
    void usedAsAPlainSourceALiveOneSkipsItsQuietSpells() throws CaptureException {
        var source = new ScriptedLive().idle(1.0).packet(1.5, datagram(1)).idle(2.0).idle(3.0).packet(3.5, datagram(2)).idle(4.0);
        int packets = 0;
        while (source.next()) packets++;
        assertThat(packets).isEqualTo(2);
    }

    @Test
    void aFailingCaptureKeepsWhatCameBefore() {
        var source = new ScriptedLive().packet(1.0, datagram(1)).fail("the interface went down");
        var pipeline = new PacketPipeline(FlowConfig.defaults(), listener);
        CaptureException damage = pipeline.run(source, null);
        assertThat(damage).isNotNull();
        assertThat(damage.describe()).contains("the interface went down");
        pipeline.finish();
        assertThat(conns).hasSize(1);
    }

    /** A live source that plays a script of packets, quiet spells and an optional failure. */
    static final class ScriptedLive implements LiveSource {
        private record Step(double seconds, byte[] frame, String failure) {}

        private final List<Step> steps = new ArrayList<>();
        private int index = -1;
        private ByteBuffer buffer;

        ScriptedLive packet(double seconds, byte[] frame) {
            steps.add(new Step(seconds, frame, null));
            return this;
        }

        ScriptedLive idle(double seconds) {
            steps.add(new Step(seconds, null, null));
            return this;
        }

        ScriptedLive fail(String why) {
            steps.add(new Step(0, null, why));
            return this;
        }

        private Step step() {
            return steps.get(index);
        }

        @Override
        public Poll poll() throws CaptureException {
            if (index + 1 >= steps.size()) return Poll.END;
            index++;
            if (step().failure() != null) throw new CaptureException("live0", -1, step().failure());
            if (step().frame() == null) return Poll.IDLE;
            buffer = ByteBuffer.wrap(step().frame());
            return Poll.PACKET;
        }

        @Override
        public long idleNanos() {
            return Math.round(step().seconds() * 1e9);
        }

        @Override
        public long timestampNanos() {
            return Math.round(step().seconds() * 1e9);
        }

        @Override
        public int linkType() {
            return LinkType.RAW;
        }

        @Override
        public ByteBuffer buffer() {
            return buffer;
        }

        @Override
        public int offset() {
            return 0;
        }

        @Override
        public int capturedLength() {
            return step().frame().length;
        }

        @Override
        public int originalLength() {
            return step().frame().length;
        }

        @Override
        public long recordPosition() {
            return -1;
        }

        @Override
        public long bytesRead() {
            return 0;
        }

        @Override
        public long totalBytes() {
            return -1;
        }

        @Override
        public String name() {
            return "live0";
        }

        @Override
        public void close() {}
    }
}
