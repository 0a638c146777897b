package io.sluice.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A regular file read through memory-mapped windows. A window covers {@code windowSize} bytes from
 * the start of the record that did not fit in the previous one, so a record never straddles two
 * mappings and files of any size (beyond 4 GiB) are read with int indexes into one window.
 */
final class MappedFileInput extends CaptureInput {
    /** Large enough that remapping is rare, small enough to leave address space for other work. */
    static final int DEFAULT_WINDOW = 256 << 20;

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final String name;
    private final FileChannel channel;
    private final long size;
    private final int windowSize;
    private ByteBuffer buf = EMPTY;
    private long base;
    private int mapped;

    MappedFileInput(Path path, String name, int windowSize) throws IOException {
        if (windowSize <= 0) {
            throw new IllegalArgumentException("window size must be positive: " + windowSize);
        }
        this.name = name;
        this.channel = FileChannel.open(path, StandardOpenOption.READ);
        this.size = channel.size();
        this.windowSize = windowSize;
    }

    @Override
    ByteBuffer buffer() {
        return buf;
    }

    @Override
    int window(long pos, int n) throws IOException {
        long rel = pos - base;
        if (rel >= 0 && rel + n <= mapped) {
            return (int) rel;
        }
        return remap(pos, n);
    }

    private int remap(long pos, int n) throws IOException {
        if (pos < 0 || n < 0 || pos + n > size) {
            return -1;
        }
        long len = Math.min(Math.max(windowSize, n), size - pos);
        // The old mapping is released by the garbage collector; Java 21 has no supported unmap
        // outside the preview FFM API, and at 256 MiB per window only a few are ever live.
        buf = channel.map(FileChannel.MapMode.READ_ONLY, pos, len);
        base = pos;
        mapped = (int) len;
        return 0;
    }

    @Override
    long end() {
        return size;
    }

    @Override
    long size() {
        return size;
    }

    @Override
    String name() {
        return name;
    }

    @Override
    public void close() {
        buf = EMPTY;
        mapped = 0;
        try {
            channel.close();
        } catch (IOException ignored) {
            // Read-only: nothing was written that closing could lose.
        }
    }
}
