package io.sluice.pipeline;

import io.sluice.capture.CaptureException;
import io.sluice.capture.PacketSource;
import io.sluice.packet.LinkType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Crafted frames served as a {@link PacketSource}; can be told to fail like a damaged file. */
final class FramesSource implements PacketSource {
    private final String name;
    private final List<byte[]> frames = new ArrayList<>();
    private final List<Long> times = new ArrayList<>();
    private int linkType = LinkType.RAW;
    private int failAfter = -1;
    private int index = -1;
    private long position;
    private ByteBuffer buffer;

    FramesSource(String name) {
        this.name = name;
    }

    FramesSource add(double seconds, byte[] frame) {
        frames.add(frame);
        times.add(Math.round(seconds * 1e9));
        return this;
    }

    FramesSource linkType(int type) {
        linkType = type;
        return this;
    }

    /** Throws a CaptureException instead of returning the packet after the first {@code n}. */
    FramesSource failAfter(int n) {
        failAfter = n;
        return this;
    }

    @Override
    public boolean next() throws CaptureException {
        if (index + 1 == failAfter) throw new CaptureException(name, position, "record length exceeds the file");
        if (index + 1 >= frames.size()) return false;
        if (index >= 0) position += 16 + frames.get(index).length;
        index++;
        buffer = ByteBuffer.wrap(frames.get(index));
        return true;
    }

    @Override
    public long timestampNanos() {
        return times.get(index);
    }

    @Override
    public int linkType() {
        return linkType;
    }

    @Override
    public ByteBuffer buffer() {
        return buffer;
    }

    @Override
    public int offset() {
        return 0;
    }

    @Override
    public int capturedLength() {
        return frames.get(index).length;
    }

    @Override
    public int originalLength() {
        return frames.get(index).length;
    }

    @Override
    public long recordPosition() {
        return position;
    }

    @Override
    public long bytesRead() {
        return index < 0 ? 0 : position + 16 + frames.get(index).length;
    }

    @Override
    public long totalBytes() {
        long total = 0;
        for (byte[] f : frames) total += 16 + f.length;
        return total;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() {}
}
