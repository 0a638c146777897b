package io.sluice.flow;

import io.sluice.event.DeferredText;

/**
 * A connection's Community ID, hashed when it is first read: the flow table captures the tuple on
 * the packet thread and the log writer (or a detector) makes the text on its own thread. Each
 * thread hashes with its own {@link CommunityId}, which keeps scratch buffers.
 */
final class FlowCommunityId extends DeferredText {
    private static final ThreadLocal<CommunityId[]> HASHERS = ThreadLocal.withInitial(() -> new CommunityId[1]);

    private final int seed;
    private final long origHi, origLo, respHi, respLo;
    private final int ipProto, origPort, respPort;
    private final boolean oneWayIcmp;

    FlowCommunityId(int seed, Flow f) {
        this.seed = seed;
        this.origHi = f.origHi;
        this.origLo = f.origLo;
        this.respHi = f.respHi;
        this.respLo = f.respLo;
        this.ipProto = f.ipProto;
        this.origPort = f.origPort;
        this.respPort = f.respPort;
        this.oneWayIcmp = f.oneWayIcmp;
    }

    @Override
    protected String compute() {
        CommunityId[] slot = HASHERS.get();
        CommunityId hasher = slot[0];
        if (hasher == null || hasher.seed() != (seed & 0xFFFF)) {
            hasher = new CommunityId(seed);
            slot[0] = hasher;
        }
        return hasher.compute(origHi, origLo, respHi, respLo, ipProto, origPort, respPort, oneWayIcmp);
    }
}
