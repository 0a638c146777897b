package io.sluice.protocol.wol;

import io.sluice.protocol.Dissector;
import io.sluice.protocol.DissectorContext;
import java.nio.ByteBuffer;

/** Logs each datagram of the flow that carries a magic packet, up to {@link #MAX_LOGGED}. */
final class MagicPacketDissector implements Dissector {
    /** Tools send a magic packet a few times; a flood of them is counted by the flow, not logged. */
    static final int MAX_LOGGED = 16;
    private int logged;
    private boolean confirmed;

    @Override
    public void onData(boolean fromOrig, ByteBuffer buf, int offset, int length, DissectorContext ctx) {
        if (logged >= MAX_LOGGED) return;
        int at = MagicPackets.find(buf, offset, length);
        if (at < 0) return;
        if (!confirmed) {
            confirmed = true;
            ctx.confirm(MagicPacketSignature.NAME);
        }
        int after = length - at - MagicPackets.LENGTH;
        int password = after == 4 || after == 6 ? after : 0;
        var id = ctx.id();
        if (!fromOrig) id = new io.sluice.event.ConnId(id.respH(), id.respP(), id.origH(), id.origP());
        ctx.emit(new MagicPacket(ctx.tsNanos(), ctx.uid(), id, MagicPackets.target(buf, offset + at), at, password));
        logged++;
    }

    @Override
    public boolean wantsMore() {
        return logged < MAX_LOGGED;
    }
}
