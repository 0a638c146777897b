package io.sluice.protocol.vnc;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.Protocols;
import io.sluice.protocol.RecordingContext;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class VncSignatureTest {

    private static boolean matches(String s, int port) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return VncProtocol.SIGNATURE.matches(false, ByteBuffer.wrap(b), 0, b.length, 50000, port);
    }

    @Test
    void recognisesProtocolVersionBannersOnAnyPort() {
        assertThat(matches("RFB 003.008\n", 5900)).isTrue();
        assertThat(matches("RFB 003.003\n", 443)).isTrue();
        assertThat(matches("RFB 004.001\nmore", 12345)).isTrue();
    }

    @Test
    void rejectsLookalikes() {
        assertThat(matches("RFB 003.008", 5900)).isFalse(); // no newline
        assertThat(matches("RFB 003,008\n", 5900)).isFalse();
        assertThat(matches("RFB 0a3.008\n", 5900)).isFalse();
        assertThat(matches("rfb 003.008\n", 5900)).isFalse();
        assertThat(matches("SSH-2.0-OpenSSH\r\n", 5900)).isFalse();
        assertThat(matches("", 5900)).isFalse();
    }

    @Test
    void theRegistryPicksVncAndTheDissectorConfirmsIt() {
        byte[] b = "RFB 003.008\n".getBytes(StandardCharsets.ISO_8859_1);
        var s = Protocols.standard().identify(true, false, ByteBuffer.wrap(b), 0, b.length, 50000, 5900);
        assertThat(s).isNotNull();
        assertThat(s.name()).isEqualTo("vnc");
        var d = s.create();
        var ctx = RecordingContext.tcp("10.0.0.1", 50000, "10.0.0.2", 5900);
        d.onData(false, ByteBuffer.wrap(b), 0, b.length, ctx);
        assertThat(ctx.confirmed).containsExactly("vnc");
        assertThat(ctx.events).isEmpty();
        assertThat(d.wantsMore()).isFalse();
    }

    @Property(tries = 500)
    void randomBytesNeverThrow(@ForAll @Size(max = 40) byte[] bytes, @ForAll boolean fromOrig) {
        VncProtocol.SIGNATURE.matches(fromOrig, ByteBuffer.wrap(bytes), 0, bytes.length, 1, 5900);
        var d = VncProtocol.SIGNATURE.create();
        d.onData(fromOrig, ByteBuffer.wrap(bytes), 0, bytes.length, RecordingContext.tcp("10.0.0.1", 1, "10.0.0.2", 5900));
    }
}
