package io.sluice.protocol;

import java.util.ArrayDeque;

/**
 * The content layer of one flow table: the registry of protocols, the settings, the pool of
 * out-of-order chunks, and a free list of per-connection {@link FlowDissection}s so that a warm
 * pipeline allocates none. Not thread-safe: one per flow table.
 */
public final class Dissection {
    private final DissectionConfig config;
    private final ProtocolRegistry registry;
    private final SegmentPool pool;
    private final ArrayDeque<FlowDissection> free = new ArrayDeque<>();
    private long opened, attached, deliveredBytes, gapBytes, droppedBytes;
    /**
     * The stream depth of each signature met so far, by identity: asked per attached connection,
     * and a map lookup by name was measurable there. The registry's signatures are few.
     */
    private ProtocolSignature[] depthSignatures = new ProtocolSignature[0];
    private long[] depths = new long[0];

    public Dissection(DissectionConfig config, ProtocolRegistry registry) {
        this.config = config;
        this.registry = registry;
        this.pool = new SegmentPool(config.poolBytes());
    }

    /** Whether any connection of this transport can be dissected at all. */
    public boolean wants(boolean overTcp) {
        return config.enabled() && registry.any(overTcp);
    }

    /** Content state for a new connection; give it back with {@link FlowDissection#close}. */
    public FlowDissection open(boolean overTcp, int origPort, int respPort) {
        FlowDissection d = free.pollLast();
        if (d == null) d = new FlowDissection(this);
        d.open(overTcp, origPort, respPort);
        opened++;
        return d;
    }

    void release(FlowDissection d, boolean hadDissector, StreamReassembler a, StreamReassembler b) {
        if (hadDissector) attached++;
        deliveredBytes += a.deliveredBytes() + b.deliveredBytes();
        gapBytes += a.gapBytes() + b.gapBytes();
        droppedBytes += a.droppedBytes() + b.droppedBytes();
        free.addLast(d);
    }

    /** {@link DissectionConfig#depthFor} of the signature's name, remembered per signature. */
    long depthFor(ProtocolSignature s) {
        for (int i = 0; i < depthSignatures.length; i++) if (depthSignatures[i] == s) return depths[i];
        long depth = config.depthFor(s.name());
        int n = depthSignatures.length;
        depthSignatures = java.util.Arrays.copyOf(depthSignatures, n + 1);
        depths = java.util.Arrays.copyOf(depths, n + 1);
        depthSignatures[n] = s;
        depths[n] = depth;
        return depth;
    }

    /** What the content layer did so far (connections closed so far only). */
    public Stats stats() {
        return new Stats(opened, attached, deliveredBytes, gapBytes, droppedBytes, pool.refused());
    }

    /**
     * @param connections connections whose content was looked at
     * @param dissected connections a dissector was attached to
     * @param deliveredBytes TCP stream bytes delivered in order
     * @param gapBytes TCP stream bytes never seen, delivered as gaps
     * @param droppedBytes out-of-order bytes dropped at a bound (they became gaps)
     * @param poolRefusals chunks refused because the pool's cap was reached
     */
    public record Stats(long connections, long dissected, long deliveredBytes, long gapBytes, long droppedBytes,
            long poolRefusals) {}

    public DissectionConfig config() {
        return config;
    }

    public ProtocolRegistry registry() {
        return registry;
    }

    public SegmentPool pool() {
        return pool;
    }

    public long opened() {
        return opened;
    }
}
