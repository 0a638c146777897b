package io.sluice.capture;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Opens test inputs every way the library can, and reads sources to their end. */
final class Drain {
    private Drain() {}

    record Pkt(long ts, int linkType, byte[] data, int origLen, long recordPos) {}

    /** What a source yielded: its packets, then the exception that ended it, if any. */
    record Result(List<Pkt> packets, CaptureException error) {}

    /** Ways to open the same bytes; every test that reads bytes runs over all of them. */
    enum Via {
        MAPPED,
        /** Windows smaller than most records: nearly every record is mapped on its own. */
        MAPPED_TINY_WINDOW,
        /** Windows that hold a few records, so records cross their ends at varied points. */
        MAPPED_SMALL_WINDOW,
        STREAM,
        /** A stream that hands out a few bytes per read into a buffer that must grow. */
        TRICKLE_STREAM
    }

    static PacketSource open(Via via, byte[] bytes, Path dir) throws CaptureException {
        return switch (via) {
            case MAPPED -> CaptureInputs.open(write(bytes, dir), "test.cap", MappedFileInput.DEFAULT_WINDOW);
            case MAPPED_TINY_WINDOW -> CaptureInputs.open(write(bytes, dir), "test.cap", 7);
            case MAPPED_SMALL_WINDOW -> CaptureInputs.open(write(bytes, dir), "test.cap", 61);
            case STREAM -> CaptureInputs.open(new ByteArrayInputStream(bytes), "test.cap");
            case TRICKLE_STREAM -> CaptureInputs.open(
                    new StreamInput(new Trickle(bytes), "test.cap", 16, true));
        };
    }

    private static Path write(byte[] bytes, Path dir) {
        try {
            Path f = Files.createTempFile(dir, "cap", ".bin");
            Files.write(f, bytes);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens and reads to the end; an exception at open counts as the ending error. */
    static Result read(Via via, byte[] bytes, Path dir) {
        PacketSource s;
        try {
            s = open(via, bytes, dir);
        } catch (CaptureException e) {
            return new Result(List.of(), e);
        }
        try (s) {
            return drain(s, bytes.length);
        }
    }

    /** Opens a file the way the CLI does and reads it to its end. */
    static Result drainOrOpenError(Path file) {
        try (PacketSource s = CaptureInputs.open(file)) {
            return drain(s, Long.MAX_VALUE);
        } catch (CaptureException e) {
            return new Result(List.of(), e);
        }
    }

    /**
     * Reads every packet, copying each. Stops with a failure after {@code maxPackets}: every
     * record takes at least 12 bytes, so a reader that yields more than the input's length in
     * packets is looping.
     */
    static Result drain(PacketSource s, long maxPackets) {
        var packets = new ArrayList<Pkt>();
        try {
            while (s.next()) {
                if (packets.size() > maxPackets) {
                    throw new AssertionError("reader yields more packets than the input has bytes");
                }
                byte[] data = new byte[s.capturedLength()];
                s.buffer().get(s.offset(), data);
                packets.add(new Pkt(s.timestampNanos(), s.linkType(), data, s.originalLength(), s.recordPosition()));
            }
        } catch (CaptureException e) {
            return new Result(packets, e);
        }
        return new Result(packets, null);
    }

    /** Returns 1 to 7 bytes per read, to exercise buffer compaction and refills. */
    static final class Trickle extends InputStream {
        private final byte[] bytes;
        private int pos;

        Trickle(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read() {
            return pos < bytes.length ? bytes[pos++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (pos >= bytes.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, 1 + pos % 7), bytes.length - pos);
            System.arraycopy(bytes, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
