package io.sluice.generate;

import io.sluice.capture.PcapWriter;
import io.sluice.packet.LinkType;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Collects the frames of one or more scenarios with their timestamps and writes them as one
 * time-ordered Ethernet capture. Scenarios interleave freely; ordering happens once at the end
 * (stable, so frames written for the same instant keep their order).
 */
public final class Timeline {
    private record Frame(long tsNanos, long order, byte[] bytes) {}

    private final List<Frame> frames = new ArrayList<>();
    private final List<Label> labels = new ArrayList<>();
    private final SplittableRandom random;
    private final long startNanos;
    private long order;

    public Timeline(long startNanos, long seed) {
        this.startNanos = startNanos;
        this.random = new SplittableRandom(seed);
    }

    /** The capture's start, nanoseconds since the epoch. */
    public long start() {
        return startNanos;
    }

    /** Source of randomness shared by scenarios, seeded so every run writes the same bytes. */
    public SplittableRandom random() {
        return random;
    }

    public void add(long tsNanos, byte[] frame) {
        frames.add(new Frame(tsNanos, order++, frame));
    }

    public void label(Label label) {
        labels.add(label);
    }

    public List<Label> labels() {
        return List.copyOf(labels);
    }

    public int size() {
        return frames.size();
    }

    /** Writes every frame in time order as a microsecond pcap. */
    public void writePcap(OutputStream out) throws IOException {
        var sorted = new ArrayList<>(frames);
        sorted.sort(Comparator.comparingLong(Frame::tsNanos).thenComparingLong(Frame::order));
        var writer = new PcapWriter(out, LinkType.ETHERNET, 65535, PcapWriter.Resolution.MICROS);
        for (Frame f : sorted) writer.write(f.tsNanos(), f.bytes(), 0, f.bytes().length, f.bytes().length);
        writer.flush();
    }
}
