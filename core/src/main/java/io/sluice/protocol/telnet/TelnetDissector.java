package io.sluice.protocol.telnet;

import io.sluice.protocol.Dissector;
import io.sluice.protocol.DissectorContext;
import java.nio.ByteBuffer;

/**
 * Confirms "telnet" on the first option negotiation command and then stops asking for bytes: the
 * session's keystrokes (and any password in them) are not logged.
 */
final class TelnetDissector implements Dissector {
    private boolean done;

    @Override
    public void onData(boolean fromOrig, ByteBuffer buf, int offset, int length, DissectorContext ctx) {
        if (done) return;
        done = true;
        if (TelnetSignature.isNegotiation(buf, offset, length)) ctx.confirm("telnet");
    }

    @Override
    public boolean wantsMore() {
        return !done;
    }
}
