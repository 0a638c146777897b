package io.sluice.protocol;

/**
 * Settings of the content layer (stream reassembly, identification, dissectors).
 *
 * @param enabled false for flows-only runs ({@code --flows-only}): no reassembly, no dissectors;
 *     the flow layer still meters every packet and reports its own weirds
 * @param streamDepth bytes of each TCP direction inspected (relative stream offset); beyond it the
 *     direction is only metered and its buffers are freed. 1 MiB is Suricata's default
 *     {@code stream.reassembly.depth}
 * @param maxHeldBytes out-of-order bytes held per direction while waiting for a hole to fill;
 *     beyond it new out-of-order data is dropped (it reaches the dissector as a gap)
 * @param maxHeldSegments out-of-order segments (pool chunks) held per direction
 * @param poolBytes all out-of-order bytes held at once, across flows (the reassembly memcap;
 *     Suricata's {@code stream.reassembly.memcap} default is 256 MiB, ours is smaller because
 *     only out-of-order data is ever copied)
 * @param identifyBytes payload bytes per connection offered to the signatures before giving up
 *     (Zeek's {@code dpd_buffer_size}: 1024)
 * @param identifyChunks payload chunks (datagrams, or reassembled deliveries) per connection
 *     offered to the signatures before giving up
 */
public record DissectionConfig(boolean enabled, long streamDepth, int maxHeldBytes, int maxHeldSegments,
        long poolBytes, int identifyBytes, int identifyChunks) {

    public DissectionConfig {
        if (streamDepth < 0) throw new IllegalArgumentException("streamDepth must not be negative, was " + streamDepth);
        if (maxHeldBytes < 0 || maxHeldSegments < 0 || poolBytes < 0) {
            throw new IllegalArgumentException("reassembly limits must not be negative");
        }
    }

    public static DissectionConfig defaults() {
        return new DissectionConfig(true, 1L << 20, 256 * 1024, 128, 64L << 20, 1024, 10);
    }

    /** Flows only: the content layer is switched off. */
    public static DissectionConfig off() {
        return defaults().withEnabled(false);
    }

    public DissectionConfig withEnabled(boolean on) {
        return new DissectionConfig(on, streamDepth, maxHeldBytes, maxHeldSegments, poolBytes, identifyBytes,
                identifyChunks);
    }

    public DissectionConfig withStreamDepth(long depth) {
        return new DissectionConfig(enabled, depth, maxHeldBytes, maxHeldSegments, poolBytes, identifyBytes,
                identifyChunks);
    }

    public DissectionConfig withHeldLimits(int bytes, int segments, long pool) {
        return new DissectionConfig(enabled, streamDepth, bytes, segments, pool, identifyBytes, identifyChunks);
    }
}
