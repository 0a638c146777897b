package io.sluice.protocol.telnet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.ProtocolRegistry;
import io.sluice.protocol.RecordingContext;
import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class TelnetSignatureTest {

    private static boolean matches(int port, int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) b[i] = (byte) bytes[i];
        return TelnetProtocol.SIGNATURE.matches(true, ByteBuffer.wrap(b), 0, b.length, 50000, port);
    }

    @Test
    void recognisesOptionNegotiation() {
        assertThat(matches(23, 0xff, 0xfd, 0x18)).isTrue(); // DO TERMINAL-TYPE
        assertThat(matches(23, 0xff, 0xfb, 0x01)).isTrue(); // WILL ECHO
        assertThat(matches(2323, 0xff, 0xfd, 0x18, 0xff, 0xfd, 0x20)).isTrue(); // two commands off port 23
    }

    @Test
    void rejectsOtherBytes() {
        assertThat(matches(23, 0xff, 0xfa, 0x18)).isFalse(); // SB is not where negotiation starts
        assertThat(matches(23, 0xff, 0xff, 0x18)).isFalse();
        assertThat(matches(23, 0xfe, 0xfd, 0x18)).isFalse();
        assertThat(matches(23, 0xff, 0xfd)).isFalse();
        assertThat(matches(23, 'l', 'o', 'g', 'i', 'n')).isFalse();
        assertThat(matches(2323, 0xff, 0xfd, 0x18, 'x', 'y', 'z')).isFalse(); // one command off port 23
    }

    @Test
    void theRegistryPicksTelnetAndTheDissectorConfirmsIt() {
        byte[] b = {(byte) 0xff, (byte) 0xfd, 0x18, (byte) 0xff, (byte) 0xfd, 0x20};
        var s = new ProtocolRegistry(List.of(TelnetProtocol.SIGNATURE)).identify(true, false, ByteBuffer.wrap(b), 0, b.length, 50000, 23);
        assertThat(s).isNotNull();
        assertThat(s.name()).isEqualTo("telnet");
        var d = s.create();
        var ctx = RecordingContext.tcp("10.0.0.1", 50000, "10.0.0.2", 23);
        d.onData(false, ByteBuffer.wrap(b), 0, b.length, ctx);
        assertThat(ctx.confirmed).containsExactly("telnet");
        assertThat(d.wantsMore()).isFalse();
    }

    @Property(tries = 500)
    void randomBytesNeverThrow(@ForAll @Size(max = 40) byte[] bytes, @ForAll boolean fromOrig) {
        TelnetProtocol.SIGNATURE.matches(fromOrig, ByteBuffer.wrap(bytes), 0, bytes.length, 1, 23);
        TelnetProtocol.SIGNATURE.matches(fromOrig, ByteBuffer.wrap(bytes), 0, bytes.length, 1, 9999);
        var d = TelnetProtocol.SIGNATURE.create();
        d.onData(fromOrig, ByteBuffer.wrap(bytes), 0, bytes.length, RecordingContext.tcp("10.0.0.1", 1, "10.0.0.2", 23));
    }
}
