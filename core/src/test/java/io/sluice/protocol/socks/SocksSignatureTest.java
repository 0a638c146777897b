package io.sluice.protocol.socks;

import static io.sluice.protocol.socks.SocksBytes.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.Protocols;
import java.nio.ByteBuffer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class SocksSignatureTest {
    private static final int[] IP = {93, 184, 216, 34};

    private static boolean matches(byte[] b, int respPort) {
        return SocksProtocol.SIGNATURE.matches(true, ByteBuffer.wrap(b), 0, b.length, 50000, respPort);
    }

    @Test
    void recognisesWholeClientMessagesOnAnyPort() {
        assertThat(matches(v4Request(1, 443, IP, "bob", null), 9901)).isTrue();
        assertThat(matches(v4Request(2, 21, IP, "", null), 3128)).isTrue();
        assertThat(matches(v4Request(1, 443, IP, "", "login.live.com"), 9050)).isTrue();
        assertThat(matches(v5Greeting(0), 9050)).isTrue();
        assertThat(matches(v5Greeting(0, 2), 8888)).isTrue();
        assertThat(matches(v5Greeting(1, 2, 0x80), 1080)).isTrue();
    }

    @Test
    void offThePortTheMessageMustBeTheWholePayload() {
        byte[] withData = concat(v5Greeting(0), ascii("GET / HTTP/1.1\r\n"));
        assertThat(matches(withData, 1080)).isTrue();
        assertThat(matches(withData, 8080)).isFalse();
        byte[] v4WithData = concat(v4Request(1, 80, IP, "", null), new byte[] {0x16, 3, 1});
        assertThat(matches(v4WithData, 1080)).isTrue();
        assertThat(matches(v4WithData, 5000)).isFalse();
    }

    @Test
    void rejectsLookalikes() {
        assertThat(matches(new byte[] {4, 3, 0, 80, 1, 2, 3, 4, 0}, 1080)).as("v4 command 3").isFalse();
        assertThat(matches(new byte[] {4, 1, 0, 80, 1, 2, 3, 4}, 1080)).as("no user id terminator").isFalse();
        assertThat(matches(new byte[] {4, 1, 0, 80, 1, 2, 3, 4, 1, 2, 0}, 1080)).as("control bytes in the user id").isFalse();
        assertThat(matches(new byte[] {4, 1, 0, 80, 0, 0, 0, 1, 0, 0}, 1080)).as("4a without a host name").isFalse();
        assertThat(matches(v5Greeting(3), 1080)).as("only CHAP offered").isFalse();
        assertThat(matches(v5Greeting(0, 0xff), 1080)).as("'no acceptable' is the proxy's word").isFalse();
        assertThat(matches(new byte[] {5, 0}, 1080)).as("no methods").isFalse();
        assertThat(matches(new byte[] {5, 3, 0, 1}, 1080)).as("fewer methods than announced").isFalse();
        assertThat(matches(ascii("GET / HTTP/1.1\r\n\r\n"), 1080)).isFalse();
        assertThat(SocksProtocol.SIGNATURE.matches(false, ByteBuffer.wrap(v5Greeting(0)), 0, 3, 50000, 1080))
                .as("a client message from the responder").isFalse();
    }

    @Test
    void theRegistryPicksSocksForAGreeting() {
        byte[] b = v5Greeting(0, 2);
        var s = Protocols.standard().identify(true, true, ByteBuffer.wrap(b), 0, b.length, 50000, 1080);
        assertThat(s).isNotNull();
        assertThat(s.name()).isEqualTo("socks");
    }

    @Property(tries = 1000)
    void randomBytesNeverThrow(@ForAll @Size(max = 64) byte[] bytes, @ForAll boolean fromOrig) {
        SocksProtocol.SIGNATURE.matches(fromOrig, ByteBuffer.wrap(bytes), 0, bytes.length, 1, 1080);
    }
}
