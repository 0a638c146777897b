package io.sluice.protocol;

import java.nio.ByteBuffer;

/**
 * The connection inside a relay: once a proxy protocol (SOCKS) has set up its tunnel, the bytes
 * that follow belong to whatever the client speaks to the far end. They are identified by content
 * as a connection's first payload is ({@link DissectorContext#identifyTunnelled}), and the
 * dissector found gets them as if it had the connection to itself, so the conn record's service
 * reads "socks,ssl" as Zeek's does when its SOCKS analyzer hands the stream on.
 *
 * <p>Identification is tried on the first {@link #MAX_TRIES} chunks after the tunnel opened; if
 * none matches, the rest is only metered.
 */
public final class TunnelledStream {
    static final int MAX_TRIES = 4;

    private final int respPortHint;
    private Dissector inner;
    private int tries;

    /** @param respPortHint the port the tunnel leads to (breaks ties between signatures) */
    public TunnelledStream(int respPortHint) {
        this.respPortHint = respPortHint;
    }

    public void onData(boolean fromOrig, ByteBuffer buf, int offset, int length, DissectorContext ctx) {
        if (length <= 0) return;
        if (inner == null) {
            if (tries >= MAX_TRIES) return;
            tries++;
            ProtocolSignature s = ctx.identifyTunnelled(fromOrig, buf, offset, length, respPortHint);
            if (s == null) return;
            inner = s.create();
            if (inner == null) {
                tries = MAX_TRIES;
                return;
            }
        }
        if (inner.wantsMore()) inner.onData(fromOrig, buf, offset, length, ctx);
    }

    public void onGap(boolean fromOrig, long bytes, DissectorContext ctx) {
        // Before identification a lost chunk only costs that chunk: the other direction, or the
        // next message, may still show the protocol (a ServerHello after a lost ClientHello).
        if (inner != null && inner.wantsMore()) inner.onGap(fromOrig, bytes, ctx);
    }

    public void onPacket(boolean fromOrig, int payloadLength, boolean bareAck, DissectorContext ctx) {
        if (inner != null && inner.wantsMore()) inner.onPacket(fromOrig, payloadLength, bareAck, ctx);
    }

    public void onEnd(DissectorContext ctx) {
        if (inner != null) inner.onEnd(ctx);
    }

    public boolean wantsMore() {
        return inner == null ? tries < MAX_TRIES : inner.wantsMore();
    }

    /** True once the tunnelled protocol was identified. */
    public boolean identified() {
        return inner != null;
    }
}
