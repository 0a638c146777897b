package io.sluice.protocol.tftp;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.RecordingContext;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class TftpDissectorTest {

    static byte[] request(int op, String name, String mode) {
        var out = new ByteArrayOutputStream();
        out.write(0);
        out.write(op);
        out.writeBytes(name.getBytes(StandardCharsets.US_ASCII));
        out.write(0);
        out.writeBytes(mode.getBytes(StandardCharsets.US_ASCII));
        out.write(0);
        return out.toByteArray();
    }

    static byte[] data(int block, int size) {
        byte[] b = new byte[4 + size];
        b[1] = 3;
        b[2] = (byte) (block >> 8);
        b[3] = (byte) block;
        return b;
    }

    static byte[] ack(int block) {
        return new byte[] {0, 4, (byte) (block >> 8), (byte) block};
    }

    private static void feed(TftpDissector d, RecordingContext ctx, boolean fromOrig, byte[] b) {
        d.onData(fromOrig, ByteBuffer.wrap(b), 0, b.length, ctx);
    }

    @Test
    void writeRequestWithAnError() {
        var ctx = RecordingContext.udp("10.0.0.2", 40000, "10.0.0.1", 69);
        var d = new TftpDissector();
        feed(d, ctx, true, request(2, "startup-config", "netascii"));
        byte[] err = {0, 5, 0, 2, 'A', 'c', 'c', 'e', 's', 's', 0};
        feed(d, ctx, false, err);
        d.onEnd(ctx);
        assertThat(ctx.events).singleElement().satisfies(e -> {
            var t = (TftpTransfer) e;
            assertThat(t.wrq()).isTrue();
            assertThat(t.fname()).isEqualTo("startup-config");
            assertThat(t.mode()).isEqualTo("netascii");
            assertThat(t.errorCode()).isEqualTo(2L);
            assertThat(t.errorMsg()).isEqualTo("Access");
            assertThat(t.uidData()).isNull();
        });
        assertThat(ctx.confirmed).containsExactly("tftp");
    }

    @Test
    void dataFlowCountsBlocksAndBytesOnceEach() {
        var ctx = RecordingContext.udp("10.0.0.1", 3000, "10.0.0.2", 40000);
        var d = new TftpDissector();
        feed(d, ctx, true, data(1, 512));
        feed(d, ctx, false, ack(1));
        feed(d, ctx, true, data(1, 512)); // retransmission
        feed(d, ctx, true, data(2, 100));
        feed(d, ctx, false, ack(2));
        d.onEnd(ctx);
        assertThat(ctx.eventsOf(io.sluice.protocol.files.FileInfo.class)).singleElement().satisfies(f -> {
            assertThat(f.source()).isEqualTo("TFTP");
            assertThat(f.seenBytes()).isEqualTo(612); // the retransmitted block once
            assertThat(f.isOrig()).isTrue();
            assertThat(f.filename()).isNull(); // the request was not seen
        });
        assertThat(ctx.eventsOf(TftpTransfer.class)).singleElement().satisfies(t -> {
            assertThat(t.wrq()).isFalse();
            assertThat(t.size()).isEqualTo(612);
            assertThat(t.blockSent()).isEqualTo(2);
            assertThat(t.blockAcked()).isEqualTo(2);
            assertThat(t.uidData()).isEqualTo(ctx.uid());
        });
    }

    @Test
    void signature() {
        var s = TftpProtocol.SIGNATURE;
        byte[] rrq = request(1, "pxelinux.0", "OCTET");
        assertThat(s.matches(true, ByteBuffer.wrap(rrq), 0, rrq.length, 2000, 69)).isTrue();
        byte[] bad = request(1, "x", "binary");
        assertThat(s.matches(true, ByteBuffer.wrap(bad), 0, bad.length, 2000, 69)).isFalse();
        byte[] d1 = data(1, 512);
        assertThat(s.matches(true, ByteBuffer.wrap(d1), 0, d1.length, 3000, 40000)).isTrue();
        assertThat(s.matches(true, ByteBuffer.wrap(d1), 0, d1.length, 53, 40000)).isFalse();
        byte[] d2 = data(2, 10);
        assertThat(s.matches(true, ByteBuffer.wrap(d2), 0, d2.length, 3000, 40000)).isFalse();
        // the data flow's first datagram comes from the server, its originator, and the ports differ
        assertThat(s.matches(false, ByteBuffer.wrap(d1), 0, d1.length, 3000, 40000)).isFalse();
        byte[] hsrpAdvertisement = {0, 3, 0, 1, 0, 14, 2, 0, 0, 0, 0, 0, (byte) 0xc0, (byte) 0xa8, 0, 1};
        assertThat(s.matches(true, ByteBuffer.wrap(hsrpAdvertisement), 0, hsrpAdvertisement.length, 1985, 1985)).isFalse();
        assertThat(s.matches(true, ByteBuffer.wrap(ack(0)), 0, 4, 3000, 40000)).isTrue();
        assertThat(s.matches(true, ByteBuffer.wrap(ack(0)), 0, 4, 40000, 40000)).isFalse();
    }

    @Test
    void aRequestInsideADataFlowIsAWeirdNotATransfer() {
        var ctx = RecordingContext.udp("10.0.0.1", 3000, "10.0.0.2", 40000);
        var d = new TftpDissector();
        feed(d, ctx, true, data(1, 12));
        feed(d, ctx, true, new byte[] {0, 1, 2, 3, 10, (byte) 200, 1, 0, 'c', 'i', 's', 'c', 'o', 0});
        feed(d, ctx, true, data(2, 12)); // nothing after the violation
        d.onEnd(ctx);
        assertThat(ctx.weirds).extracting(w -> w.name()).containsExactly("tftp_request_in_data_flow");
        assertThat(ctx.eventsOf(TftpTransfer.class)).singleElement().satisfies(t -> {
            assertThat(t.fname()).isNull();
            assertThat(t.blockSent()).isEqualTo(1);
            assertThat(t.size()).isEqualTo(12);
        });
    }

    /** The sample jqwik found when files.log made a DATA datagram two events: a file and the transfer. */
    @Test
    void aLoneDataBlockIsOneTransferAndOneFile() {
        var ctx = RecordingContext.udp("10.0.0.2", 40000, "10.0.0.1", 69);
        var d = new TftpDissector();
        feed(d, ctx, true, new byte[] {0, 3, 0, 1, 0});
        d.onEnd(ctx);
        assertThat(ctx.eventsOf(TftpTransfer.class)).hasSize(1);
        assertThat(ctx.eventsOf(io.sluice.protocol.files.FileInfo.class)).singleElement()
                .satisfies(f -> assertThat(f.seenBytes()).isEqualTo(1));
    }

    @Property(tries = 1000)
    void randomDatagramsNeverThrow(@ForAll byte[] a, @ForAll byte[] b, @ForAll boolean fromOrig) {
        var ctx = RecordingContext.udp("10.0.0.2", 40000, "10.0.0.1", 69);
        var d = new TftpDissector();
        feed(d, ctx, fromOrig, a);
        feed(d, ctx, !fromOrig, b);
        d.onEnd(ctx);
        TftpProtocol.SIGNATURE.matches(fromOrig, ByteBuffer.wrap(a), 0, a.length, 40000, 69);
        // at most one transfer row and, since files.log, at most one file (DATA [0, 3, 0, 1, x] is both)
        assertThat(ctx.eventsOf(TftpTransfer.class)).hasSizeLessThanOrEqualTo(1);
        assertThat(ctx.eventsOf(io.sluice.protocol.files.FileInfo.class)).hasSizeLessThanOrEqualTo(1);
        assertThat(ctx.events.size()).isLessThanOrEqualTo(2);
    }
}
