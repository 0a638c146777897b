package io.sluice.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class OneBlockSha1Test {

    private static byte[] digest(OneBlockSha1 sha, byte[] msg) {
        sha.digest(msg, msg.length);
        ByteBuffer b = ByteBuffer.allocate(20);
        for (int v : sha.h) b.putInt(v);
        return b.array();
    }

    @Test
    void knownAnswers() {
        var sha = new OneBlockSha1();
        // FIPS 180 examples: "abc" and the empty message
        assertThat(digest(sha, "abc".getBytes())).asHexString().isEqualToIgnoringCase("A9993E364706816ABA3E25717850C26C9CD0D89D");
        assertThat(digest(sha, new byte[0])).asHexString().isEqualToIgnoringCase("DA39A3EE5E6B4B0D3255BFEF95601890AFD80709");
    }

    @Property
    void equalsTheJdkDigestForEveryOneBlockMessage(@ForAll @Size(max = 55) byte[] msg) throws Exception {
        var sha = new OneBlockSha1();
        sha.digest(new byte[] {1, 2, 3}, 3); // state left by an earlier message must not matter
        assertThat(digest(sha, msg)).isEqualTo(MessageDigest.getInstance("SHA-1").digest(msg));
    }

    @Test
    void refusesMessagesThatNeedASecondBlock() {
        assertThatThrownBy(() -> new OneBlockSha1().digest(new byte[56], 56)).isInstanceOf(IllegalArgumentException.class);
    }
}
