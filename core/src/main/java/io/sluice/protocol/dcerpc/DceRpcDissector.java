package io.sluice.protocol.dcerpc;

import io.sluice.protocol.Dissector;
import io.sluice.protocol.DissectorContext;
import io.sluice.protocol.ntlm.NtlmSession;
import java.nio.ByteBuffer;

/** DCE/RPC directly over TCP (the endpoint mapper on 135, DCOM and other services on dynamic ports). */
public final class DceRpcDissector implements Dissector {
    private final NtlmSession ntlm = new NtlmSession();
    private final DceRpcSession session = new DceRpcSession(ntlm, null);

    @Override
    public void onData(boolean fromOrig, ByteBuffer buf, int offset, int length, DissectorContext ctx) {
        session.feed(fromOrig, buf, offset, length, ctx);
    }

    @Override
    public void onGap(boolean fromOrig, long bytes, DissectorContext ctx) {
        session.gap(fromOrig);
    }

    @Override
    public void onEnd(DissectorContext ctx) {
        session.onEnd(ctx);
        ntlm.onEnd(ctx);
    }

    @Override
    public boolean wantsMore() {
        return !(session.broken(true) && session.broken(false));
    }
}
