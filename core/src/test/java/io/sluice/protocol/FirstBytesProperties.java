package io.sluice.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Whatever the chunks, a direction's sample is the prefix of what was delivered, up to the limit. */
class FirstBytesProperties {

    @Property(tries = 300)
    void theSampleIsThePrefixOfTheDeliveredBytes(@ForAll @Size(max = 20) List<@Size(max = 120) byte[]> chunks,
            @ForAll @IntRange(min = 0, max = 300) int limit, @ForAll @IntRange(min = 0, max = 16) int offset) {
        var b = new FirstBytes(limit);
        b.reset();
        var all = new ByteArrayOutputStream();
        for (byte[] c : chunks) {
            // the chunk sits inside a larger buffer, as a packet's payload does
            byte[] framed = new byte[offset + c.length + 3];
            System.arraycopy(c, 0, framed, offset, c.length);
            b.take(true, ByteBuffer.wrap(framed), offset, c.length);
            all.writeBytes(c);
        }
        byte[] delivered = all.toByteArray();
        int n = Math.min(limit, delivered.length);
        assertThat(b.length(true)).isEqualTo(n);
        assertThat(b.length(false)).isZero();
        assertThat(b.wants(true)).isEqualTo(n < limit);
        if (n >= 4) {
            long head = ByteBuffer.wrap(delivered).getInt() & 0xffffffffL;
            assertThat(b.head(true)).isEqualTo(head);
        } else {
            assertThat(b.head(true)).isEqualTo(-1);
        }
        var e = new io.sluice.packet.ByteEntropy();
        if (n < FirstBytes.MIN_MEASURED) {
            assertThat(b.entropy(true, e)).isNaN();
        } else {
            assertThat(b.entropy(true, e)).isEqualTo(e.bits(ByteBuffer.wrap(Arrays.copyOf(delivered, n)), 0, n));
        }
    }
}
