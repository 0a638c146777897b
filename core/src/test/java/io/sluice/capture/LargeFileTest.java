package io.sluice.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.packet.LinkType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Positions beyond 4 GiB, on a sparse file: a pcapng whose middle is one skipped block of almost
 * 4 GiB, so the disk holds only a few kilobytes and the reader never touches the hole.
 */
class LargeFileTest {
    @TempDir
    Path dir;

    @Test
    void readsPacketsBeyondFourGibibytes() throws IOException, CaptureException {
        var head = new PcapngBytes().section(ByteOrder.LITTLE_ENDIAN).idb(LinkType.ETHERNET, 0);
        head.epb(0, 1, new byte[] {1, 2, 3}, 3);
        long skipAt = head.size();
        long skipLen = 0xFFFF_FFF0L;
        var tail = new PcapngBytes();
        tail.epb(0, 2, new byte[] {4, 5, 6, 7}, 4);
        tail.epb(0, 3, new byte[] {8}, 1);
        long tailAt = skipAt + skipLen;

        Path f = dir.resolve("big.pcapng");
        try (var ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.SPARSE)) {
            ch.write(ByteBuffer.wrap(head.bytes()), 0);
            var lengths = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(0x7777_0002).putInt((int) skipLen);
            ch.write(lengths.flip(), skipAt);
            var trailer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) skipLen);
            ch.write(trailer.flip(), tailAt - 4);
            ch.write(ByteBuffer.wrap(tail.bytes()), tailAt);
        }

        try (var s = CaptureInputs.open(f)) {
            assertThat(s.totalBytes()).isEqualTo(tailAt + tail.size()).isGreaterThan(1L << 32);
            assertThat(s.next()).isTrue();
            assertThat(s.timestampNanos()).isEqualTo(1000);
            assertThat(s.next()).isTrue();
            assertThat(s.recordPosition()).isEqualTo(tailAt).isGreaterThan(1L << 32);
            assertThat(s.timestampNanos()).isEqualTo(2000);
            assertThat(s.capturedLength()).isEqualTo(4);
            assertThat(s.buffer().get(s.offset() + 3)).isEqualTo((byte) 7);
            assertThat(s.next()).isTrue();
            assertThat(s.buffer().get(s.offset())).isEqualTo((byte) 8);
            assertThat(s.next()).isFalse();
            assertThat(s.bytesRead()).isEqualTo(s.totalBytes());
        }
    }
}
