package io.sluice.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The little-endian array loop against the plain definition: big-endian 16-bit words, folded. */
class ChecksumSumPropertyTest {

    @Property(tries = 2000)
    void arraySumFoldsLikeTheDefinition(@ForAll @Size(max = 200) byte[] bytes, @ForAll @IntRange(max = 7) int off,
            @ForAll @IntRange(max = 200) int len) {
        int start = Math.min(off, bytes.length);
        int n = Math.min(len, bytes.length - start);
        long definition = 0;
        for (int i = 0; i + 1 < n; i += 2) definition += ((bytes[start + i] & 0xff) << 8) | (bytes[start + i + 1] & 0xff);
        if ((n & 1) != 0) definition += (bytes[start + n - 1] & 0xff) << 8;
        int expected = Checksums.fold(definition);

        assertThat(Checksums.fold(Checksums.sumArray(bytes, start, n))).isEqualTo(expected);
        assertThat(Checksums.fold(Checksums.sum(ByteBuffer.wrap(bytes), start, n))).isEqualTo(expected);
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        assertThat(Checksums.fold(Checksums.sum(direct, start, n))).isEqualTo(expected);
        // Adding to the sum, as the pseudo-header does, folds alike.
        assertThat(Checksums.fold(Checksums.sumArray(bytes, start, n) + 0x1234_5678L))
                .isEqualTo(Checksums.fold(definition + 0x1234_5678L));
    }
}
