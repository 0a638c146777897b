package io.sluice.protocol.ntp;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.RecordingContext;
import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class NtpDissectorTest {

    /** A 48-byte mode 1-5 message. */
    static ByteBuffer standard(int version, int mode, int stratum, int poll, int precision, int refId) {
        var b = ByteBuffer.allocate(48);
        b.put((byte) (version << 3 | mode)).put((byte) stratum).put((byte) poll).put((byte) precision);
        b.putInt(0x00018000); // root delay 1.5 s
        b.putInt(0x00000010); // root dispersion 16/65536 s
        b.putInt(refId);
        b.putInt(16, (int) (2_208_988_800L + 1_700_000_000L)).putInt(20, 0x80000000); // ref: 1.7e9 + 0.5 s
        b.putInt(40, (int) (2_208_988_800L + 1_700_000_010L)).putInt(44, 0);
        return b;
    }

    static List<NtpMessage> feed(ByteBuffer b, int length) {
        var ctx = RecordingContext.udp("10.0.0.1", 40000, "10.0.0.123", 123);
        var d = NtpProtocol.SIGNATURE.create();
        d.onData(true, b, 0, length, ctx);
        return ctx.eventsOf(NtpMessage.class);
    }

    @Test
    void serverReplyFieldsAsZeekComputesThem() {
        var m = feed(standard(4, 4, 2, 6, -20, 0x0a000001), 48).get(0);
        assertThat(m.version()).isEqualTo(4);
        assertThat(m.mode()).isEqualTo(4);
        assertThat(m.stratum()).isEqualTo(2);
        assertThat(m.pollNanos()).isEqualTo(64_000_000_000L);
        assertThat(m.precisionNanos()).isEqualTo(954L); // 2^-20 s
        assertThat(m.rootDelayNanos()).isEqualTo(1_500_000_000L);
        assertThat(m.rootDispNanos()).isEqualTo(244_140L);
        assertThat(m.refId()).isEqualTo("10.0.0.1");
        assertThat(m.refTimeNanos()).isEqualTo(1_700_000_000_500_000_000L);
        assertThat(m.orgTimeNanos()).isZero();
        assertThat(m.xmtTimeNanos()).isEqualTo(1_700_000_010_000_000_000L);
        assertThat(m.numExts()).isZero();
        assertThat(m.ctlOp()).isNull();
    }

    @Test
    void stratumOneAndZeroKeepTheFourCharacters() {
        assertThat(feed(standard(4, 4, 1, 6, -20, 0x47505300), 48).get(0).refId()).isEqualTo("GPS\0");
        assertThat(feed(standard(4, 4, 0, 6, -20, 0x52415445), 48).get(0).refId()).isEqualTo("RATE");
    }

    @Test
    void macAndExtensionsAreCounted() {
        var withMac = ByteBuffer.allocate(68).put(standard(4, 3, 0, 6, -20, 0).array());
        assertThat(feed(withMac, 68).get(0).numExts()).isZero();
        var ext = ByteBuffer.allocate(48 + 16 + 20).put(standard(4, 3, 0, 6, -20, 0).array());
        ext.putShort(48, (short) 0x0104).putShort(50, (short) 16);
        assertThat(feed(ext, ext.capacity()).get(0).numExts()).isEqualTo(1);
    }

    @Test
    void serverModeFromTheOriginatorSwapsTheRowsRolesOnceAsZeek() {
        var ctx = RecordingContext.udp("10.0.0.123", 123, "10.0.0.1", 40000);
        var d = NtpProtocol.SIGNATURE.create();
        d.onData(true, standard(4, 4, 2, 6, -20, 0), 0, 48, ctx);
        d.onData(false, standard(4, 3, 0, 6, -20, 0), 0, 48, ctx);
        assertThat(ctx.eventsOf(NtpMessage.class)).hasSize(2).allSatisfy(m -> {
            assertThat(m.id().origH()).isEqualTo("10.0.0.1");
            assertThat(m.id().respP()).isEqualTo(123);
        });
    }

    @Test
    void monlistRequestIsLoggedWithItsName() {
        var b = ByteBuffer.allocate(8).put((byte) 0x17).put((byte) 0).put((byte) 3).put((byte) 42);
        var m = feed(b, 8).get(0);
        assertThat(m.mode()).isEqualTo(7);
        assertThat(m.version()).isEqualTo(2);
        assertThat(m.ctlOp()).isEqualTo(42);
        assertThat(m.ctlOpName()).isEqualTo("MON_GETLIST_1");
        assertThat(m.ctlResponse()).isFalse();
        assertThat(m.stratum()).isNull();
    }

    @Test
    void controlReadvarResponse() {
        var b = ByteBuffer.allocate(12).put((byte) 0x16).put((byte) 0x82);
        var m = feed(b, 12).get(0);
        assertThat(m.ctlOpName()).isEqualTo("READVAR");
        assertThat(m.ctlResponse()).isTrue();
    }

    @Test
    void truncatedMessageIsWeirdNotLogged() {
        var ctx = RecordingContext.udp("10.0.0.1", 40000, "10.0.0.123", 123);
        NtpProtocol.SIGNATURE.create().onData(true, standard(4, 3, 0, 6, -20, 0), 0, 47, ctx);
        assertThat(ctx.events).isEmpty();
        assertThat(ctx.weirds).extracting(RecordingContext.Weird::name).containsExactly("NTP_truncated_message");
    }

    @Test
    void signatureIsStrictOffPort123() {
        var b = standard(4, 3, 0, 6, -20, 0);
        assertThat(NtpProtocol.SIGNATURE.matches(true, b, 0, 48, 40000, 4444)).isTrue();
        assertThat(NtpProtocol.SIGNATURE.matches(true, b, 0, 50, 40000, 4444)).isFalse();
        var monlist = ByteBuffer.allocate(8).put((byte) 0x17);
        assertThat(NtpProtocol.SIGNATURE.matches(true, monlist, 0, 8, 40000, 123)).isTrue();
        assertThat(NtpProtocol.SIGNATURE.matches(true, monlist, 0, 8, 40000, 4444)).isFalse();
    }

    @Property(tries = 500)
    void randomDatagramsNeverThrow(@ForAll @Size(max = 200) byte[] bytes) {
        var ctx = RecordingContext.udp("10.0.0.1", 123, "10.0.0.2", 123);
        NtpProtocol.SIGNATURE.matches(true, ByteBuffer.wrap(bytes), 0, bytes.length, 123, 123);
        NtpProtocol.SIGNATURE.create().onData(true, ByteBuffer.wrap(bytes), 0, bytes.length, ctx);
        assertThat(ctx.events.size()).isLessThanOrEqualTo(1);
    }
}
