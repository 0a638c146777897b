package io.sluice.protocol.vnc;

import io.sluice.protocol.Dissector;
import io.sluice.protocol.DissectorContext;
import java.nio.ByteBuffer;

/** Confirms "vnc" on the first ProtocolVersion message and then stops asking for bytes. */
final class VncDissector implements Dissector {
    private boolean done;

    @Override
    public void onData(boolean fromOrig, ByteBuffer buf, int offset, int length, DissectorContext ctx) {
        if (done) return;
        done = true;
        if (VncSignature.isBanner(buf, offset, length)) ctx.confirm("vnc");
    }

    @Override
    public boolean wantsMore() {
        return !done;
    }
}
